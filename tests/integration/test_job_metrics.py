"""Scheduled jobs are counted by id in the metrics, and their failures apart."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.jobs import run_logged
from tests.conftest import NOW, services_on
from tomatic.adapters.prometheus_metrics import PrometheusMetrics
from tomatic.domain.errors import PbxUnreachableError


class DownPbx:
    """A PBX nobody can reach."""

    def daily_stats(self, date: dt.date) -> None:
        return None

    async def status(self) -> list[object]:
        raise PbxUnreachableError(host="pbx.internal")

    async def set_members(self, members: list[tuple[str, str]]) -> None:
        raise PbxUnreachableError(host="pbx.internal")

    async def clear(self) -> None:
        raise PbxUnreachableError(host="pbx.internal")

    async def counters(self) -> object:
        raise PbxUnreachableError(host="pbx.internal")

    async def close(self) -> None:
        return None


async def test_jobs_are_counted_by_id_and_failures_apart(settings, stores, notifier, runner):
    metrics = PrometheusMetrics()
    services = services_on(settings, stores, notifier, runner, pbx=DownPbx(), metrics=metrics)
    try:
        await run_logged("daily-summary", services, NOW)
        with pytest.raises(PbxUnreachableError):
            await run_logged("close-queue", services, NOW.replace(hour=15))
    finally:
        await services.close()
    runs = {
        job: metrics.registry.get_sample_value("tomatic_job_runs_total", {"job": job})
        for job in ("daily-summary", "close-queue")
    }
    failures = {
        job: metrics.registry.get_sample_value("tomatic_job_failures_total", {"job": job})
        for job in ("daily-summary", "close-queue")
    }
    assert runs == {"daily-summary": 1, "close-queue": 1}
    assert failures == {"daily-summary": None, "close-queue": 1}

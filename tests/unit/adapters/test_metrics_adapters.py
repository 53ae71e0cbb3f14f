"""The metrics adapter and the seams feeding it: PBX/ERP calls timed at the port, Slack errors
counted in the client, planner runs and jobs counted once each."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from slack_sdk.errors import SlackApiError

from bot.slack_client import build_client
from tomatic.adapters.metered import Metered
from tomatic.adapters.prometheus_metrics import PrometheusMetrics
from tomatic.domain.errors import PbxUnreachableError
from tomatic.domain.runs import PlannerRun
from tomatic.services.run_metrics import RunMetrics


def sample(metrics: PrometheusMetrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


class FlakyPbx:
    """Answers `status`, fails `pause` as an unreachable PBX does."""

    def __init__(self) -> None:
        self.closed = False

    async def status(self) -> list[str]:
        return ["3001"]

    async def pause(self, extension: str, reason: str = "") -> None:
        raise PbxUnreachableError(host="pbx.internal")

    async def close(self) -> None:
        self.closed = True

    def daily_stats(self, date: object) -> None:
        return None


async def test_outside_calls_are_timed_and_their_failures_counted_by_kind():
    metrics = PrometheusMetrics()
    pbx = Metered(FlakyPbx(), "pbx", metrics)
    assert await pbx.status() == ["3001"]
    with pytest.raises(PbxUnreachableError):
        await pbx.pause("3001")
    assert (
        sample(
            metrics, "tomatic_outside_call_duration_seconds_count", system="pbx", operation="status"
        )
        == 1
    )
    assert (
        sample(
            metrics,
            "tomatic_outside_call_failures_total",
            system="pbx",
            operation="pause",
            error="PbxUnreachableError",
        )
        == 1
    )
    assert (
        sample(
            metrics,
            "tomatic_outside_call_failures_total",
            system="pbx",
            operation="status",
            error="PbxUnreachableError",
        )
        == 0
    )
    assert pbx.daily_stats(None) is None  # plain methods pass through untouched
    await pbx.close()
    assert pbx.inner.closed
    assert (
        sample(
            metrics, "tomatic_outside_call_duration_seconds_count", system="pbx", operation="close"
        )
        == 0
    )


def test_each_app_keeps_its_own_registry():
    first, second = PrometheusMetrics(), PrometheusMetrics()
    first.command("who", "ok")
    assert sample(first, "tomatic_commands_total", command="who", outcome="ok") == 1
    assert sample(second, "tomatic_commands_total", command="who", outcome="ok") == 0
    assert b"tomatic_commands_total" in first.exposition()


async def test_an_ended_planner_run_is_counted_once_with_its_duration():
    metrics = PrometheusMetrics()
    observer = RunMetrics(metrics)
    run = PlannerRun(
        id="r1", week="2026-11-30", state="running", started_at="2026-11-26T10:00:00+00:00"
    )
    await observer.on_run(run)
    done = run.model_copy(update={"state": "done", "finished_at": "2026-11-26T10:00:42+00:00"})
    await observer.on_run(done)
    await observer.on_run(done)
    assert sample(metrics, "tomatic_planner_runs_total", outcome="done") == 1
    assert sample(metrics, "tomatic_planner_run_duration_seconds_sum") == 42
    assert sample(metrics, "tomatic_planner_runs_total", outcome="running") == 0


async def test_slack_api_errors_are_counted_by_method_and_error(aiohttp_server):
    async def api(request: web.Request) -> web.Response:
        if request.match_info["method"] == "chat.postMessage":
            return web.json_response({"ok": False, "error": "channel_not_found"})
        return web.json_response({"ok": True})

    slack = web.Application()
    slack.router.add_post("/api/{method}", api)
    server = await aiohttp_server(slack)
    metrics = PrometheusMetrics()
    client = build_client("xoxb-t", str(server.make_url("/api/")), metrics=metrics)
    await client.auth_test()
    with pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="C0", text="hello")
    await asyncio.sleep(0)
    assert (
        sample(
            metrics,
            "tomatic_slack_api_errors_total",
            method="chat.postMessage",
            error="channel_not_found",
        )
        == 1
    )
    assert (
        sample(
            metrics, "tomatic_slack_api_errors_total", method="auth.test", error="channel_not_found"
        )
        == 0
    )

"""The scheduler: APScheduler 3 on the app's event loop, jobs derived from the configuration."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable

import structlog
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import run_logged
from tomatic.domain.config import PlanningConfig
from tomatic.domain.schedule import JobSpec, job_specs
from tomatic.services import Services

log = structlog.get_logger("tomatic.scheduler")
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)


def trigger_of(spec: JobSpec, zone: dt.tzinfo) -> BaseTrigger:
    """One cron trigger per rule, combined: fires at any of them."""
    crons = [
        CronTrigger(day_of_week=c.days, hour=c.hour, minute=c.minute, timezone=zone)
        for c in spec.crons
    ]
    return crons[0] if len(crons) == 1 else OrTrigger(crons)


def next_runs(
    config: PlanningConfig, zone: dt.tzinfo, now: dt.datetime
) -> list[tuple[str, dt.datetime | None]]:
    """Every job id with its next run after `now` (for `tomatic jobs`)."""
    return [
        (spec.id, trigger_of(spec, zone).get_next_fire_time(None, now))
        for spec in job_specs(config)
    ]


def register_jobs(scheduler: AsyncIOScheduler, services: Services, zone: dt.tzinfo) -> list[str]:
    """Add (or replace) every job under its stable id; returns the ids."""
    added = []
    for spec in job_specs(services.config):
        scheduler.add_job(
            run_logged,
            trigger_of(spec, zone),
            args=[spec.id, services],
            id=spec.id,
            name=spec.id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=spec.grace_seconds,
        )
        added.append(spec.id)
    return added


async def catch_up(services: Services) -> None:
    """A restart mid-turn still loads the running turn (once: skipped if already loaded)."""
    try:
        outcome = await services.operations.catch_up(services.now())
        log.info("catch-up", outcome=outcome.key.rsplit(".", 1)[-1], **outcome.params)
    except Exception:  # a PBX or database hiccup at start must not stop the service
        log.exception("catch-up failed")


def scheduler_ctx(
    services: Services, zone: dt.tzinfo
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The `cleanup_ctx` owning the scheduler: start, catch up on the running turn, stop."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        scheduler = AsyncIOScheduler(timezone=zone)
        ids = register_jobs(scheduler, services, zone)
        scheduler.start()
        app[SCHEDULER] = scheduler
        log.info("scheduler started", jobs=ids)
        await catch_up(services)
        yield
        scheduler.shutdown(wait=False)

    return context

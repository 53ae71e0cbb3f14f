"""The automated jobs: one service call each, "now" unless told another time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import structlog

from bot.sandbox import DemoAction
from bot.slack_pacing import bulk_sending
from tomatic.domain import schedule
from tomatic.domain.timetable import next_turns
from tomatic.i18n import t
from tomatic.i18n.formats import date_text, localised_params
from tomatic.services import Services
from tomatic.services.outcomes import Outcome

log = structlog.get_logger("tomatic.jobs")

Job = Callable[[Services, dt.datetime | None], Awaitable[Outcome]]


async def start_turn_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Load the running turn into the PBX queue."""
    return await services.operations.start_turn(at or services.now())


async def warn_turn_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Remind the channel and the people of the next turn."""
    return await services.operations.warn_next_turn(at or services.now())


async def expire_swaps_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Close the swap offers nobody took before their turn started."""
    expired = await services.swaps.expire(at or services.now())
    return Outcome("swap.outcome.expired", {"count": len(expired)})


async def monitor_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Alert about disconnected people on turn."""
    return await services.operations.monitor(at or services.now())


async def close_queue_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Empty the queue at closing time."""
    return await services.operations.close_day(at or services.now())


async def daily_summary_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Post the day's summary."""
    return await services.operations.daily_summary((at or services.now()).date())


async def weekly_plan_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Plan next week unless published."""
    return await services.operations.weekly_plan(at or services.now())


async def reload_extensions_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Rebuild the queue from the stored extensions."""
    return await services.operations.reload_extensions(at or services.now())


async def backup_database_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Copy the database into the backup folder, keeping the newest copies."""
    assert services.backups is not None, "build_services wires the backups"
    return await services.backups.back_up(at or services.now())


async def purge_calls_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Delete the call records older than TOMATIC_CALL_RETENTION_DAYS."""
    return await services.callinfo.purge_old_calls(at or services.now())


async def slack_sync_job(services: Services, at: dt.datetime | None = None) -> Outcome:
    """Link everyone to their Slack account by e-mail; yesterday's misses are asked again."""
    if not services.linking.enabled:
        return Outcome("slack.outcome.not_configured")
    with bulk_sending():
        report = await services.linking.sync()
    params = {"people": len(report.outcomes), "linked": report.linked}
    params |= {state: len(report.of(state)) for state in ("unknown", "deactivated", "failed")}
    return Outcome("slack.outcome." + ("sync_failed" if params["failed"] else "synced"), params)


JOBS: dict[str, Job] = {
    schedule.TURN_WARNING: warn_turn_job,
    schedule.TURN_START: start_turn_job,
    schedule.EXPIRE_SWAPS: expire_swaps_job,
    schedule.MONITOR: monitor_job,
    schedule.CLOSE_QUEUE: close_queue_job,
    schedule.DAILY_SUMMARY: daily_summary_job,
    schedule.WEEKLY_PLAN: weekly_plan_job,
    schedule.RELOAD_EXTENSIONS: reload_extensions_job,
    schedule.BACKUP_DATABASE: backup_database_job,
    schedule.PURGE_CALLS: purge_calls_job,
    schedule.SLACK_SYNC: slack_sync_job,
}


async def run_logged(job_id: str, services: Services, at: dt.datetime | None = None) -> Outcome:
    """Run one job by id with one log line of what it did (what the scheduler calls), and
    count the run (and its failure) in the metrics."""
    try:
        outcome = await JOBS[job_id](services, at)
    except Exception:
        services.metrics.job(job_id, failed=True)
        raise
    name = outcome.key.rsplit(".", 1)[-1]
    failed = name.endswith("_failed")
    services.metrics.job(job_id, failed=failed)
    report = log.error if failed else log.info
    report("job", job_id=job_id, outcome=name, **outcome.params)
    return outcome


def describe(outcome: Outcome, lang: str) -> str:
    """An outcome as a sentence (an `error` with `error_params` is a message key too); dates
    as the language writes them."""
    params = dict(outcome.params)
    if "error_params" in params:
        error_params = localised_params(lang, params.pop("error_params"))
        params["error"] = t(lang, str(params.get("error")), **error_params)
    return t(lang, outcome.key, **localised_params(lang, params))


async def next_working_turn(services: Services, after: dt.datetime) -> dt.datetime | None:
    """The start of the next turn after `after` on a working day (within a fortnight)."""
    working: dict[dt.date, bool] = {}
    for date, hour in next_turns(services.config.hours, after):
        if date not in working:
            working[date] = await services.operations.working_day(date)
        if working[date]:
            start = dt.time.fromisoformat(services.config.hours[hour])
            return dt.datetime.combine(date, start, tzinfo=after.tzinfo)
    return None


async def advance_to(services: Services, at: dt.datetime) -> str:
    """Demo: the reminder, then the queue load, as if the turn starting at `at` were starting."""
    lead = dt.timedelta(minutes=services.config.warning_minutes)
    warned = await run_logged(schedule.TURN_WARNING, services, at - lead)
    loaded = await run_logged(schedule.TURN_START, services, at)
    lang = services.language
    moved = t(lang, "operations.outcome.advanced", time=f"{at:%H:%M}", date=date_text(lang, at))
    return f"{moved} {describe(warned, lang)} {describe(loaded, lang)}"


def advance_clock_action(services: Services) -> DemoAction:
    """The sandbox button "Advance clock to next turn": each press moves one turn further."""
    reached: list[dt.datetime] = []

    async def handler(user_id: str) -> str | None:
        after = max([services.now(), *reached[-1:]])
        at = await next_working_turn(services, after)
        if at is None:
            return "No turn ahead."
        reached.append(at)
        return await advance_to(services, at)

    return DemoAction(id="advance-clock", label="Advance clock to next turn", handler=handler)

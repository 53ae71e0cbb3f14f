"""A contact-centre week end to end with the real planner in its worker: 300 people, 8 turns
of 40 lines. The first progress message shows a timetable (long before the run ends), and a
re-plan after one new absence changes only the absent person's cells. Timings: bench/."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from unittest.mock import AsyncMock

import pytest

from bot.workers import ProcessPoolSolverRunner
from handlers import ids
from handlers.actions.plan import STEPS, listener
from handlers.blocks.plan import plan_progress_message
from tests.conftest import ZONE, make_settings
from tests.fakes import FakeNotifier
from tests.support.bigteam import team
from tests.support.blockkit import assert_message_ok
from tomatic.adapters.memory import memory_stores
from tomatic.domain.model import BusyEntry, Person

WEEK = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZONE)
HOURS = ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
CONFIG = f"hours: {HOURS}\nlines: 40\nmax_per_day: 2\ntime_limit_s: 120\n"
PATIENCE_S = 300
"""How long the test waits for what it expects before calling it a hang (not a timing goal)."""


@pytest.fixture
async def big(tmp_path: Path):
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    settings = make_settings(tmp_path, TOMATIC_CONFIG=str(config))
    stores, notifier = memory_stores(), FakeNotifier()
    for fields in team(300):
        await stores.persons.save(Person(**fields), "test")
    runner = ProcessPoolSolverRunner(workers=1)
    from bot.container import build_services

    services = build_services(
        settings, notifier, None, stores=stores, now=lambda: NOW, runner=runner
    )
    yield services, stores, notifier
    await services.close()
    runner.close()


async def show_best(services, run_id: str) -> dict:
    """Press Show on the run's message, as bolt would."""
    ack, respond = AsyncMock(), AsyncMock()
    body = {"user": {"id": "U0000000"}, "actions": [{"action_id": ids.PLAN_SHOW_BEST,
            "value": run_id}], "channel": {"id": "D0"}, "container": {"is_ephemeral": False}}  # fmt: skip
    step, replaces = STEPS[ids.PLAN_SHOW_BEST]
    await listener(step, replaces)(ack, body, None, {"services": services}, respond)
    return respond.await_args.kwargs


async def until(condition, what: str) -> None:
    for _ in range(PATIENCE_S * 10):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def test_a_300_person_week_shows_a_timetable_while_planning_and_replans_narrowly(big):
    services, stores, notifier = big
    coordinator = await stores.persons.get("opaxx")
    assert coordinator is not None and coordinator.is_admin
    started = await services.plans.start(coordinator, WEEK, "ca")
    run_id = started.run.id

    def first_timetable():
        return next((u[2] for u in notifier.updates if u[2].get("holes") is not None), None)

    await until(first_timetable, "a progress message with a timetable")
    shown = first_timetable()
    assert shown["state"] == "running" and shown["cost"] is not None
    _, blocks = plan_progress_message(shown, "ca")
    assert_message_ok(blocks, "the progress message of a 300-person week")
    best = await services.plans.best(coordinator, run_id)
    assert len(best.cells) == 5 and best.lines == 40
    shown = await show_best(services, run_id)  # too big for text: its image comes by DM
    assert shown["text"].startswith("Week of 30/11/2026")
    assert "40" in shown["blocks"][0]["text"]["text"]
    [(where, _, png)] = notifier.files
    assert where == coordinator.slack_user_id and png.startswith(b"\x89PNG")
    stopped = await services.plans.stop(coordinator, run_id)  # False: it had ended already
    done = await asyncio.wait_for(services.planning.wait(run_id), PATIENCE_S)
    assert done.state == ("cancelled" if stopped else "done") and done.version is not None
    _, blocks = plan_progress_message(notifier.updates[-1][2], "ca")
    assert_message_ok(blocks, "the summary of a 300-person week")

    await services.timetable.publish(coordinator, WEEK, done.version, announce=False)
    _, table = await services.timetable.published(WEEK)
    absent = next(p for p in table.cells["dx"][3] if p is not None)
    held = {(d, h, line) for d, h, line in table.turns_of(absent) if d in ("dx", "dj", "dv")}
    await stores.busy.add(
        BusyEntry(person=absent, date=dt.date(2026, 12, 2), turns="1" * 8, optional=False,
                  reason="Sick"), "test"
    )  # fmt: skip
    result = await services.replan.replan(coordinator, dt.date(2026, 12, 2), time_limit=60)
    must = {(d, h, line) for d, h, line in held if d == "dx"}
    moved = {(c.day, c.hour, c.line) for c in result.changes if c.old is not None}
    assert moved == must  # nobody else's turn moved; the absent person's cells changed
    assert all(c.old == absent for c in result.changes if c.old is not None)

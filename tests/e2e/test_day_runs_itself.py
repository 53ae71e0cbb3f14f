"""The day runs itself, end to end: the real app against the Slack sandbox, and the CLI."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

from bot.cli import main as cli_main
from bot.jobs import advance_to
from bot.scheduler import SCHEDULER
from tests.conftest import REPO
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable

HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]
FUTURE = dt.date(2030, 1, 7)  # a Monday far from the real clock the stack runs on


async def publish(stack: Any, week: dt.date) -> None:
    """Bernat then Anna on every first turn of the week; the rest empty."""
    table = Timetable.empty(week, list(WEEKDAYS), HOURS, 2)
    for day in WEEKDAYS:
        table.cells[day][0] = ["bernat", "anna"]
    SqliteTimetables(stack.db).save(table, "published", "anna")


def home_text(stack: Any, user: str) -> str:
    view = stack.sandbox.home(user)
    return json.dumps(view.blocks, ensure_ascii=False) if view else ""


async def test_opening_app_home_shows_my_next_turns(team) -> None:
    next_week = monday_of(dt.date.today()) + dt.timedelta(days=7)
    await publish(team, next_week)
    await team.sandbox.open_home("U0BERNAT")
    shown = f"{next_week.day}/{next_week.month}/{next_week.year}"  # as Spanish writes dates
    await team.sandbox.wait_for(lambda: shown in home_text(team, "U0BERNAT"))
    text = home_text(team, "U0BERNAT")
    assert "Tus próximos turnos" in text  # Bernat reads Spanish
    assert "09:00–10:15" in text and "línea 1" in text
    assert "tomatic.home.plan" not in text  # shortcuts are for coordinators
    await team.sandbox.open_home("U0ANNA")
    await team.sandbox.wait_for(lambda: "tomatic.home.reload_queue" in home_text(team, "U0ANNA"))
    assert "tomatic.home.plan" not in home_text(team, "U0ANNA")  # next week is published


async def test_says_posts_to_the_team_channel_for_coordinators_only(team) -> None:
    refused = await team.command("U0BERNAT", "says hello")
    assert "coordinador" in refused[-1].lower()
    replies = await team.command("U0ANNA", "diu Bon dia, equip!")
    channel = team.sandbox.team_channel
    assert any("Bon dia, equip!" in m.text for m in team.sandbox.messages(channel))
    assert "canal" in replies[-1].lower()
    await team.command("U0ANNA", "says Two lines:\n  - keep the spacing")
    assert any(m.text == "Two lines:\n  - keep the spacing" for m in team.sandbox.messages(channel))


async def test_the_scheduler_registers_every_job_under_its_stable_id(team) -> None:
    jobs = {job.id for job in team.app[SCHEDULER].get_jobs()}
    assert {"turn-start", "turn-warning", "monitor", "close-queue", "daily-summary",
            "weekly-plan"} <= jobs  # fmt: skip


async def test_advancing_to_a_turn_reminds_on_slack_and_loads_the_queue(team) -> None:
    await team.command("U0BERNAT", "busy")  # binds the Slack accounts for mentions and DMs
    await team.command("U0ANNA", "busy")
    await publish(team, FUTURE)
    zone = team.services.now().tzinfo
    said = await advance_to(team.services, dt.datetime(2030, 1, 7, 9, 0, tzinfo=zone))
    assert "2 in the queue" in said or "2 a la cua" in said or "2 en la cola" in said
    channel = team.sandbox.messages(team.sandbox.team_channel)
    assert any("<@U0BERNAT>, <@U0ANNA>" in m.text for m in channel), [m.text for m in channel]
    await team.sandbox.wait_for(lambda: team.sandbox.dms("U0BERNAT"))
    board = await team.services.queue.board()
    assert [entry.extension for entry in board] == ["3002", "3001"]


async def run_cli(*argv: str) -> int:
    return await asyncio.to_thread(cli_main, list(argv))


async def test_cli_lists_jobs_and_runs_turn_start_as_if_at(team, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TOMATIC_DB", str(team.tmp / "tomatic.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))
    await publish(team, FUTURE)
    assert await run_cli("jobs") == 0
    listed = capsys.readouterr().out
    for job_id in ("turn-start", "turn-warning", "monitor", "daily-summary", "weekly-plan",
                   "close-queue"):  # fmt: skip
        assert job_id in listed
    assert await run_cli("run-job", "turn-start", "--at", "2030-01-08 10:00") == 0
    assert "Turn 09:00–10:15 of 8/1/2030 loaded: 2 in the queue" in capsys.readouterr().out
    assert await run_cli("run-job", "turn-warning", "--at", "2030-01-08 08:55") == 0
    first = capsys.readouterr().out
    assert "#team: :telephone_receiver: Turn change in 5 min" in first
    assert await run_cli("run-job", "turn-warning", "--at", "2030-01-08 08:55") == 0
    assert "#team" not in capsys.readouterr().out  # never twice, even from another process


async def test_my_pause_button_and_busy_removal_on_home_redraw_it(team) -> None:
    await team.services.queue.load(["anna", "bernat"])
    await team.command("U0ANNA", "busy add dj 0001 required Dentist")
    await team.sandbox.open_home("U0ANNA")
    await team.sandbox.wait_for(lambda: "tomatic.home.pause" in home_text(team, "U0ANNA"))
    await team.sandbox.click("U0ANNA", team.sandbox.home("U0ANNA"), "tomatic.home.pause")
    await team.sandbox.wait_for(lambda: "tomatic.home.resume" in home_text(team, "U0ANNA"))
    assert [e.paused for e in await team.services.queue.board()] == [True, False]
    busy = SqliteBusy(team.db)
    entry = busy.all()[0]
    home = team.sandbox.home("U0ANNA")
    await team.sandbox.click("U0ANNA", home, "tomatic.busy.remove", value=entry.id)
    await team.sandbox.wait_for(lambda: f'"value": "{entry.id}"' not in home_text(team, "U0ANNA"))
    assert busy.all() == []

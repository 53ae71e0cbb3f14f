"""Call statistics end to end: the day's jobs sample the counters of an Asterisk over SSH
(the local stand-in), and `/tomatic stats week` shows them with a chart."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.jobs import run_logged
from tests.e2e.test_queue_over_ssh import HOURS, QUEUE
from tests.e2e.test_queue_over_ssh import pbx_server as pbx_server  # a fixture
from tests.e2e.test_queue_over_ssh import ssh_team as ssh_team  # a fixture
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain import schedule
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable

WEEK = monday_of(dt.date.today()) - dt.timedelta(days=7)  # last week: over, with statistics
TUESDAY = WEEK + dt.timedelta(days=1)


async def publish_last_week(stack) -> None:
    """Anna and Bernat on Tuesday's first two turns."""
    table = Timetable.empty(WEEK, list(WEEKDAYS), HOURS, 2)
    table.cells["dm"][0] = ["anna", "bernat"]
    table.cells["dm"][1] = ["bernat", "anna"]
    SqliteTimetables(stack.db).save(table, "published", "anna")


async def job(stack, job_id: str, hhmm: str) -> None:
    zone = stack.services.now().tzinfo
    at = dt.datetime.combine(TUESDAY, dt.time.fromisoformat(hhmm), tzinfo=zone)
    await run_logged(job_id, stack.services, at)


def calls(asterisk, extension: str, count: int) -> None:
    for _ in range(count):
        asterisk.complete_call(QUEUE, f"SIP/{extension}", hold=20, talk=150)


@pytest.mark.usefixtures("pbx_server")
async def test_stats_week_shows_sampled_answered_and_abandoned_calls_and_a_chart(
    ssh_team, pbx_server
) -> None:
    asterisk = pbx_server.asterisk
    await publish_last_week(ssh_team)
    calls(asterisk, "3001", 0)
    asterisk.stats[QUEUE].completed, asterisk.stats[QUEUE].abandoned = 500, 40  # since start

    await job(ssh_team, schedule.TURN_START, "09:00")  # opening: loads Anna and Bernat
    assert sorted(asterisk.queues[QUEUE]) == ["SIP/3001", "SIP/3002"]
    calls(asterisk, "3001", 4)
    calls(asterisk, "3002", 2)
    asterisk.abandon(QUEUE, 1)
    await job(ssh_team, schedule.MONITOR, "10:00")  # the hour's sample
    calls(asterisk, "3002", 3)
    asterisk.restart()  # counters back to 0
    calls(asterisk, "3001", 1)
    asterisk.abandon(QUEUE, 2)
    await job(ssh_team, schedule.TURN_START, "10:15")  # turn change
    calls(asterisk, "3002", 5)
    await job(ssh_team, schedule.CLOSE_QUEUE, "14:00")  # closing, then the summary
    await job(ssh_team, schedule.DAILY_SUMMARY, "14:10")

    # 6 answered and 1 abandoned before 10:00, 1 and 2 across the restart, 5 after 10:15;
    # Bernat's 3 calls just before the restart were never sampled: they cannot be counted.
    summary = ssh_team.sandbox.messages(ssh_team.sandbox.team_channel)[-1].text
    assert "15 received, 12 answered, 3 abandoned (80% answered)" in summary

    replies = await ssh_team.command("U0ANNA", f"estadistiques setmana {TUESDAY.isoformat()}")

    text = replies[-1]
    assert "*Rebudes*\\n15" in text and "*Contestades*\\n12" in text
    assert "*Abandonades*\\n3" in text and "*Percentatge contestat*\\n80%" in text
    assert "Bernat Roig (3002) · 7 trucades" in text and "Anna D'Alòs (3001) · 5 trucades" in text
    assert "La centraleta s'ha reiniciat 1 vegades" in text
    uploads = [f for m in ssh_team.sandbox.dms("U0ANNA") for f in m.files]  # typed in the DM
    assert [f.name for f in uploads] == [f"calls-{WEEK.isoformat()}.png"]
    assert uploads[0].content.startswith(b"\x89PNG")


async def test_stats_of_a_day_without_samples_say_why(ssh_team) -> None:
    a_year_ago = TUESDAY - dt.timedelta(weeks=52)

    replies = await ssh_team.command("U0BERNAT", f"stats day {a_year_ago.isoformat()}")

    shown = f"{a_year_ago.day}/{a_year_ago.month}/{a_year_ago.year}"  # as Spanish writes it
    expected = f"No hay estadísticas de llamadas del {shown}"
    assert expected in json.dumps(replies, ensure_ascii=False)

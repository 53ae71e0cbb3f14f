"""`/tomatic stats`: a day's or a week's calls, inside Slack's limits, with the week's chart."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers.blocks import operations  # noqa: F401 - registers the summary
from handlers.blocks.messages import render
from handlers.blocks.stats import stats_blocks
from handlers.commands.slash import handle_tomatic
from tests.conftest import NOW, ZONE
from tests.fakes import RecordingClient
from tests.support.bigteam import team as big_team
from tests.support.blockkit import assert_message_ok
from tests.support.slack import RESPONSE_URL, as_bolt
from tomatic.domain.model import Person
from tomatic.domain.queue import QueueCounters
from tomatic.domain.stats import QueueSample, SampleReason

THURSDAY = NOW.date()


async def keep(
    stores, day: dt.date, hhmm: str, completed: int, abandoned: int, members: dict[str, int]
) -> None:
    at = dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=ZONE)
    counters = QueueCounters(
        completed=completed, abandoned=abandoned, holdtime=25, talktime=190, members=members
    )
    await stores.samples.add(QueueSample(at=at, reason=SampleReason.TURN, counters=counters))


@pytest.fixture
async def team(services, stores, coordinator, operator) -> Any:
    await stores.persons.save(coordinator.model_copy(update={"slack_user_id": "U0ANNA"}), "t")
    await stores.persons.save(operator.model_copy(update={"slack_user_id": "U0BERNAT"}), "t")
    monday = THURSDAY - dt.timedelta(days=3)
    await keep(stores, monday, "09:00", 0, 0, {"3002": 0})
    await keep(stores, monday, "14:00", 30, 2, {"3002": 30})
    await keep(stores, THURSDAY, "09:00", 30, 2, {"3002": 0})
    await keep(stores, THURSDAY, "10:00", 50, 3, {"3002": 20})
    return services


async def stats(services, user: str, text: str) -> dict[str, Any]:
    """Run `/tomatic <text>` as bolt would (failures through the one error handler)."""
    respond, client = AsyncMock(), RecordingClient()
    command = {
        "text": text,
        "user_id": user,
        "channel_id": "C1",
        "trigger_id": "T1",
        "response_url": RESPONSE_URL,
    }
    context = {"services": services}
    work = handle_tomatic(AsyncMock(), command, respond, client, context)
    await as_bolt(work, command, context, client, respond)
    return respond.await_args.kwargs


async def test_the_day_has_totals_hours_and_people(team) -> None:
    reply = await stats(team, "U0BERNAT", "stats")

    blocks = reply["blocks"]
    assert_message_ok(blocks)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Calls of 26/11/2026" in reply["text"]
    assert "*Received*\\n21" in text and "*Answered*\\n20" in text and "*Abandoned*\\n1" in text
    assert "*Answer rate*\\n95%" in text and "*Average wait*\\n25 s" in text
    assert "`09:00` ▇▇▇▇▇▇▇▇▇▇▇▇ 20 answered · 1 abandoned" in text
    assert "Bernat (3002) · 20 calls" in text
    assert team.notifier.files == []  # a day comes without a chart


async def test_the_week_adds_the_days_and_shares_a_chart(team) -> None:
    reply = await stats(team, "U0ANNA", "estadistiques setmana")

    blocks = reply["blocks"]
    assert_message_ok(blocks)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Calls of the week 23/11/2026 – 29/11/2026" in reply["text"]
    assert "*Received*\\n53" in text
    assert "Mon 23/11/2026 · 30 answered · 2 abandoned" in text
    assert "Thu 26/11/2026 · 20 answered · 1 abandoned" in text
    [(where, filename, png)] = team.notifier.files
    assert (where, filename) == ("C1", "calls-2026-11-23.png")
    assert png.startswith(b"\x89PNG")


async def test_a_period_without_samples_says_so_and_why(team) -> None:
    reply = await stats(team, "U0BERNAT", "stats week last")

    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "No call statistics for 16/11/2026 – 22/11/2026" in text
    assert team.notifier.files == []


async def test_a_day_read_once_is_named_once_with_the_real_reason(team, stores) -> None:
    await keep(stores, THURSDAY - dt.timedelta(days=2), "09:00", 0, 0, {"3002": 0})

    reply = await stats(team, "U0BERNAT", "stats 2026-11-24")

    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "No call statistics for 24/11/2026: they need at least two readings" in text
    assert "24/11/2026 – 24/11/2026" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stats week next", "30/11/2026 has not come yet"),
        ("stats 1999-01-01", "1999-01-01 is more than 2 years away"),
        ("stats fortnight", "I don't understand `fortnight` as a day"),
        ("stats week last please", "“last please” is not understood"),
    ],
)
async def test_bad_periods_get_a_sentence(team, text, expected) -> None:
    reply = await stats(team, "U0BERNAT", text)

    assert reply["text"].startswith(":warning: ") and expected in reply["text"]


async def test_strangers_are_not_told_the_numbers(team) -> None:
    reply = await stats(team, "U0STRANGER", "stats")

    assert "Calls of" not in reply["text"] and reply.get("blocks") is None


async def test_three_hundred_people_fit_with_an_n_more_line(services, stores) -> None:
    for fields in big_team(300):
        await stores.persons.save(Person(**fields), "test")
    members = {str(4000 + i): 0 for i in range(300)}
    await keep(stores, THURSDAY, "09:00", 0, 0, members)
    await keep(stores, THURSDAY, "14:00", 900, 40, {ext: 3 for ext in members})

    reply = await stats(services, "U0000000", "stats day")

    assert_message_ok(reply["blocks"])
    assert "and 200 more" in json.dumps(reply["blocks"])


async def test_the_report_speaks_catalan_and_spanish(team) -> None:
    report = await team.stats.report(["week"])

    catalan = json.dumps(stats_blocks(report, "ca"), ensure_ascii=False)
    spanish = json.dumps(stats_blocks(report, "es"), ensure_ascii=False)

    assert "Trucades de la setmana" in catalan and "dj. 26/11/2026 · 20 contestades" in catalan
    assert "Llamadas de la semana" in spanish and "ju. 26/11/2026 · 20 contestadas" in spanish


def test_the_daily_summary_writes_the_date_as_the_language_does() -> None:
    figures = {"available": True, "received": 12, "answered": 10, "lost": 2, "rate": "83%"}
    said, _ = render("operations.summary", {"date": "2026-11-26", **figures}, "ca")
    unknown, _ = render("operations.summary", {"date": "2026-11-26", "available": False}, "es")

    assert "Trucades del 26/11/2026: 12 rebudes" in said
    assert "No hay estadísticas de llamadas del 26/11/2026" in unknown

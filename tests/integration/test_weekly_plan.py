"""The weekly planning job with the real planner in a worker: publish, tell, never twice."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import ZONE
from tests.support.timetable_team import NEXT_WEEK, make_team

SUNDAY_NIGHT = dt.datetime(2026, 11, 29, 22, 0, tzinfo=ZONE)


@pytest.fixture
async def planned(services):
    # eight people of load 5 fill a week of two lines exactly
    services.config.lines = 2
    return services


async def test_a_complete_week_is_published_announced_and_planned_once(planned, stores):
    services = planned
    await make_team(services)
    outcome = await services.operations.weekly_plan(SUNDAY_NIGHT)
    timetables = stores.timetables
    published = await timetables.published(NEXT_WEEK)
    assert published is not None, outcome
    version, table = published
    assert table.holes() == 0
    recipients = {who for who, _, _ in services.notifier.sent}
    assert {
        "#team",
        "anna",
        "bernat",
        "hug",
    } <= recipients  # announced, turns DMed, coordinator told
    sent_before = len(services.notifier.sent)
    again = await services.operations.weekly_plan(SUNDAY_NIGHT)
    assert len(services.notifier.sent) == sent_before, again
    assert (await timetables.published(NEXT_WEEK))[0] == version


async def test_a_week_that_cannot_be_planned_tells_the_coordinators_why(services):
    from bot.jobs import describe
    from handlers.blocks.operations import weekly_plan

    anna = await services.persons.create(None, "anna", {"name": "Anna", "groups": ["admin"],
                                                        "slack_user_id": "U0ANNA"})  # fmt: skip
    outcome = await services.operations.weekly_plan(SUNDAY_NIGHT)
    assert outcome.key == "operations.outcome.plan_failed"
    assert "Nobody in the team has an ideal load" in describe(outcome, "en")
    [(to, kind, payload)] = [s for s in services.notifier.sent if s[1] == "operations.weekly_plan"]
    assert to == anna.id
    text, _ = weekly_plan(payload, "es")
    assert "Nadie del equipo tiene carga ideal" in text and "plan.no_ideal_loads" not in text
    monday = f"{NEXT_WEEK.day}/{NEXT_WEEK.month}/{NEXT_WEEK.year}"
    assert f"la semana del {monday}" in text and NEXT_WEEK.isoformat() not in text
    assert f"the week of {monday}" in describe(outcome, "en")

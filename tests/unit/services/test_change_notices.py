"""Every change to a published week is told: whose turns changed get a DM, today's and
tomorrow's changes a note in the team channel; the past is not rewritten."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import NOW
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.swaps import CellRuleError
from tomatic.services.notices import ChangeNotices, NoticedTimetables

TODAY = NOW.date()  # Thursday 26/11/2026, 10:00
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
async def team(services, stores):
    people = await make_team(services)
    await store(stores, grid(THIS_WEEK))
    await store(stores, grid(NEXT_WEEK))
    return people


def dms(notifier, kind: str = "timetable.changed") -> dict[str, dict]:
    return {to: payload for to, sent, payload in notifier.sent if sent == kind and to != "#team"}


def channel(notifier) -> list[dict]:
    return [p for to, kind, p in notifier.sent if to == "#team"]


async def test_a_set_dms_both_people_with_date_time_and_line(services, team, notifier):
    _, before = await services.timetable.published(NEXT_WEEK)
    leaving = before.cell("dm", 1, 0)
    await services.cells.set_cell(
        team["anna"], NEXT_WEEK + dt.timedelta(days=1), "10:15", "1", "gina"
    )
    told = dms(notifier)
    assert set(told) == {leaving, "gina"}
    removed, added = told[leaving]["turns"], told["gina"]["turns"]
    assert [(t["date"], t["start"], t["end"], t["kind"]) for t in removed] == [
        ("2026-12-01", "10:15", "11:30", "removed")
    ]
    assert (removed[0]["old_line"], added[0]["new_line"]) == (1, 1)
    assert removed[0]["other"]["id"] == "gina" and added[0]["other"]["id"] == leaving
    assert told["gina"]["by"] == {"id": "anna", "name": "Anna", "slack_user_id": "U0ANNA"}
    assert channel(notifier) == []  # next Tuesday is neither today nor tomorrow


async def test_changes_today_and_tomorrow_are_noted_in_the_team_channel(services, team, notifier):
    await services.cells.set_cell(team["anna"], TODAY, "12:45", "2", "nobody")
    await services.cells.set_cell(team["anna"], TOMORROW, "09:00", "1", "nobody")
    notes = channel(notifier)
    assert [n["cells"][0]["date"] for n in notes] == ["2026-11-26", "2026-11-27"]
    first = notes[0]["cells"][0]
    assert (first["start"], first["line"], first["new"]) == ("12:45", 2, None)
    assert first["old"]["slack_user_id"].startswith("U0")


async def test_the_turn_running_now_may_change_but_an_ended_one_may_not(services, team, notifier):
    await services.cells.set_cell(team["anna"], TODAY, "09:00", "1", "nobody")  # 09:00–10:15
    with pytest.raises(CellRuleError) as refused:
        await services.cells.set_cell(
            team["anna"], TODAY - dt.timedelta(days=1), "12:45", "1", "eva"
        )
    assert refused.value.key == "timetable.rule.over"
    assert refused.value.params == {"day": TODAY - dt.timedelta(days=1), "turn": "12:45–14:00"}
    _, table = await services.timetable.published(THIS_WEEK)
    assert table.cell("dx", 3, 0) == grid(THIS_WEEK).cell("dx", 3, 0)


async def test_editing_a_draft_tells_nobody(services, stores, team, notifier):
    week = NEXT_WEEK + dt.timedelta(days=7)
    await store(stores, grid(week), "draft")
    await services.cells.set_cell(team["anna"], week, "09:00", "1", "carla")
    assert notifier.sent == []


async def test_publishing_a_replan_over_the_published_week_tells_only_the_changed(
    services, stores, team, notifier
):
    replanned = grid(NEXT_WEEK)
    replanned.cells["dl"][0] = ["eva", "bernat"]  # anna leaves, eva comes
    version = await store(stores, replanned, "draft")
    done = await services.timetable.publish(team["anna"], NEXT_WEEK, version, confirm=True)
    assert set(dms(notifier)) == {"anna", "eva"}
    assert dms(notifier, "timetable.your_turns") == {}
    assert done.notified == 2


async def test_a_first_publication_sends_everyone_their_turns_and_no_change_notice(
    services, stores, team, notifier
):
    week = NEXT_WEEK + dt.timedelta(days=7)
    version = await store(stores, grid(week), "draft")
    await services.timetable.publish(team["anna"], week, version)
    assert len(dms(notifier, "timetable.your_turns")) == 8 and dms(notifier) == {}


class FailingNotifier:
    """A Slack that is down: every send raises."""

    async def to_people(self, kind, messages):
        raise ConnectionError("slack is down")

    async def to_channel(self, kind, payload):
        raise ConnectionError("slack is down")


async def test_a_change_stands_when_its_notices_cannot_be_sent(stores, services, team):
    wrapped = NoticedTimetables(
        stores.timetables, ChangeNotices(stores.persons, FailingNotifier(), lambda: NOW)
    )
    version, table = await stores.timetables.published(THIS_WEEK)
    changed, change = table.with_change(("dj", 3, 0), None, "anna", NOW)
    await wrapped.replace(changed, version, "anna", change.model_dump(mode="json"))
    _, stored = await stores.timetables.published(THIS_WEEK)
    assert stored.cell("dj", 3, 0) is None

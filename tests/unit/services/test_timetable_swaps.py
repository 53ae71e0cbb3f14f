"""Swap requests: offer, take, withdraw, approve, expire."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.jobs import run_logged
from tests.conftest import NOW, ZONE
from tests.support.timetable_team import NEXT_WEEK, grid, make_team, store
from tomatic.domain.dates import DayRef, read_day
from tomatic.domain.errors import ConflictError, NotFoundError, PermissionDeniedError
from tomatic.domain.model import BusyEntry
from tomatic.domain.schedule import EXPIRE_SWAPS

MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)


def day(*words: str) -> DayRef:
    """A day as the commands read it, seen from the tests' Thursday."""
    return read_day(list(words), NOW.date())[0]


@pytest.fixture
async def team(services, stores):
    people = await make_team(services)
    await store(stores, grid(NEXT_WEEK))
    return people


async def test_a_request_names_who_can_take_it_in_the_team_channel(services, team):
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    assert (request.week, request.day, request.hour, request.line) == (NEXT_WEEK, "dl", 0, 1)
    assert request.state == "open"
    assert request.starts_at == MONDAY_9
    assert "anna" not in request.candidates and "bernat" not in request.candidates
    assert len(request.candidates) >= 3
    to, kind, payload = services.notifier.sent[-1]
    assert (to, kind, payload["requester"]["name"], payload["state"]) == (
        "#team",
        "swap.request",
        "Bernat",
        "open",
    )
    assert request.ref == "C-team:1"


async def test_a_busy_colleague_is_not_a_candidate(services, team):
    await services.availability.add(
        team["anna"], team["carla"],
        BusyEntry(person="carla", date=NEXT_WEEK, turns="1111", optional=False, reason="Trip"),
    )  # fmt: skip
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    assert "carla" not in request.candidates


async def test_taking_a_turn_changes_the_cell_tells_both_and_closes_the_request(services, team):
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    taker = team[request.candidates[0]]
    taken = await services.swaps.take(taker, request.id)
    assert (taken.state, taken.taken_by) == ("taken", taker.id)
    _, stored = await services.timetable.published(NEXT_WEEK)
    assert stored.turn("dl", 0) == ["anna", taker.id]
    assert stored.overload == {"bernat": -1.0, taker.id: 1.0}
    assert stored.log[-1].actor == taker.id
    dms = {
        to: payload for to, kind, payload in services.notifier.sent if kind == "timetable.changed"
    }
    assert set(dms) == {"bernat", taker.id}
    assert [(t["kind"], t["other"]["id"]) for t in dms["bernat"]["turns"]] == [
        ("removed", taker.id)
    ]
    assert [(t["kind"], t["other"]["id"]) for t in dms[taker.id]["turns"]] == [("added", "bernat")]
    ref, kind, payload = services.notifier.updates[-1]
    assert (ref, kind, payload["state"], payload["taken_by"]["name"]) == (
        request.ref,
        "swap.request",
        "taken",
        taker.display_name,
    )
    with pytest.raises(ConflictError):
        await services.swaps.take(team[request.candidates[1]], request.id)


async def test_only_candidates_can_take_it(services, team):
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    with pytest.raises(PermissionDeniedError):
        await services.swaps.take(team["anna"], request.id)
    assert (await services.swaps.get(request.id)).state == "open"


async def test_the_requester_withdraws_and_nobody_else_can(services, team):
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    with pytest.raises(PermissionDeniedError):
        await services.swaps.withdraw(team["carla"], request.id)
    withdrawn = await services.swaps.withdraw(team["bernat"], request.id)
    assert withdrawn.state == "withdrawn"
    assert services.notifier.updates[-1][2]["state"] == "withdrawn"
    _, stored = await services.timetable.published(NEXT_WEEK)
    assert stored.cell("dl", 0, 1) == "bernat"


async def test_requests_expire_when_their_turn_starts(services, team):
    early = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    later = await services.swaps.request(team["bernat"], day("dm"), "12:45")
    assert await services.swaps.expire(MONDAY_9 - dt.timedelta(minutes=1)) == []
    expired = await services.swaps.expire(MONDAY_9)
    assert [r.id for r in expired] == [early.id]
    assert (await services.swaps.get(later.id)).state == "open"


async def test_the_expire_swaps_job_closes_offers_at_their_turns_start(services, team):
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    outcome = await run_logged(EXPIRE_SWAPS, services, MONDAY_9)
    assert outcome.params == {"count": 1}
    assert (await services.swaps.get(request.id)).state == "expired"
    assert services.notifier.updates[-1][2]["state"] == "expired"  # the post says so
    assert (await run_logged(EXPIRE_SWAPS, services, MONDAY_9)).params == {"count": 0}


async def test_with_approval_a_coordinator_opens_the_request_first(services, team):
    services.config.swaps_need_approval = True
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    assert request.state == "pending"
    with pytest.raises(ConflictError):
        await services.swaps.take(team[request.candidates[0]], request.id)
    with pytest.raises(PermissionDeniedError):
        await services.swaps.approve(team["carla"], request.id)
    approved = await services.swaps.approve(team["anna"], request.id)
    assert (approved.state, approved.approved_by) == ("open", "anna")
    assert (await services.swaps.take(team[request.candidates[0]], request.id)).state == ("taken")


async def test_one_can_only_offer_ones_own_turn_once(services, team):
    with pytest.raises(NotFoundError):
        await services.swaps.request(team["carla"], day("dl"), "09:00")
    await services.swaps.request(team["bernat"], day("dl"), "09:00")
    with pytest.raises(ConflictError):
        await services.swaps.request(team["bernat"], day("dl"), "09:00")


async def test_someone_holding_a_turn_off_the_plan_is_no_candidate_when_busy(
    services, stores, team
):
    await services.persons.create(None, "zoe", {"name": "Zoe", "slack_user_id": "U0ZOE"})
    table = grid(NEXT_WEEK)
    table.cells["dv"][3][0] = "zoe"  # set by hand: she has no ideal load, so is not planned
    await store(stores, table)
    entry = BusyEntry(person="zoe", weekday="dl", turns="1000", optional=False, reason="Class")
    await services.availability.add(team["anna"], await services.persons.get("zoe"), entry)
    request = await services.swaps.request(team["bernat"], day("dl"), "09:00")
    assert "zoe" not in request.candidates and len(request.candidates) >= 3

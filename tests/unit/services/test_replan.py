"""Re-planning a published week after new absences: only the cells that must change do."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.workers import ProcessPoolSolverRunner
from tests.conftest import services_on
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from tomatic.domain.model import BusyEntry
from tomatic.planner.instance import Problem
from tomatic.services.replan import keep_weight


@pytest.fixture(scope="module")
def solver():
    runner = ProcessPoolSolverRunner(workers=1)
    yield runner
    runner.close()


@pytest.fixture
async def replanning(settings, stores, notifier, solver):
    services = services_on(settings, stores, notifier, solver)
    team = await make_team(services)
    yield services, team
    await services.close()


def sick(person: str, date: dt.date) -> BusyEntry:
    return BusyEntry(person=person, date=date, turns="1111", optional=False, reason="Sick")


async def test_a_new_absence_changes_only_the_absent_persons_cells(replanning, stores):
    services, team = replanning
    published = await store(stores, grid(NEXT_WEEK))
    wednesday = dt.date(2026, 12, 2)
    await services.availability.add(team["anna"], team["bernat"], sick("bernat", wednesday))
    result = await services.replan.replan(team["anna"], dt.date(2026, 12, 1), time_limit=10)
    before = grid(NEXT_WEEK)
    held = [cell for cell in before.turns_of("bernat") if cell[0] == "dx"]
    # nobody has a turn to spare, and moving someone whose turn holds costs more than the hole
    assert [(c.day, c.hour, c.line, c.old, c.new) for c in result.changes] == [
        (*held[0], "bernat", None)
    ]
    assert (result.published, result.holes) == (published, 1)
    draft = await services.timetable.version(NEXT_WEEK, result.version)
    assert {d: draft.cells[d] for d in ("dl", "dm", "dj", "dv")} == {
        d: before.cells[d] for d in ("dl", "dm", "dj", "dv")
    }
    assert draft.log == result.changes
    assert (await services.timetable.published(NEXT_WEEK))[0] == published
    paged = await services.replan.changes(team["anna"], NEXT_WEEK, result.version, published)
    assert [(c.day, c.old, c.new) for c in paged.changes] == [("dx", "bernat", None)]


async def test_someone_with_a_turn_to_spare_takes_the_absent_persons_cell(replanning, stores):
    services, team = replanning
    table = grid(NEXT_WEEK)
    table.cells["dl"][3][1] = None  # hug's Monday turn was never filled: hug has one to spare
    await store(stores, table)
    wednesday = dt.date(2026, 12, 2)
    await services.availability.add(team["anna"], team["bernat"], sick("bernat", wednesday))
    result = await services.replan.replan(team["anna"], dt.date(2026, 12, 1), time_limit=10)
    taken = [c for c in result.changes if c.old is not None]  # turns that held before
    assert [(c.day, c.old) for c in taken] == [("dx", "bernat")]
    assert taken[0].new not in (None, "bernat")
    assert result.holes == 1  # Monday's, before the days re-planned


async def test_days_begun_and_other_peoples_replans_are_refused(replanning, stores):
    services, team = replanning
    await store(stores, grid(THIS_WEEK))
    with pytest.raises(PermissionDeniedError):
        await services.replan.replan(team["bernat"], dt.date(2026, 11, 27))
    with pytest.raises(ValidationError) as past:
        await services.replan.replan(team["anna"], dt.date(2026, 11, 26))  # today, begun
    assert (past.value.key, past.value.params) == (
        "replan.past",
        {"day": dt.date(2026, 11, 26), "first": dt.date(2026, 11, 27)},
    )


async def test_a_week_being_replanned_is_not_replanned_twice_at_once(replanning, stores):
    services, team = replanning
    await store(stores, grid(NEXT_WEEK))
    first = asyncio.create_task(services.replan.replan(team["anna"], dt.date(2026, 12, 1)))
    await asyncio.sleep(0)
    with pytest.raises(ConflictError) as refused:
        await services.replan.replan(team["anna"], dt.date(2026, 12, 2))
    assert refused.value.key == "replan.running"
    assert (await first).changes == []


def test_a_kept_turn_is_worth_more_than_any_hole_a_move_could_fill():
    problem = Problem(days=["dl"], n_hours=4, n_lines=40, max_per_day=2, persons=["a"],
                      max_load={"a": 1})  # fmt: skip
    # the 40th hole of a turn costs 100 × (40² − 39²) = 7,900; two days' penalties at most 220
    assert keep_weight(problem) == 100 * 79 + 2 * (10 * 2 + 4 * 10 * 2 + 5 * 2) + 1


async def test_a_replan_that_changes_nothing_stores_no_draft(replanning, stores):
    services, team = replanning
    published = await store(stores, grid(NEXT_WEEK))
    result = await services.replan.replan(team["anna"], dt.date(2026, 12, 1), time_limit=10)
    assert (result.changes, result.version, result.published) == ([], published, published)
    assert await services.timetable.draft(NEXT_WEEK) is None
    assert await stores.timetables.version(NEXT_WEEK, published + 1) is None


async def test_someone_removed_from_the_team_loses_the_turns_left(replanning, stores):
    services, team = replanning
    await store(stores, grid(NEXT_WEEK))
    await services.persons.remove(team["anna"], "carla")
    result = await services.replan.replan(team["anna"], dt.date(2026, 12, 1), time_limit=10)
    held = [cell for cell in grid(NEXT_WEEK).turns_of("carla") if cell[0] != "dl"]
    assert held and sorted((c.day, c.hour, c.line) for c in result.changes) == sorted(held)
    assert all(c.old == "carla" and c.new != "carla" for c in result.changes)
    draft = await services.timetable.version(NEXT_WEEK, result.version)
    assert [cell[0] for cell in draft.turns_of("carla")] == ["dl"]  # Monday is not re-planned

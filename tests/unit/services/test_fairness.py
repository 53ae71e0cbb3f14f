"""The fairness ledger: measured when a week is published, measured again when it changes,
fed to every planner run, switched off by the configuration, shown to coordinators."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import services_on
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tests.unit.services.test_timetable_runs import SteppedRunner
from tomatic.domain.errors import PermissionDeniedError, ValidationError
from tomatic.domain.model import BusyEntry

LAST_WEEK = THIS_WEEK - dt.timedelta(weeks=1)


@pytest.fixture
def stepped() -> SteppedRunner:
    return SteppedRunner()


@pytest.fixture
async def fair(settings, stores, notifier, stepped):
    services = services_on(settings, stores, notifier, stepped)
    team = await make_team(services)
    # bernat would rather not take Monday's first turn, and the timetables give it to him
    await services.availability.add(team["anna"], team["bernat"], BusyEntry(
        person="bernat", weekday="dl", turns="1000", optional=True, reason="School run"
    ))  # fmt: skip
    yield services, team
    await services.close()


def bernat_first_on_monday(week: dt.date):
    """The test grid, where bernat has Monday's first turn (line 2)."""
    table = grid(week)
    assert table.cells["dl"][0] == ["anna", "bernat"]
    return table


async def test_publishing_a_week_records_its_discomfort(fair, stores):
    services, team = fair
    version = await store(stores, bernat_first_on_monday(NEXT_WEEK), "draft")
    await services.timetable.publish(team["anna"], NEXT_WEEK, version)
    [entry] = await stores.discomfort.weeks(NEXT_WEEK, NEXT_WEEK)
    assert entry.version == version
    assert entry.points["bernat"] > 0
    assert {p for p, points in entry.points.items() if points} == {"bernat"}


async def test_a_change_to_a_published_week_is_measured_again_before_use(fair, stores):
    services, team = fair
    version = await store(stores, bernat_first_on_monday(LAST_WEEK))
    assert (await services.fairness.history(THIS_WEEK, ["bernat"]))["bernat"] > 0
    _, table = await stores.timetables.published(LAST_WEEK)
    table.cells["dl"][0] = ["anna", "carla"]  # a coordinator's edit: bernat is off that turn
    table.cells["dl"][1] = ["bernat", "dani"]
    await stores.timetables.replace(table, version, "anna", {})
    assert await services.fairness.history(THIS_WEEK, ["bernat"]) == {"bernat": 0}


async def test_every_planner_run_gets_the_recent_history_of_its_people(fair, stores, stepped):
    services, team = fair
    await store(stores, bernat_first_on_monday(LAST_WEEK))
    await store(stores, bernat_first_on_monday(THIS_WEEK))
    run = await services.planning.start(NEXT_WEEK, "anna")
    stepped.step.put_nowait(None)
    done = await services.planning.wait(run.id)
    history = done.problem["discomfort"]
    one_week = (await stores.discomfort.weeks(THIS_WEEK, THIS_WEEK))[0].points["bernat"]
    assert set(history) == set(team) and history["bernat"] == 2 * one_week > 0
    assert stepped.problems[-1]["discomfort"] == history


async def test_the_configuration_switch_turns_it_off(fair, stores, stepped):
    services, team = fair
    await store(stores, bernat_first_on_monday(THIS_WEEK))
    services.config.weights["fairness"] = 0
    run = await services.planning.start(NEXT_WEEK, "anna")
    stepped.step.put_nowait(None)
    done = await services.planning.wait(run.id)
    assert "discomfort" not in done.problem
    report = await services.fairness.report(team["anna"])
    assert not report.enabled


async def test_the_run_summary_names_who_carries_the_most_this_week(fair, stepped, notifier):
    services, team = fair
    stepped.final = bernat_first_on_monday(NEXT_WEEK).grid()
    started = await services.plans.start(team["anna"], NEXT_WEEK, "en")
    stepped.step.put_nowait(None)
    done = await services.planning.wait(started.run.id)
    points = done.solution["discomfort"]["bernat"]
    assert points > 0
    assert notifier.updates[-1][2]["most"] == [["Bernat", points, None]]


async def test_the_ledger_report_is_for_coordinators_over_1_to_52_weeks(fair, stores):
    services, team = fair
    await store(stores, bernat_first_on_monday(LAST_WEEK))
    await store(stores, grid(THIS_WEEK))
    report = await services.fairness.report(team["anna"], 3)
    assert report.weeks == [THIS_WEEK - dt.timedelta(weeks=n) for n in (2, 1, 0)]
    assert report.recorded == 2 and report.enabled
    top = report.rows[0]
    assert top.person == "bernat" and top.weekly[0] is None  # that week was not published
    assert top.total == top.weekly[1] + top.weekly[2] > 0
    assert report.spread > 0
    with pytest.raises(PermissionDeniedError):
        await services.fairness.report(team["bernat"])
    with pytest.raises(ValidationError):
        await services.fairness.report(team["anna"], 53)

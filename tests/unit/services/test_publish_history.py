"""Publishing over a week that has begun: the turns already worked are history."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.errors import ConflictError, ValidationError
from tomatic.i18n import t


@pytest.fixture
async def team(services):
    return await make_team(services)


async def test_a_version_rewriting_turns_already_over_is_not_published_over_the_week(
    services, stores, team, notifier
):
    first = await store(stores, grid(THIS_WEEK))  # NOW: Thursday 10:00, in its first turn
    replanned = grid(THIS_WEEK)
    replanned.cells["dl"][0][0] = "hug"
    second = await store(stores, replanned, "draft")
    with pytest.raises(ValidationError) as refused:
        await services.timetable.publish(team["anna"], THIS_WEEK, second, confirm=True)
    assert refused.value.key == "timetable.rewrites_past"
    assert refused.value.params["day"] == THIS_WEEK and refused.value.params["new"] == second
    assert (await services.timetable.published(THIS_WEEK))[0] == first
    assert notifier.sent == []
    rest = grid(THIS_WEEK)
    rest.cells["dj"][0][0], rest.cells["dv"][3][1] = "hug", "hug"  # running and to come
    third = await store(stores, rest, "draft")
    done = await services.timetable.publish(team["anna"], THIS_WEEK, third, confirm=True)
    assert done.replaced == first and done.version == third


@pytest.mark.parametrize(
    ("week", "key"),
    [(THIS_WEEK, "timetable.no_newer_draft_begun"), (NEXT_WEEK, "timetable.no_newer_draft")],
)
async def test_nothing_newer_to_publish_says_how_to_change_the_week_as_it_stands(
    services, stores, team, week, key
):
    await store(stores, grid(week))
    with pytest.raises(ConflictError) as refused:
        await services.timetable.publish(team["anna"], week)
    assert refused.value.key == key
    assert ("/tomatic plan" in t("en", key)) == (week == NEXT_WEEK)


async def test_a_replanned_draft_does_not_undo_changes_made_to_the_published_week_since(
    services, stores, team, notifier
):
    published = await store(stores, grid(NEXT_WEEK))
    _, table = await services.timetable.published(NEXT_WEEK)
    derived, _ = table.with_change(("dx", 1, 0), None, "anna", services.timetable.now())
    draft = await store(stores, derived, "draft")  # as a re-plan stores it: the log goes on
    wednesday = NEXT_WEEK + dt.timedelta(days=2)
    await services.cells.set_cell(team["anna"], wednesday, "12:45", "2", "nobody")  # since
    with pytest.raises(ConflictError) as refused:
        await services.timetable.publish(team["anna"], NEXT_WEEK, draft, confirm=True)
    assert refused.value.key == "timetable.edited_since"
    assert refused.value.params == {"week": NEXT_WEEK, "version": published, "new": draft}
    assert (await services.timetable.published(NEXT_WEEK))[0] == published
    _, current = await services.timetable.published(NEXT_WEEK)
    again, _ = current.with_change(("dx", 1, 0), None, "anna", services.timetable.now())
    fresh = await store(stores, again, "draft")  # re-planned from the week as it is now
    done = await services.timetable.publish(team["anna"], NEXT_WEEK, fresh, confirm=True)
    assert done.replaced == published and done.version == fresh


async def test_a_whole_week_planned_again_replaces_an_edited_one_when_confirmed(
    services, stores, team
):
    published = await store(stores, grid(NEXT_WEEK))
    wednesday = NEXT_WEEK + dt.timedelta(days=2)
    await services.cells.set_cell(team["anna"], wednesday, "12:45", "2", "nobody")
    planned = await store(stores, grid(NEXT_WEEK, ["dl", "dm"]), "draft")  # no log: a new plan
    done = await services.timetable.publish(team["anna"], NEXT_WEEK, planned, confirm=True)
    assert done.replaced == published and done.version == planned

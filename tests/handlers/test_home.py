"""The App Home at contact-centre size, role-aware, offering what the next week needs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from handlers import ids
from handlers.blocks.home import home_view
from handlers.blocks.limits import VIEW_BLOCKS
from handlers.context import Ctx
from handlers.events.app_home import publish_next_week
from tests.conftest import NOW
from tests.fakes import RecordingClient
from tests.support import bigteam
from tests.support.blockkit import assert_view_ok
from tests.support.timetable_team import NEXT_WEEK, grid, store
from tomatic.domain.calls import Call
from tomatic.domain.model import BusyEntry
from tomatic.i18n import t
from tomatic.services.timetable import AlreadyPublishedError

COORDINATOR = "U0000000"  # bigteam's first person coordinates
OPERATOR = "U0000001"


@pytest.fixture
async def big(services, stores) -> list[dict[str, Any]]:
    """300 people; 40 of them in the queue; the coordinator with 60 busy entries and 30 calls
    waiting for annotation; the operator with one busy entry."""
    people = bigteam.team(300)
    for fields in people:
        await services.persons.create(None, fields["id"], dict(fields))
    coordinator, operator = people[0]["id"], people[1]["id"]
    for fields in bigteam.busy_entries(coordinator, NEXT_WEEK, 60):
        await stores.busy.add(BusyEntry(**fields), coordinator)
    await stores.busy.add(BusyEntry(person=operator, weekday="dl", reason="School"), operator)
    for minute in range(30):
        at = NOW - dt.timedelta(minutes=minute)
        call = Call(
            call_id=f"c{minute}",
            at=at,
            phone=f"6001231{minute:02d}",
            extension="4000",
            operator=coordinator,
        )
        await stores.calls.add(call)
    await services.queue.load([p["id"] for p in people[:40]])
    return people


async def view_of(services, user: str) -> dict[str, Any]:
    dashboard = await services.home.dashboard(user)
    return home_view(dashboard, services.config, "ca")


def action_ids(view: dict[str, Any]) -> set[str]:
    found = set()
    for block in view["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if "action_id" in element:
                found.add(element["action_id"])
    return found


async def test_a_coordinators_home_at_full_size_fits_and_keeps_the_shortcuts(services, big):
    view = await view_of(services, COORDINATOR)
    assert_view_ok(view, "coordinator's Home")
    assert len(view["blocks"]) <= VIEW_BLOCKS
    assert {ids.HOME_PLAN, ids.HOME_RELOAD_QUEUE, ids.HOME_PAUSE} <= action_ids(view)
    text = json.dumps(view, ensure_ascii=False)
    assert t("ca", "home.more_queue", count=25) in text
    assert t("ca", "busy.none") not in text  # 40 one-off entries beyond the first ten weekly
    assert t("ca", "busy.more_in_command", count=50) in text
    assert t("ca", "home.more_calls", count=25) in text


async def test_an_operators_home_shows_only_what_they_can_use(services, big):
    view = await view_of(services, OPERATOR)
    assert_view_ok(view, "operator's Home")
    assert action_ids(view) & {ids.HOME_PLAN, ids.HOME_PUBLISH, ids.HOME_RELOAD_QUEUE} == set()
    assert ids.QUEUE_PAUSE not in action_ids(view)  # no buttons on other people's rows
    assert t("ca", "home.admin_title") not in json.dumps(view, ensure_ascii=False)


async def test_a_stranger_gets_the_registration_notice(services, big):
    view = await view_of(services, "U9STRANGER")
    assert view["blocks"][0]["text"]["text"] == t("ca", "error.not_registered")


async def shortcuts(services) -> tuple[set[str], str]:
    view = await view_of(services, COORDINATOR)
    return action_ids(view), json.dumps(view, ensure_ascii=False)


async def test_the_home_offers_to_plan_only_a_week_with_nothing_published(services, stores, big):
    offered, _ = await shortcuts(services)
    assert ids.HOME_PLAN in offered and ids.HOME_PUBLISH not in offered
    await store(stores, grid(NEXT_WEEK), "draft")
    offered, text = await shortcuts(services)
    assert {ids.HOME_PLAN, ids.HOME_PUBLISH} <= offered
    assert "Torna a planificar la setmana del 30/11/2026" in text
    await store(stores, grid(NEXT_WEEK), "published")
    offered, text = await shortcuts(services)
    assert ids.HOME_PLAN not in offered and ids.HOME_PUBLISH not in offered
    assert "La setmana del 30/11/2026 està publicada (versió 2)." in text
    await store(stores, grid(NEXT_WEEK), "draft")  # e.g. a replan waiting for approval
    offered, _ = await shortcuts(services)
    assert ids.HOME_PUBLISH in offered and ids.HOME_PLAN not in offered


def publish_of(view: dict[str, Any]) -> dict[str, Any]:
    return next(
        e
        for b in view["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.HOME_PUBLISH
    )


async def test_publishing_a_draft_over_the_published_week_from_the_home_asks_then_does(
    services, stores, big
):
    ctx = Ctx(services=services, user_id=COORDINATOR, lang="ca", args=[], client=RecordingClient())
    await store(stores, grid(NEXT_WEEK), "published")
    draft = await store(stores, grid(NEXT_WEEK), "draft")
    button = publish_of(await view_of(services, COORDINATOR))
    assert button["value"] == f"{NEXT_WEEK.isoformat()}|1" and "confirm" in button
    assert "versió 1" in button["confirm"]["text"]["text"]
    with pytest.raises(AlreadyPublishedError):  # a button of before the first publication
        await publish_next_week(ctx, NEXT_WEEK.isoformat())
    with pytest.raises(AlreadyPublishedError):  # agreed to replace another version
        await publish_next_week(ctx, f"{NEXT_WEEK.isoformat()}|7")
    await publish_next_week(ctx, button["value"])
    assert (await services.timetable.published(NEXT_WEEK))[0] == draft


async def test_the_homes_publish_button_publishes_the_week_it_showed(services, stores, big):
    ctx = Ctx(services=services, user_id=COORDINATOR, lang="ca", args=[], client=RecordingClient())
    later = NEXT_WEEK + dt.timedelta(days=7)  # a Home left open since the week before
    draft = await store(stores, grid(later), "draft")
    await store(stores, grid(NEXT_WEEK), "draft")
    await publish_next_week(ctx, later.isoformat())
    assert (await services.timetable.published(later))[0] == draft
    assert await services.timetable.published(NEXT_WEEK) is None

"""`set`, `forced`, `changes`, `swap` and the cell form's type-ahead, called as bolt calls them:
days read one way, numbers checked, refusals that say what and why, long lists paged."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.timetable import STEPS, listener
from handlers.actions.turns import handle_page
from handlers.views.cell import handle_cell_who_options
from tests.support.slack import RESPONSE_URL, slash_reply
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store


@pytest.fixture
async def team(services, stores):
    people = await make_team(services)
    await store(stores, grid(THIS_WEEK))
    await store(stores, grid(NEXT_WEEK))
    return people


async def slash(services, text: str, user: str = "U0ANNA") -> dict[str, Any]:
    return await slash_reply(services, text, user, channel="C0TEAM")


async def forced_rows(services) -> list:
    return await services.cells.forced()


@pytest.mark.parametrize(
    "text",
    ["set dl 09:00 ² carla", f"set dl 09:00 {2**64} carla", "set dl 09:00 20000000 carla"],
)
async def test_a_bad_line_in_set_gets_a_sentence_and_changes_nothing(services, team, text):
    reply = await slash(services, text)
    assert reply["text"].startswith(":warning: ") and "line" in reply["text"]
    assert await services.timetable.log(NEXT_WEEK) == []


@pytest.mark.parametrize("number", ["20000000", str(2**64), "²", "9"])
async def test_a_forced_turn_on_a_line_that_does_not_exist_is_refused(services, team, number):
    reply = await slash(services, f"forced add dl 09:00 {number} carla")
    assert reply["text"].startswith(":warning: ") and "1 to 8" in reply["text"]
    assert await forced_rows(services) == []


@pytest.mark.parametrize("day", ["dt", "dimarts", "tue", "martes", "dm"])
async def test_forced_turns_take_every_weekday_name(services, team, day):
    reply = await slash(services, f"forced add {day} 10:15 2 eva")
    assert "Tuesday 10:15–11:30 · line 2: Eva" in str(reply["blocks"])
    assert await forced_rows(services) == [("dm", 1, 1, "eva")]


async def test_a_forced_turn_on_a_date_is_explained(services, team):
    reply = await slash(services, "forced add 2026-12-01 10:15 2 eva")
    assert reply["text"] == ":warning: " + (
        "Forced turns repeat every week: name a weekday (dl…dv, mon…fri), not `2026-12-01`."
    )


@pytest.mark.parametrize(
    "text",
    ["set dc 10:15 1 eva", "set dimecres 10:15 1 eva", "set wed 10:15 1 eva",
     "set 2026-12-02 10:15 1 eva", "set 2/12 10:15 1 eva", "set next dx 10:15 1 eva",
     "set 2026-11-30 dc 10:15 1 eva", "set next miércoles 10:15 1 eva"],
)  # fmt: skip
async def test_set_reads_days_like_every_command(services, team, stores, text):
    reply = await slash(services, text)
    assert reply["text"].startswith("Changed: Wednesday 2/12/2026 10:15–11:30, line 1: ")
    _, table = await stores.timetables.published(NEXT_WEEK)
    assert table.cell("dx", 1, 0) == "eva"


async def test_set_on_a_past_turn_says_it_is_over(services, team):
    reply = await slash(services, "set 2026-11-25 09:00 1 hug")
    assert reply["text"] == (
        ":warning: The turn of Wednesday 25/11/2026 09:00–10:15 is over: past turns are not"
        " changed (the turns still to come today are)."
    )


async def test_operators_are_told_what_they_cannot_do(services, team):
    reply = await slash(services, "set dc 10:15 1 eva", "U0BERNAT")
    assert reply["text"] == ":warning: Only coordinators can change cells of the timetable."
    forced = await slash(services, "forced add dl 09:00 1 hug", "U0BERNAT")
    assert forced["text"] == ":warning: Only coordinators can change the forced turns."


async def test_strangers_read_no_names(services, team):
    for text in ("who", "changes", "timetable log"):
        reply = await slash(services, text, "U0STRANGER")
        assert reply["text"].startswith(":warning: You are not registered")


async def test_the_change_log_pages_forward_in_place(services, team):
    friday = NEXT_WEEK + dt.timedelta(days=4)
    for _ in range(25):  # 50 changes: two pages
        await services.cells.set_cell(team["anna"], friday, "12:45", "2", "nobody")
        await services.cells.set_cell(team["anna"], friday, "12:45", "2", "hug")
    first = await slash(services, f"changes {NEXT_WEEK.isoformat()}")
    pager = first["blocks"][-1]
    assert [e["action_id"] for e in pager["elements"]] == [f"{ids.CHANGES_PAGE}.next"]
    ack, respond = AsyncMock(), AsyncMock()
    body = {
        "user": {"id": "U0ANNA"},
        "actions": [pager["elements"][0]],
        "response_url": RESPONSE_URL,
    }
    await handle_page(ack, body, None, {"services": services}, respond)
    page = respond.await_args.kwargs
    assert page["replace_original"] is True
    assert "Page 2 of 2 · 41–50 of 50" in str(page["blocks"])


async def test_the_cell_forms_type_ahead_is_for_coordinators(services, team):
    async def options(user: str, typed: str) -> list[str]:
        ack = AsyncMock()
        body = {"type": "block_suggestion", "user": {"id": user}, "value": typed}
        await handle_cell_who_options(ack, body, None, {"services": services})
        return [o["value"] for o in ack.await_args.kwargs["options"]]

    assert await options("U0ANNA", "GINA") == ["gina"]
    assert await options("U0ANNA", "nob") == ["nobody"]
    assert await options("U0BERNAT", "gina") == []


async def test_the_requester_withdraws_from_their_own_reply(services, team, notifier):
    offered = await slash(services, "swap wed 10:15", "U0HUG")
    [withdraw] = offered["blocks"][-1]["elements"]
    assert withdraw["action_id"] == ids.SWAP_WITHDRAW
    ack, respond = AsyncMock(), AsyncMock()
    body = {"user": {"id": "U0HUG"}, "actions": [withdraw], "response_url": RESPONSE_URL}
    await listener(STEPS[ids.SWAP_WITHDRAW], replace=True)(
        ack, body, None, {"services": services}, respond
    )
    assert respond.await_args.kwargs["replace_original"] is True
    assert notifier.updates[-1][2]["state"] == "withdrawn"

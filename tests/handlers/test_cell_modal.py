"""`/tomatic set` without arguments: the cell form, its refusals on the field, and the change."""

from __future__ import annotations

import datetime as dt
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.commands.slash import run
from handlers.context import Ctx
from handlers.views.cell import handle_cell_submit
from tests.fakes import RecordingClient
from tests.support.timetable_team import THIS_WEEK, grid, make_team, store
from tomatic.domain.errors import PermissionDeniedError


def _submission(user: str, values: dict[str, str]) -> dict:
    state = {
        block: {block: {"type": "static_select", "selected_option": {"value": value}}}
        for block, value in values.items()
    }
    return {"user": {"id": user}, "view": {"state": {"values": state}}}


async def _ctx(services, user: str, client: RecordingClient) -> Ctx:
    return Ctx(services=services, user_id=user, lang="en", trigger_id="t1", client=client)


async def test_coordinators_get_the_form_and_change_a_cell(services, stores):
    await make_team(services)
    await store(stores, grid(THIS_WEEK))
    client = RecordingClient()
    reply, outcome = await run(await _ctx(services, "U0ANNA", client), "set")
    assert (reply, outcome) == (None, "ok")
    blocks = {b["block_id"] for b in client.of("views_open")[0]["view"]["blocks"]}
    assert blocks == {ids.CELL_WEEK, ids.CELL_DAY, ids.CELL_TURN, ids.CELL_LINE, ids.CELL_WHO}
    ack = AsyncMock()
    values = {ids.CELL_WEEK: THIS_WEEK.isoformat(), ids.CELL_DAY: "dv", ids.CELL_TURN: "12:45",
              ids.CELL_LINE: "2", ids.CELL_WHO: "nobody"}  # fmt: skip
    await handle_cell_submit(ack, _submission("U0ANNA", values), client, {"services": services})
    ack.assert_awaited_once_with()
    _, table = await stores.timetables.published(THIS_WEEK)
    assert table.cells["dv"][3][1] is None
    assert "Friday" in client.of("chat_postMessage")[-1]["text"]


async def test_a_refusal_is_shown_on_the_field_and_changes_nothing(services, stores):
    await make_team(services)
    await store(stores, grid(THIS_WEEK))
    _, before = await stores.timetables.published(THIS_WEEK)
    occupant = before.cells["dv"][0][1]
    values = {ids.CELL_WEEK: THIS_WEEK.isoformat(), ids.CELL_DAY: "dv", ids.CELL_TURN: "09:00",
              ids.CELL_LINE: "2", ids.CELL_WHO: before.cells["dv"][0][0]}  # fmt: skip
    ack = AsyncMock()
    client = RecordingClient()
    await handle_cell_submit(ack, _submission("U0ANNA", values), client, {"services": services})
    answer = ack.await_args.kwargs
    assert answer["response_action"] == "errors" and ids.CELL_WHO in answer["errors"]
    _, after = await stores.timetables.published(THIS_WEEK)
    assert after.cells["dv"][0][1] == occupant and client.of("chat_postMessage") == []


async def test_operators_do_not_get_the_form(services):
    await make_team(services)
    client = RecordingClient()
    with pytest.raises(PermissionDeniedError):
        await run(await _ctx(services, "U0BERNAT", client), "set")
    assert client.of("views_open") == []


async def test_timetable_log_lists_the_change(services, stores):
    await make_team(services)
    await store(stores, grid(THIS_WEEK))
    anna = await services.persons.get("anna")
    friday = THIS_WEEK + dt.timedelta(days=4)
    await services.cells.set_cell(anna, friday, "12:45", "2", "nobody")
    ctx = await _ctx(services, "U0ANNA", RecordingClient())
    ctx.args = ["log", THIS_WEEK.isoformat()]
    reply, outcome = await run(ctx, "timetable")
    assert outcome == "ok"
    assert "Friday" in str(reply.blocks) and "Anna" in str(reply.blocks)

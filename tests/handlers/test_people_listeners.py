"""People listeners: forms that name every mistake in plain words, role-aware lists, paging."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.busy import handle_busy_page, handle_busy_remove
from handlers.actions.persons import handle_person_remove, handle_persons_page
from handlers.blocks.busy import remove_value
from handlers.blocks.paging import page_value
from handlers.commands.slash import run
from handlers.context import Ctx
from handlers.views.busy import handle_busy_submit
from handlers.views.persons import handle_person_create, handle_profile_submit
from tests.fakes import RecordingClient
from tests.support.blockkit import assert_message_ok
from tomatic.domain.errors import PermissionDeniedError, ValidationError
from tomatic.domain.model import WEEKDAYS, BusyEntry, monday_of
from tomatic.domain.timetable import Timetable
from tomatic.i18n.formats import date_text


@pytest.fixture
async def people(services):
    """Anna (coordinator, U0ANNA) and Bernat (operator, U0BERNAT, extension 3002)."""
    await services.persons.create(None, "anna", {"name": "Anna Puig", "groups": ["admin"],
                                                 "slack_user_id": "U0ANNA", "extension": "3001"})  # fmt: skip
    await services.persons.create(None, "bernat", {"name": "Bernat Roig",
                                                   "slack_user_id": "U0BERNAT", "extension": "3002"})  # fmt: skip


def view_body(user: str, callback: str, values: dict[str, Any], metadata: str = "") -> dict:
    state = {}
    for block, value in values.items():
        if isinstance(value, list):
            element = {"type": "multi_static_select",
                       "selected_options": [{"value": v} for v in value]}  # fmt: skip
        else:
            element = {"type": "plain_text_input", "value": value}
        state[block] = {block: element}
    view = {"callback_id": callback, "private_metadata": metadata, "state": {"values": state}}
    return {"type": "view_submission", "user": {"id": user}, "view": view}


def action_body(user: str, value: str) -> dict:
    return {"user": {"id": user}, "actions": [{"value": value}], "response_url": "http://x/"}


async def command(services, user: str, text: str) -> tuple[Any, RecordingClient]:
    client = RecordingClient()
    words = text.split()
    ctx = Ctx(services=services, user_id=user, lang="en", args=words[1:], client=client)
    reply, _ = await run(ctx, words[0])
    return reply, client


class TestPersonForms:
    async def test_every_wrong_field_is_named_under_its_input_in_plain_words(
        self, services, people
    ):
        ack = AsyncMock()
        values = {"id": "X1", "name": "Carla <b>", "email": "nope", "extension": "3001",
                  "color": "#zzzzzz", "table": "near", "ideal_load": "lots", "groups": "a"}  # fmt: skip
        body = view_body("U0ANNA", ids.PERSON_CREATE_VIEW, values)
        await handle_person_create(ack, body, RecordingClient(), {"services": services})
        errors = ack.await_args.kwargs["errors"]
        assert set(errors) == set(values)
        assert not any("`" in e or "*" in e for e in errors.values())
        assert errors["email"] == "“nope” is not an e-mail address, e.g. anna@example.coop."
        assert [p.id for p in await services.persons.list()] == ["anna", "bernat"]

    async def test_an_operator_cannot_move_their_extension_with_a_forged_form(
        self, services, people
    ):
        ack = AsyncMock()
        values = {"name": "Bernat Roig", "extension": "3999"}
        body = view_body("U0BERNAT", ids.PROFILE_VIEW, values, metadata="bernat")
        await handle_profile_submit(ack, body, RecordingClient(), {"services": services})
        errors = ack.await_args.kwargs["errors"]
        assert errors == {"name": "Only coordinators can change extensions."}
        assert (await services.persons.get("bernat")).extension == "3002"

    async def test_an_operator_saves_their_form_without_the_coordinator_fields(
        self, services, people
    ):
        ack = AsyncMock()
        values = {"name": "Bernat Roig i Font", "email": "", "table": "", "color": "#2a9d8f"}
        body = view_body("U0BERNAT", ids.PROFILE_VIEW, values, metadata="bernat")
        await handle_profile_submit(ack, body, RecordingClient(), {"services": services})
        ack.assert_awaited_once_with()
        bernat = await services.persons.get("bernat")
        assert (bernat.name, bernat.color, bernat.extension) == (
            "Bernat Roig i Font",
            "2a9d8f",
            "3002",
        )

    async def test_person_add_checks_the_id_before_opening_the_form(self, services, people):
        with pytest.raises(ValidationError):
            await command(services, "U0ANNA", "person add " + "x" * 3000)
        reply, client = await command(services, "U0ANNA", "persona afegeix carla")
        assert reply is None
        [opened] = client.of("views_open")
        assert opened["view"]["blocks"][0]["element"]["initial_value"] == "carla"

    async def test_operators_edit_themselves_but_not_others(self, services, people):
        _, client = await command(services, "U0BERNAT", "person edit bernat")
        blocks = {b.get("block_id") for b in client.of("views_open")[0]["view"]["blocks"]}
        assert "extension" not in blocks and "name" in blocks
        with pytest.raises(PermissionDeniedError) as refused:
            await command(services, "U0BERNAT", "person edit anna")
        assert refused.value.key == "person.refused.other"
        with pytest.raises(PermissionDeniedError) as removing:
            await command(services, "U0BERNAT", "person remove anna")
        assert removing.value.key == "person.refused.remove"


class TestBusyListAndForm:
    async def seed(self, services, count: int) -> list[BusyEntry]:
        busy = services.availability.busy
        return [
            await busy.add(
                BusyEntry(
                    person="anna",
                    weekday=None,
                    turns=format(1 << (i % 4), "04b"),
                    reason=f"Private <{i}>",
                    id=f"a{i:03d}",
                ),
                "t",
            )  # fmt: skip
            for i in range(count)
        ]

    async def test_an_operator_sees_a_colleague_busy_but_not_why(self, services, people):
        await self.seed(services, 3)
        reply, _ = await command(services, "U0BERNAT", "busy anna")
        shown = json.dumps(reply.blocks)
        assert "Private" not in shown and "_busy_" in shown
        assert ids.BUSY_REMOVE not in shown and ids.BUSY_ADD not in shown

    async def test_paging_and_removing_keep_the_page(self, services, people):
        await self.seed(services, 60)
        listed = await services.availability.entries(await services.persons.get("anna"))
        first, before_last, last = (f"`{listed[i].id}`" for i in (0, -2, -1))
        respond = AsyncMock()
        body = action_body("U0ANNA", page_value("anna", 2))
        await handle_busy_page(
            AsyncMock(), body, RecordingClient(), {"services": services}, respond
        )
        blocks = respond.await_args.kwargs["blocks"]
        assert_message_ok(blocks)
        assert last in json.dumps(blocks) and first not in json.dumps(blocks)
        respond = AsyncMock()
        body = action_body("U0ANNA", remove_value(listed[-1].id, 2))
        await handle_busy_remove(
            AsyncMock(), body, RecordingClient(), {"services": services}, respond
        )
        after = respond.await_args.kwargs["blocks"]
        assert_message_ok(after)
        assert before_last in json.dumps(after) and last not in json.dumps(after[1:])
        assert await services.availability.busy.get(listed[-1].id) is None

    async def test_the_form_names_every_mistake_then_stores_the_entry(self, services, people):
        ack = AsyncMock()
        values = {ids.BUSY_TURNS: [], ids.BUSY_REASON: ""}
        body = view_body("U0BERNAT", ids.BUSY_VIEW, values, metadata="bernat|C1")
        await handle_busy_submit(ack, body, RecordingClient(), {"services": services})
        assert set(ack.await_args.kwargs["errors"]) == {ids.BUSY_TURNS, ids.BUSY_REASON}
        ack, client = AsyncMock(), RecordingClient()
        values = {ids.BUSY_TURNS: ["1", "2"], ids.BUSY_REASON: "Dentist"}
        body = view_body("U0BERNAT", ids.BUSY_VIEW, values, metadata="bernat|C1")
        await handle_busy_submit(ack, body, client, {"services": services})
        ack.assert_awaited_once_with()
        assert "Dentist" in json.dumps(client.of("chat_postEphemeral")[0]["blocks"])
        ack = AsyncMock()
        await handle_busy_submit(ack, body, RecordingClient(), {"services": services})
        assert "already" in ack.await_args.kwargs["errors"][ids.BUSY_TURNS]


async def test_the_team_pages_in_place(services, people):
    for index in range(120):
        await services.persons.create(None, f"op{chr(97 + index // 26)}{chr(97 + index % 26)}",
                                      {"name": f"Operator {index}"})  # fmt: skip
    await services.persons.create(None, "aaaa", {"name": "Zoe Zubiri"})  # first by id
    reply, _ = await command(services, "U0BERNAT", "persons")
    assert_message_ok(reply.blocks)
    assert "Zoe Zubiri" not in json.dumps(reply.blocks)
    assert ids.PERSONS_PAGE + ".next" in json.dumps(reply.blocks)
    first = json.dumps(reply.blocks)  # by name, not by id (`anna`, `bernat`, `opaa`…)
    names = ["*Anna Puig*", "*Bernat Roig*", "*Operator 0*", "*Operator 1*", "*Operator 10*"]
    assert [first.index(n) for n in names] == sorted(first.index(n) for n in names)
    respond = AsyncMock()
    body = action_body("U0BERNAT", page_value("", 2))
    await handle_persons_page(AsyncMock(), body, RecordingClient(), {"services": services}, respond)
    blocks = respond.await_args.kwargs["blocks"]
    assert_message_ok(blocks)
    assert "Page 3 of 3" in json.dumps(blocks) and "*Operator 99* `opdv`" in json.dumps(blocks)
    assert "*Zoe Zubiri* `aaaa`" in json.dumps(blocks)  # last by name


async def test_removing_someone_says_which_published_turns_nobody_will_take(services, people):
    week = monday_of(services.now().date()) + dt.timedelta(days=7)
    table = Timetable.empty(week, list(WEEKDAYS), ["09:00", "10:15", "11:30"], 2)
    table.cells["dm"][1][1] = table.cells["dj"][0][0] = "bernat"
    await services.timetable.timetables.save(table, "published", "anna")
    respond = AsyncMock()
    body = action_body("U0ANNA", "bernat")
    await handle_person_remove(
        AsyncMock(), body, RecordingClient(), {"services": services}, respond
    )
    text = respond.await_args.kwargs["text"]
    tuesday = date_text("en", week + dt.timedelta(days=1))
    assert text.startswith("Bernat Roig (`bernat`) has been removed. Their turns still to come")
    assert f": 2 (the first: Tuesday {tuesday} 10:15–11:30)" in text and "/tomatic replan" in text


async def test_a_busy_entry_over_ones_published_turn_says_the_turn_stays_theirs(services, people):
    week = monday_of(services.now().date()) + dt.timedelta(days=7)
    table = Timetable.empty(week, list(WEEKDAYS), ["09:00", "10:15", "11:30"], 2)
    table.cells["dm"][0][1] = table.cells["dv"][1][0] = "bernat"
    await services.timetable.timetables.save(table, "published", "anna")
    reply, _ = await command(services, "U0BERNAT", "busy add dm 1000 required Dentist")
    tuesday = date_text("en", week + dt.timedelta(days=1))
    assert (
        f"Bernat Roig is on the phones then in a published timetable: Tuesday {tuesday} 09:00–10:15."
        in reply.text
    )
    reply, _ = await command(services, "U0BERNAT", "busy add dv 1000 required Gym")
    assert "Busy entry added" in reply.text and "on the phones" not in reply.text
    client = RecordingClient()  # the form says it too
    values = {ids.BUSY_DAY: "dv", ids.BUSY_TURNS: ["1"], ids.BUSY_REASON: "Gym too"}
    body = view_body("U0BERNAT", ids.BUSY_VIEW, values, metadata="bernat|C1")
    await handle_busy_submit(AsyncMock(), body, client, {"services": services})
    friday = date_text("en", week + dt.timedelta(days=4))
    said = client.of("chat_postEphemeral")[0]["text"]
    assert f"in a published timetable: Friday {friday} 10:15–11:30." in said

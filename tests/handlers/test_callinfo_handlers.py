"""Call-info listeners called directly: AsyncMock ack/respond, real services on the demo ERP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.callinfo import (
    handle_call_annotate,
    handle_call_details,
    handle_call_invoices,
    handle_call_open,
    handle_call_suggestions,
)
from handlers.blocks.callinfo import call_card_blocks
from handlers.views.callinfo import handle_call_annotate_submit, handle_call_search_submit
from tests.conftest import services_on
from tests.fakes import RecordingClient
from tests.support.bigcustomers import categories
from tests.support.callinfo import FakeCallNotifier
from tests.support.slack import RESPONSE_URL, as_bolt, slash_reply
from tomatic.domain.calls import Call
from tomatic.domain.customer import Contract, Partner, SearchResult
from tomatic.i18n import t
from tomatic.services import Services

PHONE = "629436216"  # Romero Garcia, María


@pytest.fixture
async def bernat(services):
    return await services.persons.create(
        None, "bernat", {"name": "Bernat", "extension": "3002", "slack_user_id": "U0BERNAT"}
    )


@pytest.fixture
async def services(settings, stores, notifier, runner) -> AsyncIterator[Services]:
    built = services_on(settings, stores, notifier, runner, call_notifier=FakeCallNotifier())
    yield built
    await built.close()


@pytest.fixture
async def call(services, bernat) -> Call:
    return await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-1")


async def slash(services, text: str, user: str = "U0BERNAT") -> dict[str, Any]:
    return await slash_reply(services, text, user, channel="C1", client=RecordingClient())


def action_body(action_id: str, value: str, user: str = "U0BERNAT") -> dict[str, Any]:
    return {"user": {"id": user}, "trigger_id": "T2", "channel": {"id": "D1"},
            "actions": [{"action_id": action_id, "value": value}], "response_url": RESPONSE_URL}  # fmt: skip


def view_body(callback: str, metadata: str, values: dict[str, Any]) -> dict[str, Any]:
    state = {block: {block: element} for block, element in values.items()}
    view = {"callback_id": callback, "private_metadata": metadata, "state": {"values": state}}
    return {"user": {"id": "U0BERNAT"}, "view": view}


def annotate_values(categories: list[str], comment: str = "") -> dict[str, Any]:
    return {
        ids.CALL_CATEGORIES: {"type": "multi_static_select",
                              "selected_options": [{"value": c} for c in categories]},
        ids.CALL_PARTNER: {"type": "static_select", "selected_option": {"value": "1001"}},
        ids.CALL_CONTRACT: {"type": "static_select", "selected_option": None},
        ids.CALL_COMMENT: {"type": "plain_text_input", "value": comment},
    }  # fmt: skip


class TestSearchCommand:
    async def test_search_answers_privately_with_the_card(self, services, bernat):
        reply = await slash(services, "search 20339082K")
        assert reply["response_type"] == "ephemeral"
        summary = reply["blocks"][0]["text"]["text"]
        assert summary.startswith("*Romero Garcia, María* · Member S056476 · 2 contracts")
        assert ":warning: 2 unpaid invoices" in summary
        blocks = json.dumps(reply["blocks"], ensure_ascii=False)
        assert "`0012000` · Active · 3.0TD" in blocks
        assert ids.CALL_DETAILS in blocks and ids.CALL_SEARCH in blocks

    async def test_a_name_search_lists_five_summary_lines_and_how_to_refine(self, services, bernat):
        reply = await slash(services, "search garcia p")
        blocks = reply["blocks"]
        opened = [b for b in blocks if b.get("accessory", {}).get("action_id") == ids.CALL_OPEN]
        assert len(opened) == 5
        assert not any(ids.CALL_DETAILS in json.dumps(b) for b in blocks)
        [more] = [b for b in blocks if "more." in json.dumps(b)]
        assert "Use Search with a more specific value" in more["elements"][0]["text"]

    async def test_explicit_field_and_catalan_alias(self, services, bernat):
        reply = await slash(services, "cerca email:maria.romero10")
        assert "Romero Garcia, María" in json.dumps(reply["blocks"], ensure_ascii=False)

    async def test_empty_search_explains_what_to_type(self, services, bernat):
        reply = await slash(services, "busca")
        assert reply["text"].startswith(":warning: Type what to search for")
        assert not reply.get("blocks")

    async def test_strangers_get_no_customer_data(self, services):
        reply = await slash(services, "search 20339082K", user="U0STRANGER")
        assert "Romero" not in json.dumps(reply)


class TestCardButtons:
    async def test_invoices_are_a_private_reply(self, services, bernat, call):
        respond = AsyncMock()
        body = action_body(ids.CALL_INVOICES, "0012000")
        await handle_call_invoices(AsyncMock(), body, RecordingClient(), {"services": services},
                                   respond)  # fmt: skip
        reply = respond.await_args.kwargs
        assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
        assert "0012000" in reply["text"] and "€" in json.dumps(reply["blocks"], ensure_ascii=False)

    async def test_annotate_opens_a_modal_with_categories_and_the_calls_partner(
        self, services, call
    ):
        client = RecordingClient()
        await handle_call_annotate(AsyncMock(), action_body(ids.CALL_ANNOTATE, "pbx-1"), client,
                                   {"services": services}, AsyncMock())  # fmt: skip
        [(method, kwargs)] = client.calls
        assert method == "views_open" and kwargs["trigger_id"] == "T2"
        view = kwargs["view"]
        assert view["callback_id"] == ids.CALL_ANNOTATE_VIEW and view["private_metadata"] == "pbx-1"
        text = json.dumps(view, ensure_ascii=False)
        assert "FA01" in text and "Romero Garcia, María" in text and len(view["blocks"]) <= 100

    async def test_someone_elses_call_cannot_be_annotated(self, services, call):
        await services.persons.create(None, "carla", {"slack_user_id": "U0CARLA"})
        client, respond = RecordingClient(), AsyncMock()
        body = action_body(ids.CALL_ANNOTATE, "pbx-1", user="U0CARLA")
        context = {"services": services}
        await as_bolt(handle_call_annotate(AsyncMock(), body, client, context, respond), body,
                      context, client, respond)  # fmt: skip
        assert client.calls == []
        assert respond.await_args.kwargs["text"].startswith(":warning:")


class TestModals:
    async def test_annotate_submit_stores_categories_and_calls_shows_them(self, services, call):
        ack, client = AsyncMock(), RecordingClient()
        body = view_body(ids.CALL_ANNOTATE_VIEW, "pbx-1", annotate_values(["FA01", "LE01"], "ok"))
        await handle_call_annotate_submit(ack, body, client, {"services": services})
        ack.assert_awaited_once_with()
        [stored] = await services.callinfo.recent_calls(await services.persons.get("bernat"))
        assert stored.annotation.categories == ["FA01", "LE01"]
        assert stored.annotation.partner_name == "Romero Garcia, María"
        assert client.calls[0][1]["channel"] == "U0BERNAT"
        listing = await slash(services, "trucades")
        text = json.dumps(listing["blocks"], ensure_ascii=False)
        assert "Annotated: FA01, LE01" in text and PHONE in text and ids.CALL_ANNOTATE in text

    async def test_annotate_without_categories_keeps_the_modal_open(self, services, call):
        ack = AsyncMock()
        body = view_body(ids.CALL_ANNOTATE_VIEW, "pbx-1", annotate_values([]))
        await handle_call_annotate_submit(ack, body, RecordingClient(), {"services": services})
        errors = ack.await_args.kwargs
        assert errors["response_action"] == "errors" and ids.CALL_CATEGORIES in errors["errors"]
        listing = await slash(services, "calls")
        assert "Pending annotation" in json.dumps(listing["blocks"])

    async def test_search_modal_sends_results_to_the_users_dm(self, services, bernat):
        ack, client = AsyncMock(), RecordingClient()
        values = {ids.CALL_SEARCH_TEXT: {"type": "plain_text_input", "value": "0012000"}}
        body = view_body(ids.CALL_SEARCH_VIEW, "", values)
        await handle_call_search_submit(ack, body, client, {"services": services})
        ack.assert_awaited_once_with()
        [(method, kwargs)] = client.calls
        assert method == "chat_postMessage" and kwargs["channel"] == "U0BERNAT"
        assert "Romero Garcia, María" in json.dumps(kwargs["blocks"], ensure_ascii=False)

    async def test_an_impossible_search_is_an_error_in_the_modal(self, services, bernat):
        ack, client = AsyncMock(), RecordingClient()
        values = {ids.CALL_SEARCH_TEXT: {"type": "plain_text_input", "value": "nif:"}}
        await handle_call_search_submit(ack, view_body(ids.CALL_SEARCH_VIEW, "", values), client,
                                        {"services": services})  # fmt: skip
        assert ids.CALL_SEARCH_TEXT in ack.await_args.kwargs["errors"]
        assert client.calls == []


def test_many_customers_on_one_phone_are_five_lines_and_a_count():
    contracts = [Contract(erp_id=i, number=f"{i:07d}", roles=["owner"]) for i in range(3)]
    partners = [Partner(erp_id=i, name=f"P{i}", contracts=contracts) for i in range(21)]
    call = Call(call_id="x", at="2026-11-26T10:00:00+01:00", phone="600000000")
    blocks = call_card_blocks(call, SearchResult(field="phone", value="6", partners=partners), "en")
    assert blocks[0]["text"]["text"].endswith("21 customers have this number")
    assert blocks[1]["elements"][0]["action_id"] == ids.CALL_ANNOTATE
    assert len(blocks) == 2 + 5 + 1
    assert "… and 16 more." in blocks[-1]["elements"][0]["text"]


def test_an_unavailable_erp_still_gives_a_card_with_search():
    call = Call(call_id="x", at="2026-11-26T10:05:00+01:00", phone="600000000")
    blocks = call_card_blocks(call, None, "ca")
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Trucada del 600000000 a les 10:05" in text and "no es poden consultar" in text
    assert [e["action_id"] for e in blocks[1]["elements"]] == [ids.CALL_ANNOTATE, ids.CALL_SEARCH]


class TestOpenDetailsAndTypeAhead:
    async def press(self, services, action_id: str, value: str) -> dict[str, Any]:
        respond, client, context = AsyncMock(), RecordingClient(), {"services": services}
        body = action_body(action_id, value)
        handler = handle_call_open if action_id == ids.CALL_OPEN else handle_call_details
        work = handler(AsyncMock(), body, client, context, respond)
        await as_bolt(work, body, context, client, respond)
        return respond.await_args.kwargs

    async def test_open_shows_that_customer_privately(self, services, bernat):
        reply = await self.press(services, ids.CALL_OPEN, "1001")
        assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
        assert reply["blocks"][0]["text"]["text"].startswith("*Romero Garcia, María*")

    async def test_details_show_the_whole_contract_with_invoices_and_readings(
        self, services, bernat
    ):
        reply = await self.press(services, ids.CALL_DETAILS, "12000")
        text = json.dumps(reply["blocks"], ensure_ascii=False)
        assert reply["text"] == "Contract 0012000"
        assert "ES0026854233519178WR" in text and "Passeig de Gràcia, 80" in text
        assert "11/2/2024 ⇨ today" in text  # the team's one date format
        assert ids.CALL_INVOICES in text and ids.CALL_READINGS in text

    @pytest.mark.parametrize(
        ("action_id", "value", "key"),
        [
            (ids.CALL_OPEN, "abc", "callinfo.unknown_customer"),
            (ids.CALL_OPEN, "424242", "callinfo.unknown_customer"),
            (ids.CALL_DETAILS, "<!here>", "callinfo.bad_contract"),
            (ids.CALL_DETAILS, "9999999", "callinfo.unknown_contract_number"),
        ],
    )
    async def test_a_stale_or_forged_button_gets_a_sentence(
        self, services, bernat, action_id, value, key
    ):
        reply = await self.press(services, action_id, value)
        assert reply["text"] == ":warning: " + t("en", key, number=value)

    def suggestion_body(self, picker: str, typed: str, user: str = "U0BERNAT") -> dict[str, Any]:
        view = {"private_metadata": "pbx-1"}
        body = {"type": "block_suggestion", "user": {"id": user}, "action_id": picker}
        return body | {"block_id": picker, "value": typed, "view": view}

    async def test_type_ahead_answers_with_the_matching_categories(self, services, call):
        await services.callinfo.import_categories(categories(150), "test")
        ack, client, context = AsyncMock(), RecordingClient(), {"services": services}
        body = self.suggestion_body(ids.CALL_CATEGORIES, "rectificacio k149")
        await handle_call_suggestions(ack, body, client, context)
        [option] = ack.await_args.kwargs["options"]
        assert option["value"] == "C149"

    async def test_type_ahead_answers_with_the_calls_customers(self, services, call):
        ack, client, context = AsyncMock(), RecordingClient(), {"services": services}
        body = self.suggestion_body(ids.CALL_PARTNER, "romero")
        await handle_call_suggestions(ack, body, client, context)
        [option] = ack.await_args.kwargs["options"]
        assert option["value"] == "1001" and "Romero Garcia" in option["text"]["text"]

    async def test_type_ahead_on_someone_elses_call_answers_nothing(self, services, call):
        await services.persons.create(None, "carla", {"slack_user_id": "U0CARLA"})
        ack, client, context = AsyncMock(), RecordingClient(), {"services": services}
        body = self.suggestion_body(ids.CALL_CONTRACT, "0", user="U0CARLA")
        await as_bolt(handle_call_suggestions(ack, body, client, context), body, context, client)
        ack.assert_not_awaited()
        assert client.calls == []

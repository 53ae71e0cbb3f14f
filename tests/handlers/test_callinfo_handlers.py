"""Call-info listeners called directly: AsyncMock ack/respond, real services on the demo ERP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.callinfo import handle_call_annotate, handle_call_invoices
from handlers.blocks.callinfo import call_card_blocks
from handlers.commands.slash import handle_tomatic
from handlers.views.callinfo import handle_call_annotate_submit, handle_call_search_submit
from tests.conftest import services_on
from tests.fakes import RecordingClient
from tests.support.callinfo import FakeCallNotifier
from tests.support.slack import RESPONSE_URL, as_bolt
from tomatic.domain.calls import Call
from tomatic.domain.customer import Contract, Partner, SearchResult
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
    ack, respond = AsyncMock(), AsyncMock()
    command = {"text": text, "user_id": user, "trigger_id": "T1", "channel_id": "C1",
               "response_url": RESPONSE_URL}  # fmt: skip
    client, context = RecordingClient(), {"services": services}
    await as_bolt(handle_tomatic(ack, command, respond, client, context), command, context, client,
                  respond)  # fmt: skip
    ack.assert_awaited_once()
    return respond.await_args.kwargs


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
        blocks = json.dumps(reply["blocks"], ensure_ascii=False)
        assert "Romero Garcia, María" in blocks and "ES0026854233519178WR" in blocks
        assert ids.CALL_INVOICES in blocks and ids.CALL_SEARCH in blocks

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


def test_a_big_result_stays_within_slack_limits_and_says_what_is_missing():
    contracts = [Contract(erp_id=i, number=f"{i:07d}", roles=["owner"]) for i in range(3)]
    partners = [Partner(erp_id=i, name=f"P{i}", contracts=contracts) for i in range(21)]
    call = Call(call_id="x", at="2026-11-26T10:00:00+01:00", phone="600000000")
    blocks = call_card_blocks(call, SearchResult(field="phone", value="6", partners=partners), "en")
    assert len(blocks) <= 50
    assert "more not shown" in json.dumps(blocks)
    assert blocks[-1]["elements"][0]["action_id"] == ids.CALL_ANNOTATE


def test_an_unavailable_erp_still_gives_a_card_with_search():
    call = Call(call_id="x", at="2026-11-26T10:05:00+01:00", phone="600000000")
    blocks = call_card_blocks(call, None, "ca")
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Trucada del 600000000 a les 10:05" in text and "no es poden consultar" in text
    assert ids.CALL_SEARCH in text

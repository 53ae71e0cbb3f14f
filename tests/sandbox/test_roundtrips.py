"""A real slack-bolt app driven through the sandbox: commands, buttons, modals, home, response URLs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox import Sandbox, signed_headers
from bot.sandbox.models import Message

from .boltapp import build_bolt_app, button, serve_bolt
from .conftest import make_sandbox


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = make_sandbox()
    async with sandbox.serve() as base_url, serve_bolt(build_bolt_app(base_url + "api/")) as url:
        sandbox.sender.events_url = url
        yield sandbox
    await sandbox.close()


async def test_command_then_button_replaces_the_ephemeral(box: Sandbox) -> None:
    reply = await box.slash_command("U0ANNA", "/tomatic", "hola", channel_id="C0TEAM")
    assert reply.status == 200
    [greeting] = await box.wait_for(lambda: box.ephemerals("U0ANNA", "C0TEAM"))
    assert "<@U0ANNA>" in greeting.blocks[0]["text"]["text"]
    assert box.ephemerals("U0BERNAT") == [] and box.messages() == []

    assert (await box.click("U0ANNA", greeting, "greet.press")).status == 200
    await box.wait_for(lambda: greeting.text.startswith("Saludat"))
    assert greeting.text == "Saludat per <@U0ANNA>" and greeting.blocks == []
    assert len(box.ephemerals("U0ANNA")) == 1
    assert box.problems == []


async def test_a_synchronous_ack_text_is_shown_as_ephemeral(box: Sandbox) -> None:
    await box.slash_command("U0BERNAT", "/tomatic", "quick")
    assert [m.text for m in box.ephemerals("U0BERNAT")] == ["Resposta immediata"]


async def test_in_channel_responses_are_seen_by_everybody(box: Sandbox) -> None:
    await box.slash_command("U0ANNA", "/tomatic", "announce", channel_id="C0TEAM")
    [message] = await box.wait_for(lambda: box.messages("C0TEAM"))
    assert message.text == "Canvi de torn en 5m" and not message.is_ephemeral


async def test_a_button_on_a_channel_message_leads_to_chat_update(box: Sandbox) -> None:
    card = Message(
        "C0TEAM", box.workspace.next_ts(), "U0TOMATIC", "📞 En trucada", bot_id="B0TOMATIC"
    )
    card.blocks = [
        {"type": "actions", "block_id": "q", "elements": [button("card.pause", "Pausa", "U0ANNA")]}
    ]
    box.workspace.add_message(card)
    await box.click("U0BERNAT", card.ts, "card.pause")
    await box.wait_for(lambda: card.text == "⏸ Pausada")
    assert card.edited and [c[0] for c in box.calls][-1] == "chat.update"


async def test_modal_rejects_then_accepts_a_submission(box: Sandbox) -> None:
    await box.slash_command("U0ANNA", "/tomatic", "modal")
    modal = await box.wait_for(lambda: box.modal("U0ANNA"))
    assert modal.body["callback_id"] == "profile.edit"

    rejected = await box.submit_view("U0ANNA", modal.id, {"name.input": "Jo"})
    assert rejected.json() == {"response_action": "errors", "errors": {"name": "Massa curt"}}
    assert box.modal("U0ANNA") is modal and modal.errors == {"name": "Massa curt"}

    accepted = await box.submit_view(
        "U0ANNA", modal.id, {"name": {"name.input": "Josep"}, "table": "3"}
    )
    assert accepted.status == 200 and box.modal("U0ANNA") is None
    [saved] = await box.wait_for(lambda: box.dms("U0ANNA"))
    assert saved.text == "Perfil desat: Josep, taula 3"


async def test_unchanged_inputs_submit_their_initial_values(box: Sandbox) -> None:
    await box.slash_command("U0BERNAT", "/tomatic", "modal")
    await box.wait_for(lambda: box.modal("U0BERNAT"))
    await box.submit_view("U0BERNAT", values={"name.input": "Bernat"})
    [saved] = await box.wait_for(lambda: box.dms("U0BERNAT"))
    assert saved.text.endswith("taula 1")


async def test_a_button_in_a_modal_updates_the_view(box: Sandbox) -> None:
    await box.slash_command("U0ANNA", "/tomatic", "modal")
    modal = await box.wait_for(lambda: box.modal("U0ANNA"))
    old_hash = modal.hash
    await box.click("U0ANNA", modal.id, "profile.more", values={"name.input": "Anna"})
    await box.wait_for(lambda: modal.hash != old_hash)
    assert modal.blocks[-1]["type"] == "divider"
    assert box.modal("U0ANNA") is modal


async def test_trigger_ids_from_clicks_open_modals_once(box: Sandbox) -> None:
    await box.slash_command("U0ANNA", "/tomatic", "hola")
    [greeting] = await box.wait_for(lambda: box.ephemerals("U0ANNA"))
    await box.click("U0ANNA", greeting, "greet.profile")
    await box.wait_for(lambda: box.modal("U0ANNA"))
    used = [t for t in box.workspace.triggers.values() if t.used]
    assert len(used) == 1


async def test_opening_home_publishes_the_view(box: Sandbox) -> None:
    await box.open_home("U0BERNAT")
    home = await box.wait_for(lambda: box.home("U0BERNAT"))
    assert home.blocks[0]["text"]["text"] == "Els meus torns"
    assert box.home("U0ANNA") is None


async def test_forged_signatures_are_refused_by_the_bot(box: Sandbox) -> None:
    body = "command=%2Ftomatic&text=hola&user_id=U0ANNA"
    reply = await box.send_raw(
        body, signed_headers("wrong", body, "application/x-www-form-urlencoded")
    )
    assert reply.status == 401

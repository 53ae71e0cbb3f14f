"""An operator's calls through the real app and the Slack sandbox: the ringing phone's card,
annotating it (type-ahead past 100 categories), the calls list, searching.

The sandbox refuses what Slack refuses; `sandbox.problems` collects the bot's protocol
mistakes (late acknowledgements, malformed options), and must stay empty.
"""

from __future__ import annotations

import json
import time

import aiohttp
import pytest
from structlog.testing import capture_logs

from handlers import ids
from tests.conftest import REPO
from tests.support.bigcustomers import categories
from tests.support.xmlrpc_erp import FakeErpServer, tables_from_demo
from tomatic.i18n import t

RING_TOKEN = "ringring-token-for-e2e-tests"
PHONE = "629436216"  # Romero Garcia, María, in data/demo_erp.json


def text_of(message) -> str:
    return (message.text or "") + json.dumps(message.blocks or [], ensure_ascii=False)


def actions_in(blocks) -> list[str]:
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        found += [e.get("action_id") for e in [*elements, block.get("accessory") or {}] if e]
    return found


@pytest.fixture
async def ringing(team):
    """The team's stack with a ringring token, Bernat met (so DMs reach him)."""
    team.overrides["TOMATIC_RINGRING_TOKEN"] = RING_TOKEN
    await team.restart()
    await team.command("U0BERNAT", "calls")
    return team


async def ring(stack, call_id: str) -> None:
    params = {"phone": PHONE, "ext": "3002", "callid": call_id, "token": RING_TOKEN}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{stack.url}/api/info/ringring", params=params) as answer,
    ):
        assert answer.status == 200


async def card_of(stack, call_id: str):
    sandbox = stack.sandbox

    def done():
        return next(
            (
                m
                for m in sandbox.dms("U0BERNAT")
                if call_id in text_of(m) and "Romero" in text_of(m)
            ),
            None,
        )

    return await sandbox.wait_for(done, timeout=5)


async def test_the_card_starts_with_the_summary_and_annotating_it_shows_in_calls(ringing):
    sandbox = ringing.sandbox
    await ring(ringing, "c-1")
    card = await card_of(ringing, "c-1")
    assert card.blocks[0]["text"]["text"].startswith(":telephone_receiver: *Romero Garcia, María*")
    assert ids.CALL_ANNOTATE in actions_in(card.blocks[:3])

    before = len(sandbox.ephemerals("U0BERNAT"))
    await sandbox.click("U0BERNAT", card, ids.CALL_DETAILS, block_id=card.blocks[4]["block_id"])
    details = await sandbox.wait_for(lambda: sandbox.ephemerals("U0BERNAT")[before:])
    assert "ES0026854233519178WR" in text_of(details[0])

    await sandbox.click("U0BERNAT", card, ids.CALL_ANNOTATE)
    modal = await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))
    picker = next(b for b in modal.blocks if b.get("block_id") == ids.CALL_CATEGORIES)
    assert picker["element"]["type"] == "multi_static_select"
    await sandbox.submit_view(
        "U0BERNAT", values={ids.CALL_CATEGORIES: ["FA01"], ids.CALL_COMMENT: "<!channel> ok"}
    )
    await sandbox.wait_for(lambda: ":white_check_mark:" in (sandbox.dms("U0BERNAT")[-1].text or ""))
    listing = await ringing.command("U0BERNAT", "calls")
    assert "FA01" in listing[-1] and "&lt;!channel&gt; ok" in listing[-1]
    assert sandbox.problems == []


async def test_past_100_categories_the_form_offers_them_as_the_operator_types(ringing):
    sandbox = ringing.sandbox
    await ringing.services.callinfo.import_categories(categories(150), "test")
    await ring(ringing, "c-2")
    card = await card_of(ringing, "c-2")
    await sandbox.click("U0BERNAT", card, ids.CALL_ANNOTATE)
    form = await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))

    wide = await sandbox.suggest("U0BERNAT", form, ids.CALL_CATEGORIES, "")
    assert len(wide) == 100
    [last] = await sandbox.suggest("U0BERNAT", form, ids.CALL_CATEGORIES, "rectificacio 149")
    await sandbox.submit_view("U0BERNAT", values={ids.CALL_CATEGORIES: [last["value"]]})
    await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT") is None)
    stored = await ringing.services.callinfo.call_for(
        await ringing.services.persons.get("bernat"), "c-2"
    )
    assert stored.annotation.categories == ["C149"]
    assert sandbox.problems == []


async def test_searches_with_invisible_characters_or_markup_get_sentences(team):
    [invisible] = await team.command("U0BERNAT", "search \x01\x02")
    assert t("es", "callinfo.invisible_search") in invisible
    [markup] = await team.command("U0BERNAT", "search <!channel>")
    assert "&lt;!channel&gt;" in markup and "<!channel>" not in markup.replace("search", "")
    [found] = await team.command("U0BERNAT", "search garcia")
    assert t("es", "callinfo.too_many") in found
    assert team.sandbox.problems == []


async def test_a_hung_erp_is_a_sentence_before_five_seconds(team):
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as erp:
        team.overrides |= {"TOMATIC_ERP": "odoo", "TOMATIC_ERP_URL": erp.url}
        team.overrides |= {"TOMATIC_ERP_DB": "erp", "TOMATIC_ERP_USER": "tomatic"}
        team.overrides["TOMATIC_ERP_PASSWORD"] = "secret"
        await team.restart()
        erp.delay = 30.0  # every request hangs, the login first
        started = time.monotonic()
        [answer] = await team.command("U0BERNAT", "search 629436216")
        waited = time.monotonic() - started
    assert t("es", "callinfo.unavailable") in answer
    assert waited < 5.0


async def test_wildcards_typed_in_a_search_list_no_customers(team):
    """Issue 14: `%` and `_` reach the Odoo ERP as plain characters, not as wildcards."""
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as erp:
        team.overrides |= {"TOMATIC_ERP": "odoo", "TOMATIC_ERP_URL": erp.url}
        team.overrides |= {"TOMATIC_ERP_DB": "erp", "TOMATIC_ERP_USER": "tomatic"}
        team.overrides["TOMATIC_ERP_PASSWORD"] = "secret"
        await team.restart()
        [found] = await team.command("U0BERNAT", "search 629436216")
        assert "Romero Garcia" in found  # the ERP answers searches
        for typed in ("vat:%", "email:%@%", "vat:_________", "cups:%"):
            [answer] = await team.command("U0BERNAT", f"search {typed}")
            assert t("es", "callinfo.no_results") in answer, typed
            assert ids.CALL_OPEN not in answer and "Romero" not in answer, typed


async def test_stopping_while_a_listener_works_lets_it_finish_and_logs_no_error(team):
    """A search waiting on a slow ERP when the service stops: it answers, then everything
    closes, without "cannot schedule new futures after shutdown" or any other error."""
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as erp:
        team.overrides |= {"TOMATIC_ERP": "odoo", "TOMATIC_ERP_URL": erp.url}
        team.overrides |= {"TOMATIC_ERP_DB": "erp", "TOMATIC_ERP_USER": "tomatic"}
        team.overrides["TOMATIC_ERP_PASSWORD"] = "secret"
        await team.restart()
        await team.command("U0BERNAT", "search 629436216")  # logged in, the schema known
        erp.delay = 0.3
        before = len(team.sandbox.ephemerals("U0BERNAT"))
        with capture_logs() as logs:
            reply = await team.sandbox.slash_command("U0BERNAT", "/tomatic", "search 629436216")
            assert reply.status == 200  # acknowledged; the search goes on
            await team.stop()
        answers = team.sandbox.ephemerals("U0BERNAT")[before:]
    assert [m for m in answers if "Romero Garcia" in text_of(m)] != []  # the card came
    assert [e for e in logs if e["log_level"] in ("error", "critical")] == []

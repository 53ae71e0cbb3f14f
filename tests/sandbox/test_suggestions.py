"""Type-ahead menus in the sandbox: block_suggestion requests to a real bolt app, choosing an
offered option in a modal or a message, and the page's `ui/suggest` route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox import Sandbox
from bot.sandbox.models import Message

from .boltapp import plain, serve_bolt
from .conftest import BOT_TOKEN, SIGNING_SECRET, make_sandbox, page_headers

NAMES = [f"Persona {n:03d}" for n in range(300)]
PICKER = {"type": "external_select", "action_id": "who.pick", "min_query_length": 2}
MODAL = {
    "type": "modal",
    "callback_id": "who.form",
    "title": plain("Qui?"),
    "submit": plain("Desa"),
    "blocks": [{"type": "input", "block_id": "who", "label": plain("Qui"), "element": PICKER}],
}


def options(query: str, limit: int = 100) -> list[dict[str, Any]]:
    found = [n for n in NAMES if query.lower() in n.lower()]
    return [{"text": plain(n), "value": n.split()[-1]} for n in found[:limit]]


def build_app(api_url: str) -> AsyncApp:
    app = AsyncApp(
        signing_secret=SIGNING_SECRET, client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    )

    @app.command("/tomatic")
    async def open_form(ack, body, client) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.options("who.pick")
    async def suggest(ack, body) -> None:
        limit = 150 if body["value"] == "too many" else 100
        await ack(options=options("" if limit > 100 else body["value"], limit))

    @app.view("who.form")
    async def submitted(ack, body, view, client) -> None:
        await ack()
        chosen = view["state"]["values"]["who"]["who.pick"]["selected_option"]
        await client.chat_postMessage(channel=body["user"]["id"], text=f"Triat: {chosen['value']}")

    @app.action("who.pick")
    async def picked(ack, body, respond) -> None:
        await ack()
        await respond(
            replace_original=True, text=f"Triat: {body['actions'][0]['selected_option']['value']}"
        )

    return app


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = make_sandbox()
    async with sandbox.serve() as base_url, serve_bolt(build_app(base_url + "api/")) as url:
        sandbox.sender.events_url = url
        yield sandbox
    await sandbox.close()


async def open_modal(box: Sandbox) -> str:
    await box.slash_command("U0ANNA", "/tomatic", "form")
    modal = await box.wait_for(lambda: box.modal("U0ANNA"))
    return modal.id


async def test_typing_asks_the_app_and_an_offered_option_can_be_submitted(box: Sandbox) -> None:
    view_id = await open_modal(box)
    assert await box.suggest("U0ANNA", view_id, "who.pick", "2") == []  # below min_query_length
    offered = await box.suggest("U0ANNA", view_id, "who.pick", "299")
    assert [o["value"] for o in offered] == ["299"]
    await box.submit_view("U0ANNA", values={"who.pick": "299"})
    [dm] = await box.wait_for(lambda: box.dms("U0ANNA"))
    assert dm.text == "Triat: 299" and box.modal("U0ANNA") is None
    assert box.problems == []


async def test_only_an_offered_option_can_be_chosen(box: Sandbox) -> None:
    view_id = await open_modal(box)
    await box.suggest("U0ANNA", view_id, "who.pick", "Persona 00")
    with pytest.raises(ValueError, match="no option with value '150'"):
        await box.submit_view("U0ANNA", values={"who.pick": "150"})


async def test_an_answer_over_slacks_limits_is_a_problem_not_options(box: Sandbox) -> None:
    view_id = await open_modal(box)
    assert await box.suggest("U0ANNA", view_id, "who.pick", "too many") == []
    assert box.problems and "invalid_options" in box.problems[0]


async def test_a_type_ahead_menu_in_a_message_fires_its_action(box: Sandbox) -> None:
    menu = Message("C0TEAM", box.workspace.next_ts(), "U0TOMATIC", "Tria", bot_id="B0TOMATIC")
    menu.blocks = [{"type": "actions", "block_id": "m", "elements": [PICKER]}]
    box.workspace.add_message(menu)
    offered = await box.suggest("U0BERNAT", menu.ts, "who.pick", "persona 01")
    assert len(offered) == 10
    await box.click("U0BERNAT", menu, "who.pick", selected="017")
    await box.wait_for(lambda: menu.text == "Triat: 017")


async def test_the_page_asks_for_options_through_ui_suggest(box: Sandbox) -> None:
    view_id = await open_modal(box)
    body = {"user": "U0ANNA", "ref": view_id, "action_id": "who.pick", "value": "Persona 12"}
    url = box.response_url_base() + "ui/suggest"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=page_headers(box)) as response,
    ):
        answer = await response.json()
    assert answer["ok"] and [o["value"] for o in answer["options"]][:2] == ["120", "121"]


async def test_a_person_types_ahead_in_the_page_and_submits(box: Sandbox) -> None:
    from playwright.async_api import async_playwright, expect

    from .test_browser import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        page.set_default_timeout(5000)
        await page.goto(box.page_url)
        await page.get_by_label("You are").select_option("U0ANNA")
        message = page.get_by_role("textbox", name="Message", exact=True)
        await message.fill("/tomatic form")
        await message.press("Enter")
        dialog = page.get_by_role("dialog", name="Qui?")
        await dialog.get_by_role("searchbox").fill("Persona 29")
        menu = dialog.locator("select[data-action-id='who.pick']")
        await expect(menu.locator("option[value='299']")).to_be_attached()
        await menu.select_option("299")
        await dialog.get_by_role("button", name="Desa").click()
        await expect(dialog).to_be_hidden()
        await expect(page.locator(".messages")).to_contain_text("Triat: 299")
        await browser.close()
    assert box.problems == []

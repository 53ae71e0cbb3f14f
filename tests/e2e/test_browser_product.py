"""Issue 6 end to end: `make run` without tokens, used in a real browser through the sandbox."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Page, async_playwright, expect

from bot.app import create_app
from bot.sandbox_mode import sandbox_page_url
from tests.conftest import make_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    port = _free_port()
    settings = make_settings(tmp_path, TOMATIC_PORT=str(port))
    assert settings.sandbox
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = await browser.new_page()
            tab.set_default_timeout(8000)
            await tab.goto(sandbox_page_url(app))  # what `make run` prints
            yield tab
            await browser.close()
    finally:
        await runner.cleanup()


async def send(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Message", exact=True)
    await box.fill(text)
    await box.press("Enter")


async def test_a_newcomer_manages_busy_entries_and_gets_a_call(page: Page) -> None:
    await page.get_by_label("You are").select_option("U0JOAN")
    await send(page, "/tomatic busy add dm 0011 optional Team meeting")
    await expect(page.locator(".message.ephemeral").last).to_contain_text("Busy entry added")

    await send(page, "/tomatic busy")
    listing = page.locator(".message.ephemeral").last
    await expect(listing).to_contain_text("Team meeting")
    row = listing.locator(".bk-section", has_text="Team meeting")
    await row.get_by_role("button", name="Remove").click()
    confirm = page.locator("#confirm")  # Slack asks before a destructive button
    await expect(confirm).to_contain_text("Team meeting")
    await confirm.get_by_role("button", name="Remove").click()
    await expect(page.locator(".message.ephemeral").last).to_contain_text("removed")
    updated = page.locator(".message.ephemeral").last
    await expect(updated.locator(".bk-section", has_text="Team meeting")).to_have_count(0)
    await expect(updated.locator(".bk-section", has_text="Jornada reduïda")).to_have_count(1)

    await page.get_by_role("button", name="Simulate incoming call").click()
    await page.get_by_role("button", name="Tomàtic", exact=True).click()
    card = page.locator(".message", has_text="Call from").last
    await expect(card).not_to_contain_text("Searching", timeout=10000)
    await card.get_by_role("button", name="Annotate").click()
    dialog = page.get_by_role("dialog", name="Annotate call")
    await expect(dialog).to_contain_text("Categories")

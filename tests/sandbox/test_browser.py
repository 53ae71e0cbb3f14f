"""The sandbox page in a real (headless) Chromium, driving the small bolt app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Page, async_playwright, expect

from bot.sandbox import Sandbox

from .boltapp import build_bolt_app, serve_bolt
from .conftest import make_sandbox

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
async def page_and_box() -> AsyncIterator[tuple[Page, Sandbox]]:
    box = make_sandbox()
    async with box.serve() as base_url, serve_bolt(build_bolt_app(base_url + "api/")) as url:
        box.sender.events_url = url
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = await browser.new_page()
            page.set_default_timeout(5000)
            await page.goto(box.page_url)
            yield page, box
            await browser.close()
    await box.close()


async def send(page: Page, text: str) -> None:
    await page.get_by_role("textbox", name="Message", exact=True).fill(text)
    await page.get_by_role("textbox", name="Message", exact=True).press("Enter")


async def test_a_person_uses_commands_buttons_and_modals(
    page_and_box: tuple[Page, Sandbox],
) -> None:
    page, box = page_and_box
    await page.get_by_label("You are").select_option("U0ANNA")
    await expect(
        page.get_by_role("option", name="★ Anna Puig (@anna) · coordinator")
    ).to_be_attached()

    await send(page, "/tomatic hola")
    greeting = page.locator(".message.ephemeral")
    await expect(greeting).to_contain_text("Only visible to you")
    await expect(greeting.locator("strong")).to_have_text("Hola")
    await expect(greeting.locator(".mention")).to_have_text("@Anna Puig")

    await greeting.get_by_role("button", name="Saluda").click()
    await expect(greeting).to_contain_text("Saludat per @Anna Puig")
    await expect(page.get_by_role("button", name="Saluda")).to_have_count(0)

    await send(page, "/tomatic modal")
    dialog = page.get_by_role("dialog", name="Edita el perfil")
    await expect(dialog).to_be_visible()
    await dialog.get_by_label("Nom").fill("Jo")
    await dialog.get_by_role("button", name="Desa").click()
    await expect(dialog.get_by_role("alert").first).to_have_text("Massa curt")

    await dialog.get_by_label("Nom").fill("Josep")
    await dialog.get_by_label("Taula").select_option("3")
    await dialog.get_by_role("button", name="Desa").click()
    await expect(dialog).to_be_hidden()
    await expect(page.locator(".messages")).to_contain_text("Perfil desat: Josep, taula 3")
    assert box.problems == []


async def test_ephemerals_home_and_channels_depend_on_who_you_are(
    page_and_box: tuple[Page, Sandbox],
) -> None:
    page, box = page_and_box
    await page.get_by_label("You are").select_option("U0BERNAT")
    await send(page, "/tomatic hola")
    await expect(page.locator(".message.ephemeral")).to_have_count(1)

    await page.get_by_label("You are").select_option("U0ANNA")
    await expect(page.locator(".message.ephemeral")).to_have_count(0)
    await page.get_by_role("button", name="# equip").click()
    await send(page, "/tomatic announce")
    await expect(page.locator(".messages")).to_contain_text("Canvi de torn en 5m")

    await page.get_by_role("button", name="Home (Tomàtic)").click()
    await expect(page.get_by_role("heading", name="Els meus torns")).to_be_visible()
    assert box.home("U0ANNA") is not None and box.home("U0BERNAT") is None

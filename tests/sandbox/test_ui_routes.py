"""The page's JSON routes: per-person state and the bot's demo actions."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox import DemoAction, Message, Sandbox

from .conftest import BOT_TOKEN, make_users, page_headers


async def test_state_shows_ephemerals_only_to_their_user(sandbox: Sandbox, base_url: str) -> None:
    sandbox.workspace.add_message(
        Message("C0TEAM", sandbox.workspace.next_ts(), "U0TOMATIC", "tothom")
    )
    ts = sandbox.workspace.next_ts()
    sandbox.workspace.add_message(
        Message("C0TEAM", ts, "U0TOMATIC", "secret", ephemeral_for="U0ANNA")
    )
    async with aiohttp.ClientSession(headers=page_headers(sandbox)) as http:
        for user, expected in (("U0ANNA", ["tothom", "secret"]), ("U0BERNAT", ["tothom"])):
            query = {"user": user, "channel": "C0TEAM"}
            async with http.get(base_url + "ui/state", params=query) as response:
                state = await response.json()
            assert [m["text"] for m in state["messages"]] == expected
            assert state["modal"] is None and state["home"] is None


async def test_demo_actions_run_the_bots_handler_as_the_chosen_user() -> None:
    seen: list[str] = []

    async def simulate_call(user_id: str) -> str:
        seen.append(user_id)
        return "Trucada simulada"

    box = Sandbox(
        bot_token="xoxb-t", signing_secret="s", events_url="http://127.0.0.1:9/", users=make_users(),
        demo_actions=[DemoAction("call", "Simulate incoming call", simulate_call)],
    )  # fmt: skip
    async with box.serve() as base_url, aiohttp.ClientSession(headers=page_headers(box)) as http:
        async with http.get(base_url + "ui/bootstrap") as response:
            boot = await response.json()
        assert boot["demo_actions"] == [{"id": "call", "label": "Simulate incoming call"}]
        async with http.post(base_url + "ui/demo/call", json={"user": "U0BERNAT"}) as response:
            assert await response.json() == {"ok": True, "note": "Trucada simulada"}
        async with http.post(base_url + "ui/demo/call", json={"user": "U0GHOST"}) as response:
            assert response.status == 400
    assert seen == ["U0BERNAT"]


async def test_mounted_under_a_prefix_urls_keep_the_prefix(sandbox: Sandbox) -> None:
    parent = web.Application()
    parent.add_subapp("/sandbox", sandbox.web_app())
    runner = web.AppRunner(parent, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    root = f"http://127.0.0.1:{runner.addresses[0][1]}/sandbox/"
    client = AsyncWebClient(token=BOT_TOKEN, base_url=root + "api/")
    try:
        uploaded = await client.files_upload_v2(
            channel="C0TEAM", content="a,b\n", filename="stats.csv"
        )
        assert uploaded["file"]["url_private"].startswith(root + "files/")
        assert sandbox.base_url == root
        async with aiohttp.ClientSession() as http, http.get(root) as response:
            assert response.status == 200 and "Tomàtic" in await response.text()
    finally:
        await runner.cleanup()

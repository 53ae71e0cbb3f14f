"""A small slack-bolt app used to exercise the sandbox round trips (not Tomàtic itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from .conftest import BOT_TOKEN, SIGNING_SECRET


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def button(action_id: str, text: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": plain(text), "value": value, **extra}


TABLES = [{"text": plain(f"Taula {n}"), "value": str(n)} for n in (1, 2, 3)]
PROFILE_MODAL = {
    "type": "modal",
    "callback_id": "profile.edit",
    "title": plain("Edita el perfil"),
    "submit": plain("Desa"),
    "close": plain("Cancel·la"),
    "blocks": [
        {"type": "input", "block_id": "name", "label": plain("Nom"),
         "element": {"type": "plain_text_input", "action_id": "name.input"}},
        {"type": "input", "block_id": "table", "label": plain("Taula"),
         "element": {"type": "static_select", "action_id": "table.select", "options": TABLES,
                     "initial_option": TABLES[0]}},
        {"type": "actions", "block_id": "more", "elements": [button("profile.more", "Més opcions", "more")]},
    ],
}  # fmt: skip
GREETING_BLOCKS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Hola* <@{user}>"}},
    {"type": "actions", "block_id": "greet", "elements": [
        button("greet.press", "Saluda", "hi", style="primary"),
        button("greet.profile", "Edita", "edit"),
    ]},
]  # fmt: skip


def build_bolt_app(api_url: str) -> AsyncApp:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    app = AsyncApp(signing_secret=SIGNING_SECRET, client=client)

    @app.command("/tomatic")
    async def handle_command(ack, body, respond, client, command) -> None:
        if command["text"] == "quick":
            await ack("Resposta immediata")
            return
        await ack()
        if command["text"] == "modal":
            await client.views_open(trigger_id=body["trigger_id"], view=PROFILE_MODAL)
        elif command["text"] == "announce":
            await respond(response_type="in_channel", text="Canvi de torn en 5m")
        else:
            blocks = [dict(b) for b in GREETING_BLOCKS]
            blocks[0] = {
                **blocks[0],
                "text": {"type": "mrkdwn", "text": f"*Hola* <@{command['user_id']}>"},
            }
            await respond(text="Hola", blocks=blocks)

    @app.action("greet.press")
    async def handle_press(ack, body, respond) -> None:
        await ack()
        await respond(replace_original=True, text=f"Saludat per <@{body['user']['id']}>")

    @app.action("greet.profile")
    async def handle_profile(ack, body, client) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=PROFILE_MODAL)

    @app.action("card.pause")
    async def handle_pause(ack, body, client) -> None:
        await ack()
        container = body["container"]
        await client.chat_update(
            channel=container["channel_id"], ts=container["message_ts"], text="⏸ Pausada", blocks=[]
        )

    @app.action("profile.more")
    async def handle_more(ack, body, client) -> None:
        await ack()
        view = body["view"]
        more = dict(PROFILE_MODAL, blocks=[*PROFILE_MODAL["blocks"][:2], {"type": "divider"}])
        await client.views_update(view_id=view["id"], hash=view["hash"], view=more)

    @app.view("profile.edit")
    async def handle_profile_submission(ack, body, view, client) -> None:
        values = view["state"]["values"]
        name = values["name"]["name.input"]["value"] or ""
        if len(name) < 3:
            await ack(response_action="errors", errors={"name": "Massa curt"})
            return
        await ack()
        table = values["table"]["table.select"]["selected_option"]["value"]
        await client.chat_postMessage(
            channel=body["user"]["id"], text=f"Perfil desat: {name}, taula {table}"
        )

    @app.event("app_home_opened")
    async def handle_home(event, client) -> None:
        blocks = [{"type": "header", "text": plain("Els meus torns")}]
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    return app


@asynccontextmanager
async def serve_bolt(app: AsyncApp) -> AsyncIterator[str]:
    """Serve the bolt app on 127.0.0.1; yields its /slack/events URL."""

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    runner = web.AppRunner(web_app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    finally:
        await runner.cleanup()

"""JSON routes behind the sandbox page, and the page's static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from bot.sandbox.guard import OnRefused, page_refusal, refuse
from bot.sandbox.models import BotReply, DemoAction, JsonDict, Message, View
from bot.sandbox.state import Workspace
from bot.sandbox.webapi import base_url_of


class PageDriver(Protocol):
    """What the page's routes use of the `Sandbox` (typed here: the sandbox imports this)."""

    workspace: Workspace
    demo_actions: dict[str, DemoAction]
    ui_key: str
    on_refused: OnRefused

    def remember_base_url(self, url: str, *, from_bot: bool) -> None: ...

    async def slash_command(
        self, user_id: str, command: str, text: str = "", channel_id: str | None = None
    ) -> BotReply: ...

    async def post_message(self, user_id: str, channel_id: str, text: str) -> BotReply: ...

    async def click(
        self,
        user_id: str,
        target: Message | View | str,
        action_id: str,
        value: str | None = None,
        selected: Any = None,
        *,
        block_id: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> BotReply: ...

    async def submit_view(
        self, user_id: str, view_id: str | None = None, values: dict[str, Any] | None = None
    ) -> BotReply: ...

    async def close_view(self, user_id: str, *, all_views: bool = False) -> BotReply | None: ...

    async def suggest(
        self, user_id: str, target: Message | View | str, action_id: str, typed: str
    ) -> list[JsonDict]: ...

    async def open_home(self, user_id: str) -> BotReply: ...


STATIC_DIR = Path(__file__).parent / "static"
LONG_POLL_S = 10.0


def reply_json(reply: BotReply | None, **extra: Any) -> JsonDict:
    if reply is None:
        return {"ok": True} | extra
    return {"ok": 200 <= reply.status < 300, "status": reply.status, "body": reply.body} | extra


class UiRoutes:
    """`ui/...` routes: what the page polls and what a person's clicks and keystrokes do."""

    def __init__(self, sandbox: PageDriver) -> None:
        self.sandbox = sandbox
        self.workspace = sandbox.workspace

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/", self.index)
        app.router.add_static("/static", STATIC_DIR)
        app.router.add_get("/ui/bootstrap", self._for_page(self.bootstrap))
        app.router.add_get("/ui/state", self._for_page(self.state))
        for name, handler in {
            "command": self.command,
            "action": self.action,
            "submit": self.submit,
            "close": self.close,
            "home": self.home,
            "suggest": self.suggest,
        }.items():
            app.router.add_post(f"/ui/{name}", self._guarded(name, handler))
        app.router.add_post("/ui/demo/{action_id}", self._guarded("demo", self.demo))

    def _for_page(self, handler: Any) -> Any:
        """Only the sandbox page, with the key printed at start, reaches `handler`."""

        async def route(request: web.Request) -> web.Response:
            refusal = page_refusal(request, self.sandbox.ui_key)
            if refusal is not None:
                return refuse(request, *refusal, self.sandbox.on_refused)
            return await handler(request)

        route.__name__ = handler.__name__
        return route

    def _guarded(self, name: str, handler: Any) -> Any:
        @self._for_page
        async def route(request: web.Request) -> web.Response:
            relative = "ui/" + request.path.rsplit("/ui/", 1)[-1]
            self.sandbox.remember_base_url(base_url_of(request, relative), from_bot=False)
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"ok": False, "error": "invalid_json"}, status=400)
            if not isinstance(body, dict) or body.get("user") not in self.workspace.users:
                return web.json_response({"ok": False, "error": "unknown user"}, status=400)
            try:
                return web.json_response(await handler(request, body))
            except LookupError as error:
                return web.json_response({"ok": False, "error": str(error)}, status=400)

        route.__name__ = f"ui_{name}"
        return route

    async def index(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html")

    async def bootstrap(self, _request: web.Request) -> web.Response:
        identity = self.workspace.identity
        users = [u.model_dump() for u in self.workspace.users.values()]
        team = self.workspace.channels[identity.team_channel]
        demos = [{"id": a.id, "label": a.label} for a in self.sandbox.demo_actions.values()]
        bot = {"id": identity.bot_user_id, "name": "Tomàtic"}
        data = {"users": users, "team_channel": {"id": team.id, "name": team.name}, "bot": bot}
        return web.json_response(data | {"demo_actions": demos})

    async def state(self, request: web.Request) -> web.Response:
        user, channel = request.query.get("user", ""), request.query.get("channel", "")
        since = _number(request.query.get("since", ""), -1)
        if not self.workspace.closing:
            await self.workspace.wait_changed(since, LONG_POLL_S)
        if user not in self.workspace.users:
            return web.json_response({"version": self.workspace.version, "messages": []})
        target = self.workspace.resolve_channel(channel or user)
        messages = self.workspace.visible_messages(user, target.id) if target else []
        modal, home = self.workspace.modal(user), self.workspace.home(user)
        return web.json_response(
            {
                "version": self.workspace.version,
                "channel": target.id if target else None,
                "messages": [self._message(m) for m in messages],
                "modal": self._view(modal, len(self.workspace.modal_stacks.get(user, []))),
                "home": self._view(home, 0),
            }
        )

    def _message(self, message: Message) -> JsonDict:
        user = self.workspace.users.get(message.user)
        name = (
            user.real_name if user else ("Slackbot" if message.user == "USLACKBOT" else "Tomàtic")
        )
        data = message.to_slack("")
        data |= {
            "user_name": name,
            "ephemeral": message.is_ephemeral,
            "is_bot": message.bot_id is not None,
        }
        return data

    def _view(self, view: View | None, depth: int) -> JsonDict | None:
        if view is None:
            return None
        keys = ("title", "submit", "close", "blocks", "callback_id")
        data = {key: view.body.get(key) for key in keys}
        return data | {"id": view.id, "hash": view.hash, "errors": view.errors, "depth": depth}

    async def command(self, _request: web.Request, body: JsonDict) -> JsonDict:
        text, user = str(body.get("text", "")).strip(), body["user"]
        channel = self.workspace.resolve_channel(body.get("channel") or user)
        if channel is None:
            raise LookupError("unknown channel")
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            return reply_json(
                await self.sandbox.slash_command(user, command, rest.strip(), channel.id)
            )
        return reply_json(await self.sandbox.post_message(user, channel.id, text))

    async def action(self, _request: web.Request, body: JsonDict) -> JsonDict:
        reply = await self.sandbox.click(
            body["user"],
            str(body.get("ref", "")),
            str(body.get("action_id", "")),
            body.get("value"),
            body.get("selected"),
            block_id=body.get("block_id"),
            values=body.get("values") or {},
        )
        return reply_json(reply)

    async def suggest(self, _request: web.Request, body: JsonDict) -> JsonDict:
        ref, action_id = str(body.get("ref", "")), str(body.get("action_id", ""))
        typed = str(body.get("value", ""))
        return {
            "ok": True,
            "options": await self.sandbox.suggest(body["user"], ref, action_id, typed),
        }

    async def submit(self, _request: web.Request, body: JsonDict) -> JsonDict:
        reply = await self.sandbox.submit_view(
            body["user"], body.get("view_id"), body.get("values") or {}
        )
        return reply_json(reply)

    async def close(self, _request: web.Request, body: JsonDict) -> JsonDict:
        return reply_json(
            await self.sandbox.close_view(body["user"], all_views=bool(body.get("all")))
        )

    async def home(self, _request: web.Request, body: JsonDict) -> JsonDict:
        return reply_json(await self.sandbox.open_home(body["user"]))

    async def demo(self, request: web.Request, body: JsonDict) -> JsonDict:
        action = self.sandbox.demo_actions.get(request.match_info["action_id"])
        if action is None:
            raise LookupError("unknown demo action")
        note = await action.handler(body["user"])
        return {"ok": True, "note": note}


def _number(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default

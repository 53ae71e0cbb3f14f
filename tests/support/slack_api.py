"""A small stand-in for Slack's Web API as `tomatic doctor` sees it, on 127.0.0.1.

`auth.test` answers for one bot token and sends the granted scopes in the
`x-oauth-scopes` header, like Slack; `conversations.info` knows a few channels and
whether the bot is in each. Other methods are `unknown_method`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

TOKEN = "xoxb-doctor-test"
TEAM_CHANNEL = "C0TEAM"


@dataclass
class FakeSlackApi:
    """Change `scopes` and `channels` ({id: (name, bot is member)}) to shape the answers."""

    token: str = TOKEN
    scopes: set[str] = field(default_factory=set)
    channels: dict[str, tuple[str, bool]] = field(
        default_factory=lambda: {TEAM_CHANNEL: ("equip", True)}
    )
    called: list[str] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.called.append(method)
        args = dict(request.query) | dict(await request.post())
        args |= await request.json() if request.content_type == "application/json" else {}
        if request.headers.get("Authorization", "") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        headers = {"x-oauth-scopes": ",".join(sorted(self.scopes))}
        if method == "auth.test":
            body = {"ok": True, "team": "Cooperativa", "user": "tomatic", "user_id": "U0BOT"}
        elif method == "conversations.info":
            body = self.channel(str(args.get("channel", "")))
        else:
            body = {"ok": False, "error": "unknown_method"}
        return web.json_response(body, headers=headers)

    def channel(self, channel_id: str) -> dict[str, object]:
        if channel_id not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        name, member = self.channels[channel_id]
        return {"ok": True, "channel": {"id": channel_id, "name": name, "is_member": member}}

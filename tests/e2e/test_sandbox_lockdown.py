"""Issue 14 item 3: the tokenless sandbox serves this machine's browser, and nobody else."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from structlog.testing import capture_logs

from bot.app import SERVICES, create_app
from bot.cli import main
from bot.sandbox_mode import SANDBOX, UnsafeSandboxError
from tests.conftest import make_settings

COMMAND = {"user": "", "text": "/tomatic busy add dm 0011 optional Cross-site"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """The sandbox app on 127.0.0.1 and a way to POST to its page routes."""

    def __init__(self, app: web.Application, port: int) -> None:
        self.app, self.port = app, port
        self.origin = f"http://127.0.0.1:{port}"
        self.sandbox = app[SANDBOX]
        self.user = next(iter(self.sandbox.workspace.users))

    def page_headers(self, **changes: str) -> dict[str, str]:
        headers = {
            "Origin": self.origin,
            "X-Sandbox-Key": self.sandbox.ui_key,
            "Content-Type": "application/json",
        }
        return headers | changes

    async def post(self, path: str, headers: dict[str, str], body: Any = None) -> int:
        data = json.dumps(body if body is not None else COMMAND | {"user": self.user})
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{self.origin}/sandbox/{path}", data=data, headers=headers) as response,
        ):
            return response.status

    async def get(self, path: str, headers: dict[str, str]) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{self.origin}/sandbox/{path}", headers=headers) as response,
        ):
            return response.status


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    port = _free_port()
    app = create_app(make_settings(tmp_path, TOMATIC_PORT=str(port)))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Served(app, port)
    finally:
        await runner.cleanup()


async def test_a_cross_site_text_plain_post_is_refused_and_runs_nothing(served: Served):
    cross_site = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    assert await served.post("ui/command", cross_site) == 403
    with_key = cross_site | {"X-Sandbox-Key": served.sandbox.ui_key}
    assert await served.post("ui/command", with_key) == 403
    assert await served.post("hooks/response/H00000001", cross_site, {"text": "hi"}) == 403
    assert served.sandbox.sender.sent == []


async def test_the_page_routes_want_json_their_own_origin_and_the_key(served: Served):
    text_plain = served.page_headers(**{"Content-Type": "text/plain"})
    assert await served.post("ui/command", text_plain) == 415
    no_origin = served.page_headers()
    del no_origin["Origin"]
    assert await served.post("ui/command", no_origin) == 403
    assert await served.post("ui/command", served.page_headers(**{"X-Sandbox-Key": "guess"})) == 401
    assert await served.get("ui/bootstrap", {}) == 401
    assert await served.get("ui/state", {"X-Sandbox-Key": "guess"}) == 401
    assert served.sandbox.sender.sent == []
    assert await served.get("ui/bootstrap", {"X-Sandbox-Key": served.sandbox.ui_key}) == 200
    assert await served.post("ui/command", served.page_headers()) == 200
    assert len(served.sandbox.sender.sent) == 1  # the same request, done right, runs


async def test_a_rebound_host_name_is_refused_even_with_the_key(served: Served):
    rebound = f"evil.example:{served.port}"
    headers = served.page_headers(Host=rebound, Origin=f"http://{rebound}")
    assert await served.post("ui/command", headers) == 403
    assert await served.get("", {"Host": rebound}) == 403
    assert await served.get("", {"Host": f"localhost:{served.port}"}) == 200
    assert served.sandbox.sender.sent == []


async def test_a_refusal_is_one_log_line_with_path_and_reason(served: Served):
    with capture_logs() as logs:
        await served.post("ui/command", {"Origin": "http://evil.example"})
    assert [(e["event"], e["path"], e["reason"]) for e in logs] == [
        ("request rejected", "/sandbox/ui/command", "cross_origin")
    ]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "tomatic.example.coop", ""])
def test_without_tokens_the_sandbox_is_never_served_off_loopback(tmp_path: Path, host: str):
    with pytest.raises(UnsafeSandboxError, match=f"^TOMATIC_HOST={host}:"):
        create_app(make_settings(tmp_path, TOMATIC_HOST=host))
    assert not (tmp_path / "tomatic.db").exists()


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"TOMATIC_HOST": "0.0.0.0"}, "TOMATIC_HOST"),
        ({"TOMATIC_PBX": "asterisk-ssh", "TOMATIC_PBX_HOST": "pbx.example.coop"}, "TOMATIC_PBX"),
        ({"TOMATIC_ERP": "odoo", "TOMATIC_ERP_URL": "https://erp.example.coop"}, "TOMATIC_ERP"),
    ],
)
def test_serve_refuses_an_unsafe_sandbox_with_one_line(
    monkeypatch, tmp_path: Path, capsys, variables: dict[str, str], named: str
):
    monkeypatch.chdir(tmp_path)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"tomatic: {named}=")
    assert not (tmp_path / "var").exists()  # nothing was built


async def test_with_slack_tokens_the_service_may_listen_on_every_interface(tmp_path: Path):
    settings = make_settings(
        tmp_path,
        TOMATIC_HOST="0.0.0.0",
        SLACK_BOT_TOKEN="xoxb-real",
        SLACK_SIGNING_SECRET="0123456789abcdef0123456789abcdef",
    )
    app = create_app(settings)
    assert SANDBOX not in app
    await app[SERVICES].close()

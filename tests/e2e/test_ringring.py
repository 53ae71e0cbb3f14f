"""The real app: a PBX ringring turns into a Slack DM naming the caller, via the Odoo adapter.

Slack's Web API is a tiny recording aiohttp app and the ERP is the XML-RPC fake, both
on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web

from bot.app import SERVICES, create_app
from bot.routes_callinfo import RINGRING
from tests.conftest import REPO, make_settings
from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo

TOKEN = "ring-ring-token-for-tests"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
PHONE = "629436216"  # Romero Garcia, María
URL = "/api/info/ringring"


class FakeSlack:
    """Records Web API calls and answers like Slack does for the ones we make."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self.handle)
        self.open = asyncio.Event()  # cleared: every call waits (a slow Slack)
        self.open.set()

    async def handle(self, request: web.Request) -> web.Response:
        await self.open.wait()
        method = request.match_info["method"]
        if request.content_type == "application/json":
            payload = await request.json()
        else:
            payload = dict(await request.post())
        payload = dict(request.query) | payload
        if isinstance(payload.get("blocks"), str):
            payload["blocks"] = json.loads(payload["blocks"])
        self.calls.append((method, payload))
        return web.json_response(self.answer(method, payload))

    @staticmethod
    def answer(method: str, payload: dict[str, Any]) -> dict[str, Any]:
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D0" + str(payload.get("users", ""))[1:]}}
        if method in ("chat.postMessage", "chat.update"):
            channel = str(payload.get("channel", ""))
            if channel.startswith("U"):  # a DM posted to a user id lands in their DM channel
                channel = "D0" + channel[1:]
            return {"ok": True, "channel": channel, "ts": "1700000000.000100"}
        if method == "users.info":
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True}

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    def text(self) -> str:
        return json.dumps(self.calls, ensure_ascii=False)


@pytest.fixture
def erp() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as server:
        yield server


@pytest.fixture
async def slack(aiohttp_server) -> tuple[FakeSlack, str]:
    fake = FakeSlack()
    server = await aiohttp_server(fake.app)
    return fake, str(server.make_url("/api/"))


@pytest.fixture
async def client(make_client):
    return await make_client()


@pytest.fixture
def make_client(aiohttp_client, tmp_path: Path, slack, erp):
    async def make(**overrides: str):
        return await _client(aiohttp_client, tmp_path, slack, erp, **overrides)

    return make


async def _client(aiohttp_client, tmp_path: Path, slack, erp, **overrides: str):
    fake, api_url = slack
    config = yaml.safe_load((REPO / "data" / "config.yaml").read_text(encoding="utf-8"))
    config["erp"] = {"member_category_id": MEMBER_CATEGORY}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    settings = make_settings(
        tmp_path, SLACK_BOT_TOKEN="xoxb-e2e", SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url, TOMATIC_CONFIG=str(tmp_path / "config.yaml"), TOMATIC_ERP="odoo",
        TOMATIC_ERP_URL=erp.url, TOMATIC_ERP_DB="erp", TOMATIC_ERP_USER="tomatic",
        TOMATIC_ERP_PASSWORD="secret", TOMATIC_RINGRING_TOKEN=TOKEN, **overrides,
    )  # fmt: skip
    app = create_app(settings)
    services = app[SERVICES]
    await services.persons.create(
        None, "bernat", {"name": "Bernat", "extension": "3002", "slack_user_id": "U0BERNAT"}
    )
    return await aiohttp_client(app)


async def wait_for(condition: Any, timeout: float = 1.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_a_ringring_dms_the_operator_naming_the_partner_within_a_second(client, slack):
    fake, _ = slack
    started = asyncio.get_running_loop().time()
    response = await client.get(URL, params={"phone": PHONE, "extension": "3002",
                                             "callid": "c-1", "token": TOKEN})  # fmt: skip
    assert response.status == 200 and await response.json() == {"result": "ok"}
    assert asyncio.get_running_loop().time() - started < 0.1
    await wait_for(lambda: "chat.update" in fake.methods())
    assert fake.methods()[:2] == ["chat.postMessage", "chat.update"]
    posted, updated = (payload for _, payload in fake.calls[:2])
    assert posted["channel"] == "U0BERNAT" and updated["channel"] == "D00BERNAT"
    assert f"Call from {PHONE}" in posted["text"]
    card = json.dumps(updated["blocks"], ensure_ascii=False)
    assert updated["ts"] == "1700000000.000100" and "Romero Garcia, María" in card


async def test_post_with_a_bearer_token_and_form_fields_works_once_per_call_id(client, slack):
    fake, _ = slack
    headers = {"Authorization": f"Bearer {TOKEN}"}
    form = {"phone": PHONE, "ext": "3002", "callid": "c-2"}
    for _ in range(2):
        response = await client.post(URL, data=form, headers=headers)
        assert response.status == 200
    await wait_for(lambda: "chat.update" in fake.methods())
    await asyncio.sleep(0.1)
    assert fake.methods().count("chat.postMessage") == 1


@pytest.mark.parametrize(
    "auth",
    [{}, {"token": "wrong"}, {"token": TOKEN[:-1]}],
    ids=["missing", "wrong", "prefix"],
)
async def test_a_bad_token_is_refused_and_nothing_is_sent(client, slack, auth):
    fake, _ = slack
    response = await client.get(URL, params={"phone": PHONE, "extension": "3002", **auth})
    assert response.status == 401
    await asyncio.sleep(0.1)
    assert fake.calls == []
    services = client.app[SERVICES]
    assert await services.callinfo.recent_calls(await services.persons.get("bernat")) == []


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"phone": "12", "extension": "3002"}, "bad_phone"),
        ({"phone": "6294-36216", "extension": "3002"}, "bad_phone"),
        ({"phone": "+3462943621612345678901", "extension": "3002"}, "bad_phone"),
        ({"phone": PHONE, "extension": "30a2"}, "bad_extension"),
        ({"phone": PHONE}, "bad_extension"),
    ],
)
async def test_malformed_notifications_are_refused_with_a_json_error(client, slack, params, error):
    fake, _ = slack
    response = await client.get(URL, params={**params, "token": TOKEN})
    assert response.status == 400
    assert await response.json() == {"result": "error", "error": error}
    await asyncio.sleep(0.05)
    assert fake.calls == []


async def test_a_json_body_with_spaces_in_the_phone_is_accepted(client, slack):
    fake, _ = slack
    body = {"phone": "+34 629 436 216", "ext": "3002", "callid": "c-3"}
    response = await client.post(URL, json=body, params={"token": TOKEN})
    assert response.status == 200
    await wait_for(lambda: "chat.update" in fake.methods())
    assert "Romero Garcia, María" in fake.text()


async def test_without_a_configured_token_every_call_is_refused_and_logged(
    aiohttp_client, tmp_path: Path
):
    from structlog.testing import capture_logs

    settings = make_settings(
        tmp_path, SLACK_BOT_TOKEN="xoxb-e2e", SLACK_SIGNING_SECRET=SIGNING_SECRET
    )
    with capture_logs() as logs:
        app = create_app(settings)
        client = await aiohttp_client(app)
        response = await client.get(URL, params={"phone": PHONE, "extension": "3002", "token": ""})
    assert response.status == 401
    assert app[RINGRING].token is None
    assert any("not configured" in entry["event"] for entry in logs)


async def test_the_sandbox_makes_up_a_token_of_its_own(tmp_path: Path):
    apps = [create_app(make_settings(tmp_path / name)) for name in ("one", "two")]
    tokens = [app[RINGRING].token for app in apps]
    for app in apps:
        await app[SERVICES].close()
    assert len(tokens[0]) >= 24 and tokens[0] != tokens[1]


async def test_head_checks_the_token_and_does_nothing_else(client, slack):
    fake, _ = slack
    params = {"phone": PHONE, "extension": "3002", "callid": "c-head", "token": TOKEN}
    assert (await client.head(URL, params=params)).status == 200
    assert (await client.head(URL, params=params | {"token": "wrong"})).status == 401
    await asyncio.sleep(0.2)
    assert fake.calls == []
    services = client.app[SERVICES]
    assert await services.callinfo.recent_calls(await services.persons.get("bernat")) == []


async def test_beyond_the_calls_in_flight_limit_it_answers_503_and_records_nothing(
    make_client, slack
):
    fake, _ = slack
    client = await make_client(TOMATIC_RINGRING_MAX_IN_FLIGHT="1")
    fake.open.clear()  # Slack is slow: the first call stays in flight
    first = {"phone": PHONE, "ext": "3002", "callid": "c-slow", "token": TOKEN}
    assert (await client.get(URL, params=first)).status == 200
    second = await client.get(URL, params=first | {"callid": "c-refused"})
    assert second.status == 503
    assert await second.json() == {"result": "error", "error": "busy"}
    fake.open.set()
    await wait_for(lambda: "chat.update" in fake.methods())
    services = client.app[SERVICES]
    calls = await services.callinfo.recent_calls(await services.persons.get("bernat"))
    assert [call.call_id for call in calls] == ["c-slow"]
    assert (await client.get(URL, params=first | {"callid": "c-later"})).status == 200


async def test_a_call_ringing_on_every_line_of_a_40_line_turn_is_taken_at_once(make_client, slack):
    fake, _ = slack
    client = await make_client(SLACK_RATE_FACTOR="100")  # the default limit; a quick Slack
    services = client.app[SERVICES]
    for number in range(1, 40):
        person = "op" + "abcdefghij"[number // 10] + "abcdefghij"[number % 10]
        fields = {"name": f"Operadora {number}", "extension": str(4000 + number)}
        await services.persons.create(None, person, fields | {"slack_user_id": f"U0{person}"})
    fake.open.clear()  # Slack is slow: every call stays in flight
    extensions = ["3002", *(str(4000 + number) for number in range(1, 40))]

    answers = await asyncio.gather(
        *(
            client.get(
                URL, params={"phone": PHONE, "ext": ext, "callid": f"c-{ext}", "token": TOKEN}
            )
            for ext in extensions
        )
    )

    assert [answer.status for answer in answers] == [200] * 40
    fake.open.set()
    await wait_for(lambda: not client.app[RINGRING].tasks, timeout=30)


@pytest.mark.parametrize("token", ["abc", "fifteen-chars-x", "sixteen chars  x"])
def test_a_short_ringring_token_stops_the_start_naming_it(monkeypatch, tmp_path, capsys, token):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_RINGRING_TOKEN", token)
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("tomatic: invalid settings: TOMATIC_RINGRING_TOKEN: must be at least 16")
    assert token not in err

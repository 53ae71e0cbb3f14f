"""The sandbox Web API answers slack_sdk like Slack: shapes, state changes and errors."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox import Sandbox

from .conftest import BOT_TOKEN


async def api_error(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        await call
    return caught.value.response["error"]


async def test_auth_test_describes_the_bot(client: AsyncWebClient) -> None:
    answer = await client.auth_test()
    assert answer["user_id"] == "U0TOMATIC"
    assert answer["team_id"] == "T0SANDBOX"
    assert answer["bot_id"] == "B0TOMATIC"


async def test_a_wrong_token_is_invalid_auth(base_url: str) -> None:
    intruder = AsyncWebClient(token="xoxb-wrong", base_url=base_url + "api/")
    assert await api_error(intruder.auth_test()) == "invalid_auth"
    anonymous = AsyncWebClient(base_url=base_url + "api/")
    assert (
        await api_error(anonymous.chat_postMessage(channel="C0TEAM", text="hi")) == "invalid_auth"
    )


async def test_an_unknown_method_is_reported(client: AsyncWebClient) -> None:
    assert await api_error(client.api_call("chat.shout")) == "unknown_method"


async def test_token_param_and_json_or_form_bodies_are_accepted(
    sandbox: Sandbox, base_url: str
) -> None:
    async with aiohttp.ClientSession() as http:
        form = {"token": BOT_TOKEN, "channel": "C0TEAM", "text": "from a form"}
        async with http.post(base_url + "api/chat.postMessage", data=form) as response:
            assert (await response.json())["ok"] is True
        headers = {"Authorization": f"Bearer {BOT_TOKEN}"}
        body = {"channel": "C0TEAM", "text": "from json"}
        async with http.post(
            base_url + "api/chat.postMessage", json=body, headers=headers
        ) as response:
            assert response.status == 200
            assert (await response.json())["message"]["text"] == "from json"
    assert [m.text for m in sandbox.messages()] == ["from a form", "from json"]


async def test_post_message_stores_it_and_echoes_it(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Canvi de torn*"}}]
    answer = await client.chat_postMessage(channel="C0TEAM", text="Canvi de torn", blocks=blocks)
    assert answer["channel"] == "C0TEAM"
    assert answer["message"]["text"] == "Canvi de torn"
    assert answer["message"]["bot_id"] == "B0TOMATIC"
    assert answer["message"]["blocks"][0]["block_id"]  # Slack names unnamed blocks
    [message] = sandbox.messages()
    assert (message.ts, message.blocks[0]["text"]["text"]) == (answer["ts"], "*Canvi de torn*")
    assert [c[0] for c in sandbox.calls] == ["chat.postMessage"]


async def test_post_message_to_a_user_id_lands_in_their_dm(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    answer = await client.chat_postMessage(channel="U0BERNAT", text="Trucada de 600000000")
    assert answer["channel"] == sandbox.dm_channel("U0BERNAT")
    assert [m.text for m in sandbox.dms("U0BERNAT")] == ["Trucada de 600000000"]
    assert sandbox.dms("U0ANNA") == []


async def test_post_message_errors(client: AsyncWebClient) -> None:
    assert (
        await api_error(client.chat_postMessage(channel="C0NOPE", text="x")) == "channel_not_found"
    )
    assert await api_error(client.chat_postMessage(channel="C0TEAM")) == "no_text"
    bad = [{"type": "section"}]
    assert (
        await api_error(client.chat_postMessage(channel="C0TEAM", blocks=bad)) == "invalid_blocks"
    )


async def test_update_and_delete_change_the_message(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel="C0TEAM", text="Cercant…")
    updated = await client.chat_update(channel="C0TEAM", ts=posted["ts"], text="Trobada")
    assert (updated["ts"], updated["text"]) == (posted["ts"], "Trobada")
    assert [(m.text, m.edited) for m in sandbox.messages()] == [("Trobada", True)]
    await client.chat_delete(channel="C0TEAM", ts=posted["ts"])
    assert sandbox.messages() == []
    gone = client.chat_update(channel="C0TEAM", ts=posted["ts"], text="x")
    assert await api_error(gone) == "message_not_found"


async def test_ephemeral_messages_are_only_for_their_user(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    answer = await client.chat_postEphemeral(channel="C0TEAM", user="U0ANNA", text="Només tu")
    assert answer["message_ts"]
    assert [m.text for m in sandbox.ephemerals("U0ANNA")] == ["Només tu"]
    assert sandbox.ephemerals("U0BERNAT") == [] and sandbox.messages() == []
    others_dm = client.chat_postEphemeral(
        channel=sandbox.dm_channel("U0BERNAT"), user="U0ANNA", text="x"
    )
    assert await api_error(others_dm) == "user_not_in_channel"


async def test_conversations_open_gives_the_dm(sandbox: Sandbox, client: AsyncWebClient) -> None:
    answer = await client.conversations_open(users="U0ANNA")
    assert answer["channel"]["id"] == sandbox.dm_channel("U0ANNA")
    assert await api_error(client.conversations_open(users="U0GHOST")) == "user_not_found"


async def test_users_info_lookup_and_list(client: AsyncWebClient) -> None:
    info = await client.users_info(user="U0ANNA", include_locale=True)
    assert info["user"]["locale"] == "ca-ES"
    assert info["user"]["profile"]["email"] == "anna@example.org"
    assert info["user"]["is_admin"] is True
    assert "locale" not in (await client.users_info(user="U0ANNA"))["user"]
    assert await api_error(client.users_info(user="U0GHOST")) == "user_not_found"
    found = await client.users_lookupByEmail(email="Bernat@example.org")
    assert found["user"]["id"] == "U0BERNAT"
    assert await api_error(client.users_lookupByEmail(email="x@y.z")) == "users_not_found"
    members = (await client.users_list())["members"]
    assert {m["id"] for m in members} == {"U0ANNA", "U0BERNAT", "U0TOMATIC"}


async def test_file_upload_is_shared_in_the_channel(
    sandbox: Sandbox, client: AsyncWebClient, base_url: str
) -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    answer = await client.files_upload_v2(
        channel="C0TEAM", file=png, filename="perfil.png", title="Perfil", initial_comment="Setmana"
    )
    assert answer["file"]["title"] == "Perfil"
    [message] = sandbox.messages()
    assert message.text == "Setmana"
    assert [f.name for f in message.files] == ["perfil.png"]
    async with aiohttp.ClientSession() as http, http.get(answer["file"]["url_private"]) as response:
        assert (response.status, await response.read()) == (200, png)
    assert response.content_type == "image/png"


async def test_what_slack_would_refuse_is_recorded(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    too_many = [{"type": "divider"}] * 51
    assert await api_error(client.chat_postMessage(channel="C0TEAM", blocks=too_many)) == (
        "invalid_blocks"
    )
    assert await api_error(client.chat_postMessage(channel="C0NOWHERE", text="x")) == (
        "channel_not_found"
    )
    hook = sandbox.workspace.issue_hook("U0ANNA", "C0TEAM")
    async with aiohttp.ClientSession() as http:
        url = f"{sandbox.response_url_base()}hooks/response/{hook.id}"
        async with http.post(url, json={"text": "x", "blocks": too_many}) as response:
            assert response.status == 400
    assert [(method, answer["error"]) for method, answer in sandbox.refusals] == [
        ("chat.postMessage", "invalid_blocks"),
        ("chat.postMessage", "channel_not_found"),
        ("response_url", "invalid_blocks"),
    ]
    await client.chat_postMessage(channel="C0TEAM", text="fine")
    assert len(sandbox.refusals) == 3

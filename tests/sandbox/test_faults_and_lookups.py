"""Scripted failures (429 with Retry-After, refusals) and users.lookupByEmail, as Slack answers."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox import Sandbox, SandboxUser

from .conftest import BOT_TOKEN


async def _post(base_url: str, method: str, body: dict) -> tuple[int, dict, dict]:
    headers = {"Authorization": f"Bearer {BOT_TOKEN}"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(base_url + "api/" + method, json=body, headers=headers) as response,
    ):
        return response.status, dict(response.headers), await response.json()


async def test_a_rate_limit_answers_429_with_retry_after_then_lets_calls_through(
    sandbox: Sandbox, base_url: str
) -> None:
    sandbox.faults.rate_limit("chat.postMessage", times=2, retry_after=3)
    body = {"channel": "C0TEAM", "text": "hello"}
    for _ in range(2):
        status, headers, answer = await _post(base_url, "chat.postMessage", body)
        assert (status, headers["Retry-After"]) == (429, "3")
        assert answer == {"ok": False, "error": "ratelimited"}
    status, _, answer = await _post(base_url, "chat.postMessage", body)
    assert status == 200 and answer["ok"] is True
    assert [m.text for m in sandbox.messages()] == ["hello"]
    assert [method for method, _ in sandbox.calls] == ["chat.postMessage"]
    assert [error for _, _, error in sandbox.faults.refused] == ["ratelimited"] * 2


async def test_a_fault_can_pick_the_calls_it_answers(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    sandbox.faults.refuse(
        "chat.postMessage", "invalid_blocks", times=5, match=lambda a: a["channel"] == "U0BERNAT"
    )
    await client.chat_postMessage(channel="U0ANNA", text="for anna")
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel="U0BERNAT", text="for bernat")
    assert refused.value.response["error"] == "invalid_blocks"
    assert [m.text for m in sandbox.dms("U0ANNA")] == ["for anna"]
    assert sandbox.dms("U0BERNAT") == []


async def test_other_methods_are_not_affected(sandbox: Sandbox, client: AsyncWebClient) -> None:
    sandbox.faults.rate_limit("users.lookupByEmail")
    assert (await client.auth_test())["ok"] is True


async def test_a_fault_must_answer_at_least_one_call(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError):
        sandbox.faults.refuse("views.open", times=0)


async def test_lookup_by_email_finds_members_case_insensitively(client: AsyncWebClient) -> None:
    answer = await client.users_lookupByEmail(email="Bernat@Example.org")
    assert answer["user"]["id"] == "U0BERNAT"
    assert answer["user"]["deleted"] is False


async def test_lookup_by_email_of_a_stranger_is_users_not_found(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as caught:
        await client.users_lookupByEmail(email="nobody@example.org")
    assert caught.value.response["error"] == "users_not_found"


async def test_a_deactivated_member_comes_back_with_deleted_true(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    gone = SandboxUser(
        id="U0GONE", name="gone", real_name="Gone Away", email="gone@example.org", deleted=True
    )
    sandbox.add_user(gone)
    answer = await client.users_lookupByEmail(email="gone@example.org")
    assert (answer["user"]["id"], answer["user"]["deleted"]) == ("U0GONE", True)


async def test_an_account_created_later_is_found_and_has_a_dm(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    sandbox.add_user(SandboxUser(id="U0NEW", name="nova", real_name="Nova", email="n@example.org"))
    assert (await client.users_lookupByEmail(email="n@example.org"))["user"]["id"] == "U0NEW"
    await client.chat_postMessage(channel="U0NEW", text="welcome")
    assert [m.text for m in sandbox.dms("U0NEW")] == ["welcome"]


async def test_a_response_url_post_can_be_refused(sandbox: Sandbox, base_url: str) -> None:
    hook = sandbox.workspace.issue_hook("U0ANNA", "C0TEAM")
    sandbox.faults.refuse("response_url", "invalid_blocks")
    async with aiohttp.ClientSession() as http:
        url = f"{base_url}hooks/response/{hook.id}"
        async with http.post(url, json={"text": "refused"}) as response:
            assert response.status == 400
            assert await response.json() == {"ok": False, "error": "invalid_blocks"}
        async with http.post(url, json={"text": "accepted"}) as response:
            assert response.status == 200
    assert [m.text for m in sandbox.ephemerals("U0ANNA")] == ["accepted"]

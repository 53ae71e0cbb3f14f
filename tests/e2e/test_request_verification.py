"""Issue 15: a request that fails verification gets 401 and makes the bot call nobody."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import pytest

from bot.sandbox import signed_headers
from tests.e2e.conftest import SECRET
from tests.support.listener import listening
from tomatic.adapters.sqlite.busy import SqliteBusy

FORM = "application/x-www-form-urlencoded"


def command_body(response_url: str, text: str = "busy add dm 0011 optional Forged") -> str:
    return urlencode(
        {
            "team_id": "T0SANDBOX",
            "channel_id": "DU0BERNAT",
            "user_id": "U0BERNAT",
            "command": "/tomatic",
            "text": text,
            "trigger_id": "1.2.3",
            "response_url": response_url,
        }
    )


def forged(timestamp: str, signature: str = "v0=" + "0" * 64) -> dict[str, str]:
    return {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


@pytest.mark.parametrize("timestamp", ["abc", "", "1e10", "1796166127.5"])
async def test_a_malformed_timestamp_gets_401_and_the_response_url_hears_nothing(team, timestamp):
    calls_before = len(team.sandbox.calls)
    async with listening() as listener:
        body = command_body(listener.url + "hook")
        reply = await team.sandbox.send_raw(body, forged(timestamp))
        assert reply.status == 401
        await asyncio.sleep(0.3)  # time enough for any background work to call out
        assert listener.requests == []
    assert len(team.sandbox.calls) == calls_before  # no Web API call either
    busy = SqliteBusy(team.db).all()
    assert [e for e in busy if e.reason == "Forged"] == []


async def test_a_non_ascii_signature_gets_401_and_calls_nobody(team):
    calls_before = len(team.sandbox.calls)
    async with listening() as listener:
        body = command_body(listener.url + "hook")
        headers = forged(str(int(time.time())), signature="v0=ñandú")
        assert (await team.sandbox.send_raw(body, headers)).status == 401
        undecodable = b"command=%2Ftomatic&text=\xff\xfe&response_url=" + listener.url.encode()
        assert (await team.sandbox.send_raw(undecodable, forged("abc"))).status == 401
        await asyncio.sleep(0.3)
        assert listener.requests == []
    assert len(team.sandbox.calls) == calls_before


async def test_a_signed_request_naming_a_response_url_off_slack_is_refused(team):
    calls_before = len(team.sandbox.calls)
    async with listening() as listener:
        body = command_body(listener.url + "hook", text="help")
        reply = await team.sandbox.send_raw(body, signed_headers(SECRET, body, FORM))
        assert reply.status == 401
        await asyncio.sleep(0.3)
        assert listener.requests == []
    assert len(team.sandbox.calls) == calls_before


async def test_the_same_request_with_the_stand_ins_response_url_is_served(team):
    body = command_body(team.sandbox.base_url + "hooks/response/H0NONE", text="help")
    reply = await team.sandbox.send_raw(body, signed_headers(SECRET, body, FORM))
    assert reply.status == 200

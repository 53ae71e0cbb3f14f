"""The pacer keeps Web API calls within Slack's tiers; bulk sends leave room for the rest."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.slack_pacing import (
    BURST,
    PER_MINUTE,
    RateLimitRetry,
    SlackPacer,
    bulk_sending,
    calling,
    hold_key,
    retry_after,
)
from handlers.refusals import method_of


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def pacer_on(time: FakeTime, factor: float = 1.0) -> SlackPacer:
    return SlackPacer(factor, clock=time.clock, sleep=time.sleep)


async def test_a_burst_goes_at_once_then_calls_follow_the_tier_rate(time: FakeTime) -> None:
    pacer = pacer_on(time)
    for _ in range(BURST["tier3"]):
        await pacer.acquire("users.lookupByEmail")
    assert time.now == 1000.0
    for _ in range(50):
        await pacer.acquire("users.lookupByEmail")
    assert time.now - 1000.0 == pytest.approx(50 * 60 / PER_MINUTE["tier3"])


async def test_the_factor_multiplies_the_rate(time: FakeTime) -> None:
    pacer = pacer_on(time, factor=10)
    for _ in range(BURST["tier3"] + 50):
        await pacer.acquire("users.lookupByEmail")
    assert time.now - 1000.0 == pytest.approx(50 * 60 / PER_MINUTE["tier3"] / 10)


async def test_methods_have_their_own_budgets(time: FakeTime) -> None:
    pacer = pacer_on(time)
    for _ in range(BURST["tier3"]):
        await pacer.acquire("users.lookupByEmail")
    await pacer.acquire("views.open")
    assert time.slept == []


async def test_messages_to_one_channel_go_about_one_a_second(time: FakeTime) -> None:
    pacer = pacer_on(time)
    for _ in range(3 + 5):
        await pacer.acquire("chat.postMessage", "C0TEAM")
    assert time.now - 1000.0 == pytest.approx(5.0)


async def test_messages_to_many_channels_follow_the_workspace_budget(time: FakeTime) -> None:
    pacer = pacer_on(time)
    for n in range(BURST["messages"] + 40):
        await pacer.acquire("chat.postMessage", f"U{n:04d}")
    assert time.now - 1000.0 == pytest.approx(40 * 60 / PER_MINUTE["messages"])


async def test_a_bulk_send_leaves_room_for_a_call_card(time: FakeTime) -> None:
    pacer = pacer_on(time)
    with bulk_sending():
        for n in range(100):
            await pacer.acquire("chat.postMessage", f"U{n:04d}")
    before = time.now
    await pacer.acquire("chat.postMessage", "UCALLED")
    assert time.now == before


async def test_a_hold_after_429_stops_every_call_of_the_method(time: FakeTime) -> None:
    pacer = pacer_on(time)
    pacer.hold("users.lookupByEmail", 7)
    await pacer.acquire("users.lookupByEmail")
    assert time.now - 1000.0 == pytest.approx(7.0)
    await pacer.acquire("users.info")
    assert time.now - 1000.0 == pytest.approx(7.0)


async def test_a_message_429_holds_only_its_channel(time: FakeTime) -> None:
    pacer = pacer_on(time)
    pacer.hold(hold_key("chat.postMessage", "U1"), 7)
    await pacer.acquire("chat.postMessage", "UCALLED")
    assert time.now == 1000.0
    await pacer.acquire("chat.postMessage", "U1")
    assert time.now - 1000.0 == pytest.approx(7.0)


async def test_the_retry_handler_waits_retry_after_and_holds_the_method(time: FakeTime) -> None:
    pacer = pacer_on(time)
    handler = RateLimitRetry(pacer, max_retry_count=3)
    request = HttpRequest(method="POST", url="http://127.0.0.1/api/chat.postMessage", headers={})
    response = HttpResponse(status_code=429, headers={"Retry-After": "4"})
    state = RetryState()
    assert await handler.can_retry_async(state=state, request=request, response=response)
    waiting = asyncio.create_task(pacer.acquire("chat.postMessage", "U2"))
    with calling("U2"):
        await handler.prepare_for_next_attempt_async(
            state=state, request=request, response=response
        )
    await waiting
    assert time.now - 1000.0 == pytest.approx(4.0)
    assert state.current_attempt == 1


def test_retry_after_is_read_from_the_headers() -> None:
    assert retry_after(HttpResponse(status_code=429, headers={"retry-after": "30"})) == 30
    assert retry_after(HttpResponse(status_code=429, headers={})) == 1
    assert retry_after(HttpResponse(status_code=429, headers={"Retry-After": "soon"})) == 1


def test_the_method_is_the_last_part_of_the_url() -> None:
    assert method_of("https://slack.com/api/users.lookupByEmail?email=x") == "users.lookupByEmail"

"""Issue 16 item 5: `GET /metrics` serves `tomatic_*` series that count what the service did."""

from __future__ import annotations

import asyncio
import re

import aiohttp

RING_TOKEN = "metrics-test-ringring-token"
METRICS_TOKEN = "metrics-test-bearer-token-0123"


async def scrape(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{url}/metrics", headers=headers or {}) as response,
    ):
        return response.status, await response.text()


def value(text: str, series: str, **labels: str) -> float:
    """The sample of `series` whose labels include `labels` (0 when absent)."""
    for line in text.splitlines():
        match = re.match(r"^(\w+)\{(.*)\} (\S+)$", line)
        if match is None or match.group(1) != series:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        if labels.items() <= found.items():
            return float(match.group(3))
    return 0.0


async def test_metrics_count_the_commands_run_by_name_and_outcome(team):
    await team.command("U0BERNAT", "help")
    await team.command("U0BERNAT", "who")
    await team.command("U0BERNAT", "who")
    await team.command("U0BERNAT", "plan")  # an operator: refused
    await team.command("U0BERNAT", "bsuy")
    await team.command("U0STRANGER", "queue")
    status, text = await scrape(team.url)
    assert status == 200
    count = "tomatic_commands_total"
    assert value(text, count, command="help", outcome="ok") == 1
    assert value(text, count, command="who", outcome="ok") == 2
    assert value(text, count, command="plan", outcome="refused") == 1
    assert value(text, count, command="unknown", outcome="unknown") == 1
    assert value(text, count, command="queue", outcome="not_registered") == 1
    assert "bsuy" not in text


async def test_metrics_time_http_requests_by_route_and_the_pbx_by_operation(team):
    await team.command("U0BERNAT", "queue")
    async with aiohttp.ClientSession() as session:
        for _ in range(3):
            async with session.get(f"{team.url}/healthz") as response:
                assert response.status == 200
    _, text = await scrape(team.url)
    requests = "tomatic_http_requests_total"
    assert value(text, requests, route="/healthz", method="GET", status="200") == 3
    assert value(text, requests, route="/slack/events", method="POST", status="200") >= 1
    timed = "tomatic_outside_call_duration_seconds_count"
    assert value(text, timed, system="pbx", operation="status") >= 1


async def test_ringring_calls_are_counted_as_delivered(team):
    team.overrides["TOMATIC_RINGRING_TOKEN"] = RING_TOKEN
    await team.restart()
    await team.command("U0BERNAT", "me")  # binds Bernat's Slack account
    params = {"phone": "600123123", "ext": "3002", "callid": "m-1", "token": RING_TOKEN}
    url = f"{team.url}/api/info/ringring"
    async with aiohttp.ClientSession() as session, session.get(url, params=params) as response:
        assert response.status == 200
    await team.sandbox.wait_for(lambda: bool(team.sandbox.dms("U0BERNAT")))
    for _ in range(100):  # the count follows the DM by a moment
        _, text = await scrape(team.url)
        if value(text, "tomatic_ringring_calls_total", outcome="delivered"):
            break
        await asyncio.sleep(0.02)
    assert value(text, "tomatic_ringring_calls_total", outcome="delivered") == 1


async def test_metrics_through_a_proxy_are_refused_without_a_token(team):
    status, text = await scrape(team.url, {"X-Forwarded-For": "203.0.113.9"})
    assert status == 403 and "tomatic_" not in text


async def test_with_a_token_metrics_want_it_even_from_this_machine(team):
    team.overrides["TOMATIC_METRICS_TOKEN"] = METRICS_TOKEN
    await team.restart()
    assert (await scrape(team.url))[0] == 401
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert (await scrape(team.url, wrong))[0] == 401
    right = {"Authorization": f"Bearer {METRICS_TOKEN}", "X-Forwarded-For": "203.0.113.9"}
    status, text = await scrape(team.url, right)
    assert status == 200 and "tomatic_http_requests_total" in text

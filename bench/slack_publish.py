"""Benchmark: a publish DMs 300 people while Slack answers 429s, and call cards still go at once.

Serves the Slack sandbox (as Slack) on 127.0.0.1 and sends, through the real Web API client
and notifier, each of 300 people their turns (a bulk send) while the sandbox answers
`429 Retry-After` to some `chat.postMessage` calls; meanwhile one call-card-like DM a second
goes to someone else. Prints how many DMs arrived, how long the publish took, how many 429s
were answered, and the call cards' latency.
Targets: every DM delivered; call-card p99 under 1 s (at Slack's real rates, factor 1).

    .venv/bin/python bench/slack_publish.py [--people 300] [--rate-limits 6] [--factor 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import handlers.blocks.timetable  # noqa: E402, F401 - registers the message renderers
from bot.sandbox import Sandbox, SandboxUser  # noqa: E402
from bot.slack_client import build_client  # noqa: E402
from bot.slack_directory import SlackUserDirectory  # noqa: E402
from bot.slack_notifier import SlackNotifier  # noqa: E402
from tomatic.domain.model import Person  # noqa: E402

TOKEN, SECRET = "xoxb-bench", "bench-secret"
CALLED = "UCALLED"


def people(count: int) -> list[Person]:
    return [
        Person(id=f"p{n:04d}", name=f"Person {n}", slack_user_id=f"U{n:06d}", language="en")
        for n in range(count)
    ]


def turns_payload(week: str) -> dict[str, object]:
    turn = {"day": "dl", "date": week, "start": "09:00", "end": "10:15", "line": 1}
    return {"week": week, "turns": [turn]}


async def call_cards(notifier: SlackNotifier, done: asyncio.Event) -> list[float]:
    """One DM a second to someone outside the publish; the time each one took."""
    called = Person(id="called", slack_user_id=CALLED, language="en")
    latencies = []
    while not done.is_set():
        started = time.perf_counter()
        await notifier.to_person(called, "timetable.your_turns", turns_payload("2026-11-30"))
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(1.0)
    return latencies


async def main(count: int, rate_limits: int, factor: float) -> None:
    team = people(count)
    users = [SandboxUser(id=p.slack_user_id, name=p.id, real_name=p.name, email="") for p in team]
    users.append(SandboxUser(id=CALLED, name="called", real_name="Called", email=""))
    events = "http://127.0.0.1:9/"
    sandbox = Sandbox(bot_token=TOKEN, signing_secret=SECRET, events_url=events, users=users)
    async with sandbox.serve() as base_url:
        client = build_client(TOKEN, base_url + "api/", factor)
        notifier = SlackNotifier(client, None, SlackUserDirectory(client), "en")
        unlucky = {p.slack_user_id for p in team[:: max(1, count // max(1, rate_limits))]}

        def first_try(args: dict[str, object]) -> bool:
            """Each unlucky DM gets one 429, on its first attempt."""
            channel = str(args.get("channel"))
            if channel not in unlucky:
                return False
            unlucky.discard(channel)
            return True

        sandbox.faults.rate_limit(
            "chat.postMessage", times=rate_limits, retry_after=1, match=first_try
        )
        done = asyncio.Event()
        cards = asyncio.create_task(call_cards(notifier, done))
        started = time.perf_counter()
        delivered = await notifier.to_people(
            "timetable.your_turns", [(p, turns_payload("2026-11-30")) for p in team]
        )
        took = time.perf_counter() - started
        done.set()
        latencies = sorted(await cards)
    arrived = sum(1 for p in team if sandbox.dms(p.slack_user_id))
    print(f"DMs delivered: {delivered}/{count} (arrived in the sandbox: {arrived})")
    print(f"publish took {took:.1f} s; 429s answered: {len(sandbox.faults.refused)}")
    if latencies:
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        p50 = statistics.median(latencies)
        print(f"call cards during the publish: {len(latencies)}, p50 {p50:.3f} s, p99 {p99:.3f} s")
    print(f"failures counted: {dict(notifier.failures)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--rate-limits", type=int, default=6)
    parser.add_argument("--factor", type=float, default=1.0)
    options = parser.parse_args()
    asyncio.run(main(options.people, options.rate_limits, options.factor))

"""Benchmark: signed `/tomatic busy` and `/tomatic help` from 20 concurrent users.

Starts the Slack sandbox (as Slack) and `tomatic serve` in a subprocess on a temporary
database with 20 registered people, fires the commands, and prints p50/p99 time to
acknowledge and the service's memory (idle and after the load).
Targets: p99 under 50 ms, idle memory under 200 MB.

    .venv/bin/python bench/commands.py [--users 20] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.sandbox import Sandbox, SandboxUser  # noqa: E402

TOKEN, SECRET = "xoxb-bench", "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the planner workers), in MB."""
    total = 0
    for proc in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in children(c)]


def register(env: dict[str, str], users: int) -> None:
    for i in range(users):
        name = "user" + "abcdefghijklmnopqrstuvwxyz"[i % 26] * 3
        subprocess.run(
            [str(ROOT / ".venv/bin/tomatic"), "person", "add", name[:10], "--name", f"User {i}",
             "--email", f"u{i}@bench.coop", "--extension", str(4000 + i)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip


async def wait_healthy(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.get(url + "/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the service did not start")


async def run(users: int, rounds: int) -> None:
    people = [SandboxUser(id=f"U{i:04d}", name=f"u{i}", real_name=f"User {i}",
                          email=f"u{i}@bench.coop") for i in range(users)]  # fmt: skip
    sandbox = Sandbox(bot_token=TOKEN, signing_secret=SECRET, events_url="", users=people)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        async with sandbox.serve() as base:
            env = {**os.environ, "TOMATIC_DB": f"{tmp}/bench.db", "TOMATIC_PORT": str(port),
                   "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
                   "SLACK_API_URL": base + "api/", "TOMATIC_CONFIG": str(ROOT / "data/config.yaml")}  # fmt: skip
            register(env, users)
            service = subprocess.Popen([str(ROOT / ".venv/bin/tomatic"), "serve"], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            try:
                url = f"http://127.0.0.1:{port}"
                sandbox.sender.events_url = url + "/slack/events"
                await wait_healthy(url)
                await asyncio.sleep(1.0)
                idle = rss_mb(service.pid)
                times = await load(sandbox, people, rounds)
                busy_mem = rss_mb(service.pid)
            finally:
                service.terminate()
                service.wait(10)
    report(times, idle, busy_mem, users, rounds)


async def load(sandbox: Sandbox, people: list[SandboxUser], rounds: int) -> list[float]:
    for person in people:  # first contact resolves each user once (users.info)
        await sandbox.slash_command(person.id, "/tomatic", "help")
    times: list[float] = []

    async def one(user: str, text: str) -> None:
        started = time.perf_counter()
        reply = await sandbox.slash_command(user, "/tomatic", text)
        times.append((time.perf_counter() - started) * 1000)
        assert reply.status == 200, reply

    for _ in range(rounds):
        await asyncio.gather(
            *(one(p.id, "busy" if i % 2 else "help") for i, p in enumerate(people))
        )
    return times


def report(times: list[float], idle: float, busy_mem: float, users: int, rounds: int) -> None:
    times.sort()
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{len(times)} commands ({users} concurrent users x {rounds} rounds)")
    print(
        f"ack time: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {times[-1]:.1f} ms  (target p99 < 50 ms)"
    )
    print(
        f"service memory: idle {idle:.0f} MB, after load {busy_mem:.0f} MB  (target idle < 200 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(run(args.users, args.rounds))


if __name__ == "__main__":
    main()

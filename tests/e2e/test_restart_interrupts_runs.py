"""kill -9 during a plan, then a restart: the run's message no longer offers Stop.

The service runs as its own process (`tomatic serve`) against the Slack sandbox served by the
test; it is killed with SIGKILL (its worker processes too) while a 300-person week is being
planned, and started again on the same database.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.sandbox import Sandbox
from handlers import ids
from tests.conftest import REPO
from tests.e2e.conftest import SECRET, TOKEN, USERS
from tests.support.bigteam import team
from tomatic.adapters.sqlite.db import open_database
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.runs import SqliteRuns
from tomatic.domain.model import Person

CONFIG = (
    'hours: ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]\n'
    "lines: 40\ntime_limit_s: 600\n"
)
PATIENCE_S = 120.0
"""How long to wait for the service or a message before calling it a hang."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed(db_path: Path) -> None:
    """Anna (a coordinator in the sandbox) and 300 more people with ideal loads."""
    db = open_database(db_path)
    persons = SqlitePersons(db)
    persons.save(Person(id="anna", name="Anna Puig", email="anna@example.coop", ideal_load=5,
                        groups=["admin"]), "test")  # fmt: skip
    for fields in team(300):
        persons.save(Person(**{**fields, "groups": []}), "test")
    db.conn.close()


class Service:
    """`tomatic serve` in a process group of its own, so that kill -9 takes its workers too."""

    def __init__(self, tmp: Path, api_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TOMATIC_"))},
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
            "TOMATIC_DB": str(tmp / "tomatic.db"),
            "TOMATIC_CONFIG": str(tmp / "config.yaml"),
            "TOMATIC_PORT": str(self.port),
            "TOMATIC_TEAM_CHANNEL": "C0TEAM",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tmp / "service.log"

    async def start(self) -> None:
        command = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())",
                   "serve"]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        async with aiohttp.ClientSession() as session:
            for _ in range(int(PATIENCE_S * 10)):
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{self.url}/healthz") as reply:
                        if reply.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise AssertionError(f"the service did not start: {self.log.read_text()[-2000:]}")

    def kill(self, how: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, how)
            self.process.wait(timeout=PATIENCE_S)


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[Sandbox, str]]:
    slack = Sandbox(bot_token=TOKEN, signing_secret=SECRET, events_url="http://127.0.0.1:9/",
                    users=USERS)  # fmt: skip
    async with slack.serve() as base_url:
        yield slack, base_url + "api/"
    with contextlib.suppress(Exception):
        await slack.close()


def _has(message, action_id: str) -> bool:
    return action_id in json.dumps(message.blocks or [])


async def test_after_kill_9_during_a_plan_and_a_restart_the_message_offers_no_stop(
    sandbox, tmp_path: Path
):
    slack, api_url = sandbox
    (tmp_path / "config.yaml").write_text(CONFIG)
    seed(tmp_path / "tomatic.db")
    service = Service(tmp_path, api_url)
    try:
        await service.start()
        slack.sender.events_url = f"{service.url}/slack/events"
        week = dt.date.today() - dt.timedelta(days=dt.date.today().weekday()) + dt.timedelta(7)
        reply = await slack.slash_command("U0ANNA", "/tomatic", f"plan {week.isoformat()}")
        assert reply.status == 200
        live = await slack.wait_for(  # edited: the run knows its message by then
            lambda: next((m for m in slack.dms("U0ANNA") if _has(m, ids.PLAN_STOP) and m.edited),
                         None),
            timeout=PATIENCE_S,
        )  # fmt: skip
        service.kill()
        db = open_database(tmp_path / "tomatic.db")
        [run] = [SqliteRuns(db).get(row[0]) for row in db.execute("SELECT id FROM planner_runs")]
        assert run is not None and run.state in ("queued", "running"), "the plan ended first"
        db.conn.close()

        await service.start()
        updated = await slack.wait_for(
            lambda: next((m for m in slack.dms("U0ANNA") if m.ts == live.ts and
                          not _has(m, ids.PLAN_STOP)), None),
            timeout=PATIENCE_S,
        )  # fmt: skip
        assert "interromput" in updated.text
        typed = f"/tomatic planifica {week.day}/{week.month}/{week.year}"  # as Catalan writes it
        assert typed in json.dumps(updated.blocks, ensure_ascii=False)
        db = open_database(tmp_path / "tomatic.db")
        assert SqliteRuns(db).get(run.id).state == "interrupted"
        db.conn.close()
    finally:
        service.kill(signal.SIGTERM)

"""Issue 4 end to end: the Slack board shows and changes the queue of an Asterisk over SSH."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.jobs import run_logged
from tests.e2e.conftest import Stack
from tests.support.asterisk_server import AsteriskSshServer
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain import schedule
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable

QUEUE = "atencio"
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


@pytest.fixture
async def pbx_server(tmp_path: Path) -> AsyncIterator[AsteriskSshServer]:
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    yield server
    await server.stop()


@pytest.fixture
async def ssh_team(stack: Stack, pbx_server: AsteriskSshServer) -> Stack:
    stack.overrides = {
        "TOMATIC_PBX": "asterisk-ssh",
        "TOMATIC_PBX_HOST": "127.0.0.1",
        "TOMATIC_PBX_PORT": str(pbx_server.port),
        "TOMATIC_PBX_USER": pbx_server.username,
        "TOMATIC_PBX_PASSWORD": pbx_server.password,
        "TOMATIC_PBX_KNOWN_HOSTS": str(pbx_server.known_hosts_path),
        "TOMATIC_PBX_QUEUE": QUEUE,
    }
    await stack.restart()
    persons = stack.services.persons
    await persons.create(
        None,
        "anna",
        {
            "name": "Anna D'Alòs",
            "email": "anna@example.coop",
            "extension": "3001",
            "groups": ["admin"],
        },
    )
    await persons.create(
        None, "bernat", {"name": "Bernat Roig", "email": "bernat@example.coop", "extension": "3002"}
    )
    return stack


async def test_the_board_shows_and_changes_the_asterisk_queue(ssh_team, pbx_server):
    await ssh_team.command("U0ANNA", "add")
    await ssh_team.command("U0ANNA", "add @bernat")
    members = pbx_server.asterisk.queues[QUEUE]
    assert list(members) == ["SIP/3001", "SIP/3002"]
    assert members["SIP/3001"].name == "Anna D'Alòs"

    board = await ssh_team.command("U0BERNAT", "queue")
    assert "Anna D'Alòs" in board[-1] and "3002" in board[-1]
    message = ssh_team.sandbox.ephemerals("U0BERNAT")[-1]
    await ssh_team.sandbox.click("U0BERNAT", message, "tomatic.queue.pause", value="3002")
    await ssh_team.sandbox.wait_for(lambda: members["SIP/3002"].paused, timeout=5)
    assert not members["SIP/3001"].paused
    assert any("queue pause member SIP/3002 queue atencio" in c for c in pbx_server.cli_commands)

    def redrawn() -> bool:
        return "tomatic.queue.resume" in json.dumps(
            ssh_team.sandbox.ephemerals("U0BERNAT")[-1].blocks
        )

    await ssh_team.sandbox.wait_for(redrawn, timeout=5)


async def test_an_operator_cannot_pause_someone_else(ssh_team, pbx_server):
    await ssh_team.command("U0ANNA", "add")
    replies = await ssh_team.command("U0BERNAT", "pause @anna")
    assert "coordinador" in replies[-1].lower()
    assert not pbx_server.asterisk.queues[QUEUE]["SIP/3001"].paused


async def test_add_of_an_extension_of_nobody_reaches_no_pbx(ssh_team, pbx_server):
    replies = await ssh_team.command("U0ANNA", "add 0")

    assert "Ningú de l'equip té l'extensió 0" in replies[-1]
    assert not any("add member" in command for command in pbx_server.cli_commands)
    assert pbx_server.asterisk.queues[QUEUE] == {}


async def test_the_turn_start_job_loads_a_name_with_parentheses(ssh_team, pbx_server):
    persons = ssh_team.services.persons
    await persons.create(
        None,
        "bernatr",
        {"name": "Bernat Roig (tarda)", "extension": "3005", "email": "tarda@example.coop"},
    )
    week = monday_of(dt.date.today()) - dt.timedelta(days=7)
    table = Timetable.empty(week, list(WEEKDAYS), HOURS, 3)
    table.cells["dm"][0] = ["anna", "bernatr", "bernat"]
    SqliteTimetables(ssh_team.db).save(table, "published", "anna")
    zone = ssh_team.services.now().tzinfo
    tuesday = dt.datetime.combine(week + dt.timedelta(days=1), dt.time(9, 0), tzinfo=zone)

    outcome = await run_logged(schedule.TURN_START, ssh_team.services, tuesday)

    assert outcome.key == "operations.outcome.loaded"
    members = pbx_server.asterisk.queues[QUEUE]
    assert sorted(members) == ["SIP/3001", "SIP/3002", "SIP/3005"]
    assert members["SIP/3005"].name == "Bernat Roig tarda"


async def test_an_operators_board_has_only_their_own_button(ssh_team, pbx_server):
    await ssh_team.command("U0ANNA", "add")
    await ssh_team.command("U0ANNA", "add @bernat")

    await ssh_team.command("U0BERNAT", "queue")

    blocks = ssh_team.sandbox.ephemerals("U0BERNAT")[-1].blocks
    buttons = [b["accessory"]["value"] for b in blocks if b.get("accessory")]
    assert buttons == ["3002"]
    assert "users_select" not in json.dumps(blocks)

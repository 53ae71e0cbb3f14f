"""Issue 4 end to end: the Slack board shows and changes the queue of an Asterisk over SSH."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Stack
from tests.support.asterisk_server import AsteriskSshServer

QUEUE = "atencio"


@pytest.fixture
async def pbx_server(tmp_path: Path) -> AsyncIterator[AsteriskSshServer]:
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    yield server
    await server.stop()


@pytest.fixture
async def ssh_team(stack: Stack, pbx_server: AsteriskSshServer) -> Stack:
    stack.overrides = {
        "TOMATIC_PBX": "asterisk-ssh", "TOMATIC_PBX_HOST": "127.0.0.1",
        "TOMATIC_PBX_PORT": str(pbx_server.port), "TOMATIC_PBX_USER": pbx_server.username,
        "TOMATIC_PBX_PASSWORD": pbx_server.password,
        "TOMATIC_PBX_KNOWN_HOSTS": str(pbx_server.known_hosts_path), "TOMATIC_PBX_QUEUE": QUEUE,
    }  # fmt: skip
    await stack.restart()
    persons = stack.services.persons
    await persons.create(None, "anna", {"name": "Anna D'Alòs", "email": "anna@example.coop",
                                         "extension": "3001", "groups": ["admin"]})  # fmt: skip
    await persons.create(None, "bernat", {"name": "Bernat Roig", "email": "bernat@example.coop",
                                           "extension": "3002"})  # fmt: skip
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

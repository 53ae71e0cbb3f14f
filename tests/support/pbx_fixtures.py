"""PBX test fixtures: an SSH Asterisk server, an adapter pointed at it, and the
fake-or-real `pbx` harness the PbxQueue contract suite runs against.

Conftest files import the fixtures they need from here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.asterisk_server import AsteriskSshServer
from tomatic.adapters.asterisk_ssh import AsteriskSshQueue
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.queue import MemberState
from tomatic.ports import PbxQueue

QUEUE = "somenergia"
DEVICES = {
    MemberState.AVAILABLE: ("Not in use", False),
    MemberState.RINGING: ("Ringing", False),
    MemberState.IN_CALL: ("In use", True),
    MemberState.UNAVAILABLE: ("Unavailable", False),
}


@dataclass
class PbxHarness:
    """An adapter under test plus a way to change what the phones are doing."""

    queue: PbxQueue
    set_state: Callable[[str, MemberState], None]
    server: AsteriskSshServer | None = None


def ssh_queue(server: AsteriskSshServer, **overrides: object) -> AsteriskSshQueue:
    """An adapter pointed at the test server, with short timeouts."""
    options: dict[str, object] = {
        "username": server.username,
        "password": server.password,
        "known_hosts": server.known_hosts_path,
        "queue": QUEUE,
        "command_timeout": 2.0,
        "connect_timeout": 2.0,
    }
    options.update(overrides)
    return AsteriskSshQueue("127.0.0.1", server.port, **options)  # type: ignore[arg-type]


def _device_setter(server: AsteriskSshServer) -> Callable[[str, MemberState], None]:
    def set_state(extension: str, state: MemberState) -> None:
        member = server.asterisk.queues[QUEUE][f"SIP/{extension}"]
        member.device, member.in_call = DEVICES[state]

    return set_state


@pytest.fixture
async def asterisk_server(tmp_path: Path) -> AsyncIterator[AsteriskSshServer]:
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    yield server
    await server.stop()


@pytest.fixture(params=["fake", "asterisk-ssh"])
async def pbx(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PbxHarness]:
    if request.param == "fake":
        fake = FakePbxQueue(seed=1)
        yield PbxHarness(fake, fake.set_state)
        return
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    queue = ssh_queue(server)
    yield PbxHarness(queue, _device_setter(server), server)
    await queue.close()
    await server.stop()

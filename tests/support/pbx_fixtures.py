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
    complete_call: Callable[[str], None]
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


def _fake_call(fake: FakePbxQueue) -> Callable[[str], None]:
    def complete_call(extension: str) -> None:
        fake.set_state(extension, MemberState.IN_CALL)
        fake.tick(600)  # longer than any simulated call

    return complete_call


def _served_call(server: AsteriskSshServer) -> Callable[[str], None]:
    def complete_call(extension: str) -> None:
        server.asterisk.complete_call(QUEUE, f"SIP/{extension}", hold=5, talk=120)

    return complete_call


@pytest.fixture
async def asterisk_server(tmp_path: Path) -> AsyncIterator[AsteriskSshServer]:
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    yield server
    await server.stop()


@pytest.fixture(params=["fake", "asterisk-ssh"])
async def pbx(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PbxHarness]:
    if request.param == "fake":
        fake = FakePbxQueue(seed=1, calls_per_hour=0)
        yield PbxHarness(fake, fake.set_state, _fake_call(fake))
        return
    server = await AsteriskSshServer(tmp_path, queues=(QUEUE,)).start()
    queue = ssh_queue(server)
    yield PbxHarness(queue, _device_setter(server), _served_call(server), server)
    await queue.close()
    await server.stop()

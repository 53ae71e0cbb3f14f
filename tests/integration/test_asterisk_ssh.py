"""AsteriskSshQueue against a local SSH server: exact commands, quoting and failures."""

from __future__ import annotations

import asyncio
import socket
import time

import asyncssh
import pytest

from tests.support.asterisk_server import AsteriskSshServer
from tests.support.pbx_fixtures import QUEUE, ssh_queue
from tomatic.adapters.asterisk_ssh import AsteriskSshQueue
from tomatic.domain.errors import PbxRefusedError, PbxUnreachableError, ValidationError


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestAsteriskSshCommands:
    async def test_add_sends_one_exact_command_quoted_for_shell_and_asterisk(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)

        await queue.add("3001", "Joan D'Alòs i Puig", line=0)
        await queue.close()

        assert asterisk_server.commands == [
            "asterisk -rx 'queue add member SIP/3001 to somenergia penalty 0 as "
            "\"Joan D'\"'\"'Alòs i Puig\" state_interface SIP/3001'"
        ]
        assert asterisk_server.asterisk.queues[QUEUE]["SIP/3001"].name == "Joan D'Alòs i Puig"

    async def test_pause_resume_and_remove_commands(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)
        await queue.add("3001", "Anna", line=0)

        await queue.pause("3001", "Dinar llarg")
        await queue.pause("3001")
        await queue.resume("3001")
        await queue.remove("3001")
        await queue.close()

        assert asterisk_server.cli_commands[1:] == [
            'queue pause member SIP/3001 queue somenergia reason "Dinar llarg"',
            "queue pause member SIP/3001 queue somenergia",
            "queue unpause member SIP/3001 queue somenergia",
            "queue remove member SIP/3001 from somenergia",
        ]

    async def test_set_members_issues_the_fewest_commands_and_repauses(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)
        await queue.set_members([("3001", "Anna"), ("3002", "Berta"), ("3003", "Carla")])
        await queue.pause("3003", "Metge")
        asterisk_server.commands.clear()

        await queue.set_members([("3001", "Anna"), ("3003", "Carla"), ("3004", "Dani")])
        await queue.close()

        assert asterisk_server.cli_commands == [
            "queue show somenergia",
            "queue remove member SIP/3002 from somenergia",
            "queue remove member SIP/3003 from somenergia",
            'queue add member SIP/3003 to somenergia penalty 1 as "Carla" state_interface SIP/3003',
            'queue pause member SIP/3003 queue somenergia reason "Metge"',
            'queue add member SIP/3004 to somenergia penalty 2 as "Dani" state_interface SIP/3004',
        ]

    async def test_a_name_longer_than_asterisk_keeps_is_cut_whole_and_not_reloaded(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        # 80 characters, 86 bytes of UTF-8: Asterisk keeps a member name in 79 bytes
        name = "Maria Mercè Puigdomènech i Sànchez-Garcia de la Torre d'Alòs i Peña Font Ribaxxx"
        assert len(name) == 80
        queue = ssh_queue(asterisk_server)
        await queue.set_members([("3001", name), ("3002", "Berta")])
        asterisk_server.commands.clear()

        await queue.set_members([("3001", name), ("3002", "Berta")])
        [member, _] = await queue.status()
        await queue.close()

        assert asterisk_server.cli_commands == ["queue show somenergia"] * 2
        assert name.startswith(member.name) and "\ufffd" not in member.name
        assert len(member.name.encode()) <= 79

    async def test_another_interface_pattern_is_used_both_ways(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server, interface="PJSIP/{extension}")

        await queue.add("3001", "Anna")
        members = await queue.status()
        await queue.close()

        assert "PJSIP/3001" in asterisk_server.asterisk.queues[QUEUE]
        assert [m.extension for m in members] == ["3001"]

    async def test_a_shell_injection_attempt_never_reaches_the_pbx(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)

        with pytest.raises(ValidationError):
            await queue.add("3001", "x'; reboot")
        with pytest.raises(ValidationError):
            await queue.pause("3001'; reboot; '", "x")
        await queue.close()

        assert asterisk_server.commands == []
        assert asterisk_server.accepted == 0

    async def test_an_unknown_queue_is_refused(self, asterisk_server: AsteriskSshServer) -> None:
        queue = ssh_queue(asterisk_server, queue="nowhere")

        with pytest.raises(PbxRefusedError) as caught:
            await queue.status()
        await queue.close()

        assert caught.value.key == "pbx.no_such_queue"

    def test_a_bad_interface_pattern_is_refused(self, asterisk_server: AsteriskSshServer) -> None:
        with pytest.raises(ValidationError):
            ssh_queue(asterisk_server, interface="SIP/$(reboot)/{extension}")


class TestAsteriskSshFailures:
    async def test_a_pbx_that_is_down_answers_unreachable_within_five_seconds(self) -> None:
        queue = AsteriskSshQueue(
            "127.0.0.1", closed_port(), username="tomatic", password="x", queue=QUEUE
        )
        started = time.monotonic()

        with pytest.raises(PbxUnreachableError):
            await queue.status()
        with pytest.raises(PbxUnreachableError):
            await queue.pause("3001")

        assert time.monotonic() - started < 5

    async def test_a_slow_answer_times_out(self, asterisk_server: AsteriskSshServer) -> None:
        queue = ssh_queue(asterisk_server, command_timeout=0.3)
        asterisk_server.delay = 2.0
        started = time.monotonic()

        with pytest.raises(PbxUnreachableError) as caught:
            await queue.status()
        elapsed = time.monotonic() - started
        asterisk_server.delay = 0.0
        members = await queue.status()
        await queue.close()

        assert caught.value.key == "pbx.timeout"
        assert elapsed < 1.5
        assert members == []
        assert asterisk_server.accepted == 2

    async def test_a_dropped_connection_is_reopened_on_the_next_command(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)
        await queue.status()
        asterisk_server.drop_connections()
        await asyncio.sleep(0.05)

        await queue.add("3001", "Anna")
        members = await queue.status()
        await queue.close()

        assert [m.extension for m in members] == ["3001"]
        assert asterisk_server.accepted == 2

    async def test_a_drop_during_a_command_fails_it_and_the_next_one_reconnects(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)
        asterisk_server.delay = 0.5
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, asterisk_server.drop_connections)

        with pytest.raises(PbxUnreachableError):
            await queue.status()
        asterisk_server.delay = 0.0
        members = await queue.status()
        await queue.close()

        assert members == []
        assert asterisk_server.accepted == 2

    async def test_an_unknown_host_key_is_refused(
        self, asterisk_server: AsteriskSshServer, tmp_path
    ) -> None:
        other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
        wrong = tmp_path / "wrong_known_hosts"
        wrong.write_text(f"[127.0.0.1]:{asterisk_server.port} {other}")

        for known_hosts in (wrong, None):
            queue = ssh_queue(asterisk_server, known_hosts=known_hosts)
            with pytest.raises(PbxUnreachableError):
                await queue.status()
            await queue.close()

        assert asterisk_server.commands == []

    async def test_key_authentication_works(self, asterisk_server: AsteriskSshServer) -> None:
        queue = ssh_queue(asterisk_server, password=None, key_path=asterisk_server.client_key_path)

        assert await queue.status() == []
        await queue.close()

    async def test_a_wrong_password_is_unreachable(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server, password="wrong")

        with pytest.raises(PbxUnreachableError):
            await queue.status()
        await queue.close()

        assert asterisk_server.commands == []

    async def test_a_stopped_asterisk_is_unreachable(
        self, asterisk_server: AsteriskSshServer
    ) -> None:
        queue = ssh_queue(asterisk_server)
        asterisk_server.asterisk_running = False

        with pytest.raises(PbxUnreachableError):
            await queue.status()
        await queue.close()

    async def test_after_a_failed_connection_retries_wait_for_the_backoff(self) -> None:
        port = closed_port()
        attempts: list[int] = []
        queue = AsteriskSshQueue(
            "127.0.0.1", port, username="u", password="p", queue=QUEUE, backoff_initial=0.3
        )
        with pytest.raises(PbxUnreachableError):
            await queue.status()

        async def count(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            attempts.append(1)
            writer.close()

        listener = await asyncio.start_server(count, "127.0.0.1", port)
        with pytest.raises(PbxUnreachableError):
            await queue.status()
        during_backoff = len(attempts)
        await asyncio.sleep(0.35)
        with pytest.raises(PbxUnreachableError):
            await queue.status()
        listener.close()
        await listener.wait_closed()

        assert (during_backoff, len(attempts)) == (0, 1)

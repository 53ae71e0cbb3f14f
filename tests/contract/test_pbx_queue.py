"""PbxQueue contract (fake and Asterisk over SSH) plus SSH-specific behaviour."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import time

import asyncssh
import pytest

from tests.contract.conftest import QUEUE, PbxHarness, ssh_queue
from tests.support.asterisk_server import AsteriskSshServer
from tomatic.adapters.asterisk_ssh import AsteriskSshQueue
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import (
    PbxRefusedError,
    PbxUnreachableError,
    UnknownMemberError,
    ValidationError,
)
from tomatic.domain.queue import MemberState


async def extensions(pbx: PbxHarness) -> list[str]:
    return [member.extension for member in await pbx.queue.status()]


class TestMembership:
    async def test_an_empty_queue_has_no_members(self, pbx: PbxHarness) -> None:
        assert await pbx.queue.status() == []

    async def test_add_appends_members_in_line_order_with_their_names(
        self, pbx: PbxHarness
    ) -> None:
        await pbx.queue.add("3001", "Anna Puig")
        await pbx.queue.add("3002", "Joan D'Alòs")
        await pbx.queue.add("3003", "Núria Ça-Pí Jr.")

        members = await pbx.queue.status()

        assert [(m.extension, m.name) for m in members] == [
            ("3001", "Anna Puig"),
            ("3002", "Joan D'Alòs"),
            ("3003", "Núria Ça-Pí Jr."),
        ]
        assert all(m.state == MemberState.AVAILABLE and not m.paused for m in members)

    async def test_add_with_a_line_places_the_member_by_line(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3002", "Second", line=1)
        await pbx.queue.add("3003", "Third", line=2)
        await pbx.queue.add("3001", "First", line=0)

        assert await extensions(pbx) == ["3001", "3002", "3003"]

    async def test_adding_a_member_twice_is_refused(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna Puig")

        with pytest.raises(PbxRefusedError) as caught:
            await pbx.queue.add("3001", "Anna Puig")

        assert caught.value.key == "pbx.already_member"
        assert await extensions(pbx) == ["3001"]

    async def test_remove_takes_the_member_out(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna")
        await pbx.queue.add("3002", "Berta")

        await pbx.queue.remove("3001")

        assert await extensions(pbx) == ["3002"]

    async def test_clear_removes_everyone(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna")
        await pbx.queue.add("3002", "Berta")

        await pbx.queue.clear()

        assert await pbx.queue.status() == []

    @pytest.mark.parametrize("action", ["remove", "pause", "resume"])
    async def test_acting_on_an_unknown_member_raises(self, pbx: PbxHarness, action: str) -> None:
        await pbx.queue.add("3001", "Anna")

        with pytest.raises(UnknownMemberError) as caught:
            await getattr(pbx.queue, action)("3999")

        assert caught.value.params["extension"] == "3999"


class TestPause:
    async def test_pause_with_a_reason_and_resume(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna")
        await pbx.queue.add("3002", "Berta")

        await pbx.queue.pause("3001", "Dinar a l'àvia")
        paused = (await pbx.queue.status())[0]
        await pbx.queue.resume("3001")
        resumed = (await pbx.queue.status())[0]

        assert (paused.paused, paused.pause_reason, paused.state) == (
            True,
            "Dinar a l'àvia",
            MemberState.PAUSED,
        )
        assert (resumed.paused, resumed.pause_reason, resumed.state) == (
            False,
            "",
            MemberState.AVAILABLE,
        )
        assert not (await pbx.queue.status())[1].paused

    async def test_pause_without_reason(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna")

        await pbx.queue.pause("3001")

        member = (await pbx.queue.status())[0]
        assert member.paused and member.pause_reason == ""


class TestSetMembers:
    async def test_set_members_makes_exactly_these_members_in_order(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3009", "Intruder")

        await pbx.queue.set_members([("3003", "Carla"), ("3001", "Anna"), ("3002", "Berta")])

        members = await pbx.queue.status()
        assert [(m.extension, m.name) for m in members] == [
            ("3003", "Carla"),
            ("3001", "Anna"),
            ("3002", "Berta"),
        ]

    async def test_set_members_keeps_the_pauses_of_those_who_stay(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta"), ("3003", "Carla")])
        await pbx.queue.pause("3002", "Esmorzar")
        await pbx.queue.pause("3003", "Metge")

        await pbx.queue.set_members([("3002", "Berta"), ("3001", "Anna"), ("3004", "Dani")])

        members = await pbx.queue.status()
        assert [(m.extension, m.paused, m.pause_reason) for m in members] == [
            ("3002", True, "Esmorzar"),
            ("3001", False, ""),
            ("3004", False, ""),
        ]

    async def test_set_members_with_nobody_empties_the_queue(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta")])

        await pbx.queue.set_members([])

        assert await pbx.queue.status() == []

    async def test_set_members_checks_every_entry_before_changing_anything(
        self, pbx: PbxHarness
    ) -> None:
        await pbx.queue.set_members([("3001", "Anna")])

        with pytest.raises(ValidationError):
            await pbx.queue.set_members([("3002", "Berta"), ("30x3", "Carla")])

        assert await extensions(pbx) == ["3001"]

    async def test_set_members_refuses_a_repeated_extension(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([("3001", "Anna")])

        with pytest.raises(ValidationError) as caught:
            await pbx.queue.set_members([("3002", "Berta"), ("3002", "Berta")])

        assert caught.value.key == "pbx.duplicate_extension"
        assert await extensions(pbx) == ["3001"]

    async def test_a_pause_during_a_reload_is_not_lost(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta"), ("3003", "Carla")])

        await asyncio.gather(
            pbx.queue.set_members([("3003", "Carla"), ("3002", "Berta"), ("3001", "Anna")]),
            pbx.queue.pause("3003", "Metge"),
        )

        carla = (await pbx.queue.status())[0]
        assert (carla.extension, carla.paused, carla.pause_reason) == ("3003", True, "Metge")


class TestStatus:
    async def test_status_reports_each_phone_state(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([(f"300{i}", f"Op {i}") for i in range(1, 5)])
        pbx.set_state("3002", MemberState.RINGING)
        pbx.set_state("3003", MemberState.IN_CALL)
        pbx.set_state("3004", MemberState.UNAVAILABLE)

        members = await pbx.queue.status()

        assert [m.state for m in members] == [
            MemberState.AVAILABLE,
            MemberState.RINGING,
            MemberState.IN_CALL,
            MemberState.UNAVAILABLE,
        ]
        assert [m.disconnected for m in members] == [False, False, False, True]


class TestValidation:
    @pytest.mark.parametrize(
        ("extension", "name"),
        [
            ("3001", "x'; reboot"),
            ("3001", 'Anna "boss"'),
            ("3001", "$(reboot)"),
            ("3001", "Anna\nPuig"),
            ("3001", ""),
            ("3001; reboot", "Anna"),
            ("SIP/3001", "Anna"),
            ("", "Anna"),
        ],
    )
    async def test_add_refuses_values_that_are_not_plain(
        self, pbx: PbxHarness, extension: str, name: str
    ) -> None:
        with pytest.raises(ValidationError):
            await pbx.queue.add(extension, name)

    async def test_pause_refuses_a_reason_that_is_not_plain(self, pbx: PbxHarness) -> None:
        await pbx.queue.add("3001", "Anna")

        with pytest.raises(ValidationError):
            await pbx.queue.pause("3001", "lunch`reboot`")

        assert not (await pbx.queue.status())[0].paused


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


class SettableClock:
    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current


START = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


async def busy_fake(seed: int = 3) -> FakePbxQueue:
    fake = FakePbxQueue(seed, calls_per_hour=300, start=START)
    await fake.set_members([("3001", "Anna"), ("3002", "Berta"), ("3003", "Carla")])
    return fake


class TestFakeSimulation:
    async def test_time_makes_calls_come_and_go_and_counts_them(self) -> None:
        fake = await busy_fake()
        seen: set[MemberState] = set()
        for _ in range(360):
            fake.tick(10)
            seen |= {m.state for m in await fake.status()}
        members = await fake.status()
        stats = fake.daily_stats(START.date())
        ringing = sum(m.state == MemberState.RINGING for m in members)

        assert {MemberState.AVAILABLE, MemberState.RINGING, MemberState.IN_CALL} <= seen
        assert sum(m.calls_taken for m in members) > 0
        assert stats["calls_received"] == stats["calls_answered"] + stats["calls_lost"] + ringing
        assert stats["calls_answered"] > 0
        assert members[0].calls_taken >= members[2].calls_taken

    async def test_the_same_seed_gives_the_same_day(self) -> None:
        first, second = await busy_fake(seed=7), await busy_fake(seed=7)

        first.tick(3600)
        second.tick(3600)

        assert await first.status() == await second.status()
        assert first.daily_stats(START.date()) == second.daily_stats(START.date())

    async def test_paused_and_disconnected_members_take_no_calls(self) -> None:
        fake = await busy_fake()
        await fake.pause("3001", "Dinar")
        fake.set_state("3002", MemberState.UNAVAILABLE)

        fake.tick(3600)

        anna, berta, carla = await fake.status()
        assert (anna.calls_taken, berta.calls_taken) == (0, 0)
        assert berta.state == MemberState.UNAVAILABLE and berta.disconnected
        assert carla.calls_taken > 0

    async def test_seconds_since_last_call_grow_with_time(self) -> None:
        fake = FakePbxQueue(1, calls_per_hour=0, start=START)
        await fake.add("3001", "Anna")
        fake.set_state("3001", MemberState.IN_CALL)
        fake.tick(600)
        before = (await fake.status())[0]

        fake.tick(30)

        after = (await fake.status())[0]
        assert before.calls_taken == 1 and before.state == MemberState.AVAILABLE
        assert after.seconds_since_last_call == before.seconds_since_last_call + 30

    async def test_with_a_clock_time_passes_by_itself(self) -> None:
        clock = SettableClock(START)
        fake = FakePbxQueue(5, clock=clock, calls_per_hour=300)
        await fake.set_members([("3001", "Anna"), ("3002", "Berta")])

        clock.current = START + dt.timedelta(hours=1)
        await fake.status()

        assert fake.daily_stats(START.date())["calls_received"] > 0
        assert fake.daily_stats(START.date() + dt.timedelta(days=1))["calls_received"] == 0

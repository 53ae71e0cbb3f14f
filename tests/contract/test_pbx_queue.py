"""PbxQueue contract, run against both adapters: the in-memory fake and Asterisk over SSH.

SSH-only behaviour is in tests/integration/test_asterisk_ssh.py and the fake's own
call simulation in tests/unit/adapters/test_pbx_fake.py.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.support.pbx_fixtures import PbxHarness
from tomatic.domain.errors import PbxRefusedError, UnknownMemberError, ValidationError
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

    async def test_set_members_leaves_out_bad_entries_and_loads_the_others(
        self, pbx: PbxHarness
    ) -> None:
        await pbx.queue.set_members([("3001", "Anna")])

        refused = await pbx.queue.set_members(
            [("3002", "Berta"), ("30x3", "Carla"), ("3004", "Dani <b>"), ("3005", "Eva")]
        )

        assert await extensions(pbx) == ["3002", "3005"]
        assert [(r.extension, r.key) for r in refused] == [
            ("30x3", "pbx.invalid_extension"),
            ("3004", "pbx.invalid_name"),
        ]
        if pbx.server is not None:
            assert not any("30x3" in c or "Dani" in c for c in pbx.server.cli_commands)

    async def test_set_members_loads_a_repeated_extension_once(self, pbx: PbxHarness) -> None:
        refused = await pbx.queue.set_members([("3002", "Berta"), ("3002", "Berta")])

        assert [r.key for r in refused] == ["pbx.duplicate_extension"]
        assert await extensions(pbx) == ["3002"]

    async def test_set_members_refuses_nobody_when_all_are_fine(self, pbx: PbxHarness) -> None:
        assert await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta")]) == []

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


class TestCounters:
    async def test_counters_start_at_zero_for_new_members(self, pbx: PbxHarness) -> None:
        await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta")])

        counters = await pbx.queue.counters()

        assert counters is not None
        assert counters.members == {"3001": 0, "3002": 0}
        assert counters.abandoned >= 0 and counters.completed >= 0

    async def test_a_finished_call_counts_for_the_queue_and_the_member(
        self, pbx: PbxHarness
    ) -> None:
        await pbx.queue.set_members([("3001", "Anna"), ("3002", "Berta")])
        before = await pbx.queue.counters()

        pbx.complete_call("3002")

        after = await pbx.queue.counters()
        assert before is not None and after is not None
        assert after.completed == before.completed + 1
        assert after.members == {"3001": 0, "3002": 1}

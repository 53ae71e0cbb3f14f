"""QueueService on the in-memory PBX: the board join, permissions and clear errors."""

from __future__ import annotations

import asyncio

import pytest

from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import (
    NotFoundError,
    PbxUnreachableError,
    PermissionDeniedError,
    UnknownMemberError,
    ValidationError,
)
from tomatic.domain.model import Person
from tomatic.domain.queue import MemberState
from tomatic.services.queue import QueueService


@pytest.fixture
def pbx() -> FakePbxQueue:
    return FakePbxQueue(seed=3)


@pytest.fixture
def queue(services, stores, pbx: FakePbxQueue) -> QueueService:
    return QueueService(pbx, stores.persons, services.identity)


@pytest.fixture
async def carla(services) -> Person:
    """Carla, another operator (extension 3003)."""
    return await services.persons.create(None, "carla", {"name": "Carla", "extension": "3003"})


class TestBoard:
    async def test_board_joins_members_with_persons_by_extension_in_line_order(
        self, queue, pbx, operator, carla
    ):
        await pbx.set_members([("3003", "C"), ("3002", "B"), ("4999", "Visitor")])
        await pbx.pause("3002", "lunch")
        pbx.set_state("3003", MemberState.UNAVAILABLE)

        board = await queue.board()

        assert [(e.person, e.name, e.extension) for e in board] == [
            ("carla", "Carla", "3003"),
            ("bernat", "Bernat", "3002"),
            ("", "Visitor", "4999"),
        ]
        assert board[0].state == MemberState.UNAVAILABLE and board[0].disconnected
        assert board[1].paused and board[1].reason == "lunch"
        assert board[1].state == MemberState.PAUSED

    async def test_board_reports_calls_and_time_since_the_last_one(self, queue, pbx, operator):
        await pbx.set_members([("3002", "Bernat")])
        pbx.set_state("3002", MemberState.IN_CALL)
        pbx.tick(600)  # longer than any simulated call

        [entry] = await queue.board()

        assert entry.calls >= 1
        assert entry.seconds_since_last is not None and entry.seconds_since_last < 600


class TestPermissions:
    async def test_anyone_may_pause_and_resume_themselves(self, queue, pbx, operator):
        await pbx.set_members([("3002", "Bernat")])

        change = await queue.pause(operator, None, "  coffee ")

        assert change.subject.extension == "3002"
        assert change.board[0].paused and change.board[0].reason == "coffee"
        change = await queue.resume(operator, "bernat")
        assert not change.board[0].paused

    async def test_an_operator_may_not_pause_someone_else(self, queue, pbx, operator, carla):
        await pbx.set_members([("3003", "Carla")])

        with pytest.raises(PermissionDeniedError) as raised:
            await queue.pause(operator, "carla", "")
        assert raised.value.key == "queue.denied.pause"
        with pytest.raises(PermissionDeniedError) as raised:
            await queue.remove(operator, "3003")  # by extension, too
        assert raised.value.key == "queue.denied.remove"
        assert not (await pbx.status())[0].paused

    async def test_an_operator_may_act_on_their_own_extension(self, queue, pbx, operator):
        change = await queue.add(operator, "3002")

        assert [e.person for e in change.board] == ["bernat"]

    async def test_a_coordinator_may_add_pause_and_remove_anyone(
        self, queue, coordinator, operator, carla
    ):
        await queue.add(coordinator, "bernat")
        await queue.add(coordinator, "carla")
        change = await queue.pause(coordinator, "carla", "training")
        assert [(e.person, e.paused) for e in change.board] == [
            ("bernat", False),
            ("carla", True),
        ]

        change = await queue.remove(coordinator, "bernat")

        assert change.subject.name == "Bernat"
        assert [e.person for e in change.board] == ["carla"]

    async def test_a_coordinator_may_add_an_extension_nobody_owns_when_saying_so(
        self, queue, coordinator
    ):
        change = await queue.add(coordinator, "4999", any_extension=True)

        assert [(e.person, e.name) for e in change.board] == [("", "4999")]
        change = await queue.pause(coordinator, "4999", "test")
        assert change.board[0].paused
        assert (await queue.remove(coordinator, "4999")).board == []

    async def test_the_command_line_acts_without_an_actor(self, queue, operator):
        change = await queue.add(None, "bernat")

        assert [e.extension for e in change.board] == ["3002"]


class TestErrors:
    async def test_a_person_without_extension_gets_a_clear_error(self, queue, coordinator):
        with pytest.raises(ValidationError) as raised:
            await queue.add(coordinator, None)

        assert raised.value.key == "queue.no_extension"
        assert raised.value.params["name"] == "Anna Puig"

    async def test_an_unknown_person_is_not_found(self, queue, coordinator):
        with pytest.raises(NotFoundError):
            await queue.add(coordinator, "nobody")
        with pytest.raises(NotFoundError):
            await queue.add(None, "x'; reboot")

    async def test_pbx_errors_propagate_as_pbx_errors(self, queue, operator):
        with pytest.raises(UnknownMemberError) as raised:
            await queue.pause(operator, None, "")

        assert raised.value.params == {"extension": "3002"}

    async def test_a_name_the_pbx_cannot_take_is_refused(self, queue, stores, coordinator, pbx):
        # stored as a database older than the name rule may hold it
        await stores.persons.save(Person(id="dani", name="x'; reboot", extension="3004"), "t")

        with pytest.raises(ValidationError) as raised:
            await queue.add(coordinator, "dani")

        assert raised.value.key == "pbx.invalid_name"
        assert await pbx.status() == []

    async def test_a_hanging_pbx_fails_within_the_deadline(self, services, stores, operator):
        class HangingPbx(FakePbxQueue):
            async def status(self):
                await asyncio.sleep(10)

        queue = QueueService(HangingPbx(), stores.persons, services.identity, deadline=0.2)

        with pytest.raises(PbxUnreachableError) as raised:
            await asyncio.wait_for(queue.board(), 2)
        assert raised.value.key == "queue.timeout"


class TestLoad:
    async def test_load_sets_members_in_line_order_reporting_those_left_out(
        self, queue, coordinator, operator, carla
    ):
        loaded = await queue.load([carla, "ningu", "anna", "bernat", "carla"])

        assert [(e.person, e.name) for e in loaded.board] == [
            ("carla", "Carla"),
            ("bernat", "Bernat"),
        ]
        assert [(m.person, m.key) for m in loaded.missing] == [
            ("ningu", "person.unknown"),
            ("anna", "queue.no_extension"),
        ]

    async def test_load_keeps_the_pauses_of_members_who_stay(self, queue, operator, carla):
        await queue.load(["bernat", "carla"])
        await queue.pause(None, "carla", "meeting")

        loaded = await queue.load(["carla", "3002"])

        assert [(e.extension, e.paused) for e in loaded.board] == [("3003", True), ("3002", False)]

    async def test_strict_load_refuses_unknown_names_before_touching_the_pbx(
        self, queue, pbx, operator
    ):
        await pbx.set_members([("3002", "Bernat")])

        with pytest.raises(NotFoundError):
            await queue.load(["bernat", "ningu"], strict=True)

        assert [m.extension for m in await pbx.status()] == ["3002"]

    async def test_clear_empties_the_queue(self, queue, operator):
        await queue.load(["bernat"])

        await queue.clear()

        assert await queue.board() == []

    async def test_a_turn_of_40_lines_is_not_cut_by_the_deadline_of_one_change(
        self, services, stores
    ):
        class SlowPbx(FakePbxQueue):
            """A PBX that takes a while per command, as one over SSH does."""

            async def set_members(self, members):
                await asyncio.sleep(0.01 * len(members))
                return await super().set_members(members)

            async def clear(self):
                await asyncio.sleep(0.01 * len(await self.status()))
                await super().clear()

        ids = [f"op{letter}{second}" for letter in "abcdefgh" for second in "abcde"]
        for number, person in enumerate(ids):
            fields = {"name": f"Operadora {number}", "extension": str(4000 + number)}
            await services.persons.create(None, person, fields)
        slow = SlowPbx(seed=1, calls_per_hour=0)
        queue = QueueService(slow, stores.persons, services.identity, deadline=0.2)

        loaded = await queue.load(ids)
        assert len(loaded.board) == 40 and loaded.missing == []

        await queue.clear()
        assert await slow.status() == []

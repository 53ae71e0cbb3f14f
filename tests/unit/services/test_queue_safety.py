"""What reaches the PBX: safe names, extensions of known people only, partial loads, and
refusals that name the action."""

from __future__ import annotations

import pytest

from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from tomatic.domain.model import Person
from tomatic.services.queue import QueueService


@pytest.fixture
def pbx() -> FakePbxQueue:
    return FakePbxQueue(seed=3, calls_per_hour=0)


@pytest.fixture
def queue(services, stores, pbx: FakePbxQueue) -> QueueService:
    return QueueService(pbx, stores.persons, services.identity)


@pytest.fixture
async def tarda(services) -> Person:
    """A valid name with parentheses, which Asterisk member names cannot hold."""
    fields = {"name": "Bernat Roig (tarda)", "extension": "3005"}
    return await services.persons.create(None, "bernatr", fields)


class TestSafeNames:
    @pytest.mark.usefixtures("tarda")
    async def test_the_pbx_gets_a_name_without_parentheses_and_the_board_the_real_one(
        self, queue, pbx
    ):
        change = await queue.add(None, "bernatr")

        assert [m.name for m in await pbx.status()] == ["Bernat Roig tarda"]
        assert [e.name for e in change.board] == ["Bernat Roig (tarda)"]

    @pytest.mark.usefixtures("operator", "tarda")
    async def test_a_turn_with_such_a_name_loads_everyone(self, queue, pbx):
        loaded = await queue.load(["bernat", "bernatr"])

        assert loaded.missing == []
        assert [m.extension for m in await pbx.status()] == ["3002", "3005"]


class TestPartialLoad:
    @pytest.mark.usefixtures("operator", "tarda")
    async def test_a_member_the_pbx_refuses_does_not_stop_the_others(self, queue, pbx, stores):
        # the name rule refuses such a name today; a database older than it may still hold one
        await stores.persons.save(Person(id="dani", name="Dani <b>", extension="3004"), "t")

        loaded = await queue.load(["bernat", "dani", "bernatr"])

        assert [e.person for e in loaded.board] == ["bernat", "bernatr"]
        [missing] = loaded.missing
        assert (missing.person, missing.name, missing.extension) == ("dani", "Dani <b>", "3004")
        assert (missing.key, missing.params) == ("pbx.invalid_name", {"value": "Dani <b>"})

    async def test_a_strict_load_refuses_an_extension_of_nobody_before_the_pbx(
        self, queue, pbx, operator
    ):
        with pytest.raises(NotFoundError) as raised:
            await queue.load(["bernat", "3999"], strict=True)

        assert raised.value.key == "queue.unknown_extension"
        assert await pbx.status() == []


class TestExtensionsOfNobody:
    @pytest.mark.parametrize("action", ["add", "pause", "resume", "remove"])
    async def test_an_extension_of_nobody_never_reaches_the_pbx(
        self, queue, pbx, coordinator, action
    ):
        with pytest.raises(NotFoundError) as raised:
            await getattr(queue, action)(coordinator, "0")

        assert raised.value.key == "queue.unknown_extension"
        assert raised.value.params == {"extension": "0"}
        assert await pbx.status() == []

    async def test_an_operator_may_not_add_a_phone_of_nobody(self, queue, pbx, operator):
        with pytest.raises(PermissionDeniedError) as raised:
            await queue.add(operator, "4999", any_extension=True)

        assert raised.value.key == "queue.denied.any_extension"
        assert await pbx.status() == []

    @pytest.mark.parametrize("typed", ["", "30a1", "٣٠٠١", "3001; reboot"])
    async def test_an_explicit_extension_must_be_digits(self, queue, coordinator, typed):
        with pytest.raises(ValidationError) as raised:
            await queue.add(coordinator, typed, any_extension=True)

        assert raised.value.key in ("queue.bad_extension", "queue.target_required")

    async def test_an_operator_may_not_touch_a_phone_of_nobody_in_the_queue(
        self, queue, pbx, operator
    ):
        await queue.add(None, "4999", any_extension=True)

        with pytest.raises(PermissionDeniedError) as raised:
            await queue.pause(operator, "4999")

        assert raised.value.key == "queue.denied.pause"
        assert not (await pbx.status())[0].paused


class TestRefusalsNameTheAction:
    @pytest.mark.parametrize("action", ["add", "resume", "remove"])
    async def test_an_operator_acting_on_someone_else_hears_which_action(
        self, queue, pbx, services, operator, action
    ):
        await services.persons.create(None, "carla", {"name": "Carla", "extension": "3003"})

        with pytest.raises(PermissionDeniedError) as raised:
            await getattr(queue, action)(operator, "carla")

        assert raised.value.key == f"queue.denied.{action}"

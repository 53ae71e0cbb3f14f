"""The day's jobs and the phones: a turn loads even when the PBX refuses someone (and the
coordinators hear who and why), and the PBX's counters are sampled for the statistics."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.pbx import CallableClock
from handlers.blocks import queue_missing  # noqa: F401 - registers the notice
from handlers.blocks.messages import render
from handlers.context import Ctx
from handlers.events.app_home import reload_queue
from tests.conftest import NOW, ZONE
from tests.unit.services.test_operations import THURSDAY, at
from tests.unit.services.test_operations import pbx as pbx  # a fixture
from tests.unit.services.test_operations import team as team  # a fixture
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import PbxUnreachableError
from tomatic.domain.stats import SampleReason


async def rename(stores, person_id: str, name: str) -> None:
    person = await stores.persons.get(person_id)
    await stores.persons.save(person.model_copy(update={"name": name}), "test")


async def sample_reasons(stores) -> list[tuple[str, SampleReason]]:
    start = dt.datetime.combine(THURSDAY, dt.time(0), tzinfo=ZONE)
    samples = await stores.samples.between(start, start + dt.timedelta(days=1))
    return [(f"{s.at.astimezone(ZONE):%H:%M}", s.reason) for s in samples]


@pytest.mark.usefixtures("team")
class TestTurnStartWithRefusals:
    async def test_a_refused_member_leaves_the_rest_loaded_and_coordinators_told(
        self, services, stores, pbx
    ) -> None:
        await rename(stores, "bernat", "Bernat Roig (tarda)")  # valid: loaded as is
        await rename(stores, "carla", "Carla <admin>")  # stored before names were checked

        outcome = await services.operations.start_turn(at("10:15"))

        assert [m.extension for m in await pbx.status()] == ["3002"]
        assert outcome.key == "operations.outcome.loaded_partly"
        assert outcome.params["missing"] == "Carla <admin>"
        [(to, kind, payload)] = services.notifier.sent
        assert (to, kind) == ("anna", "queue.missing")
        assert payload["label"] == "10:15–11:30" and payload["date"] == "2026-11-26"
        [missing] = payload["missing"]
        assert (missing["name"], missing["extension"], missing["key"]) == (
            "Carla <admin>",
            "3003",
            "pbx.invalid_name",
        )

    async def test_a_person_without_an_extension_is_reported_too(self, services, stores) -> None:
        dani = await stores.persons.get("dani")
        await stores.persons.save(dani.model_copy(update={"extension": ""}), "test")

        outcome = await services.operations.start_turn(at("11:30"))

        assert outcome.key == "operations.outcome.loaded_partly"
        [(_, _, payload)] = services.notifier.sent
        assert [m["key"] for m in payload["missing"]] == ["queue.no_extension"]

    async def test_nobody_is_told_anything_when_everyone_is_loaded(self, services) -> None:
        outcome = await services.operations.start_turn(at("10:15"))

        assert outcome.key == "operations.outcome.loaded"
        assert services.notifier.sent == []


@pytest.mark.usefixtures("team")
class TestSampling:
    async def test_turn_starts_the_first_check_of_each_hour_and_closing_sample(
        self, services, stores
    ) -> None:
        await services.operations.start_turn(at("09:00"))
        for moment in ("09:02", "09:04", "10:00", "10:02"):
            await services.operations.monitor(at(moment))
        await services.operations.start_turn(at("10:15"))
        await services.operations.close_day(at("14:00"))

        assert await sample_reasons(stores) == [
            ("09:00", SampleReason.TURN),
            ("10:00", SampleReason.HOURLY),
            ("10:15", SampleReason.TURN),
            ("14:00", SampleReason.CLOSING),
        ]

    async def test_nothing_is_sampled_on_a_day_off(self, services, stores) -> None:
        saturday = dt.date(2026, 11, 28)
        await services.operations.start_turn(at("09:00", saturday))
        await services.operations.close_day(at("14:00", saturday))

        assert await stores.samples.latest() is None


class DownPbx(FakePbxQueue):
    """A PBX that can stop answering changes (counters and status still answer)."""

    down = False

    async def set_members(self, members):
        if self.down:
            raise PbxUnreachableError(host="pbx.example.coop", reason="connection refused")
        return await super().set_members(members)


@pytest.mark.usefixtures("team")
class TestTurnStartWithThePbxDown:
    @pytest.fixture
    def pbx(self) -> DownPbx:
        return DownPbx(seed=0, clock=CallableClock(lambda: NOW))

    async def test_coordinators_are_told_once_and_the_monitor_loads_it_when_the_pbx_is_back(
        self, services, pbx
    ) -> None:
        await services.operations.start_turn(at("09:00"))
        pbx.down = True

        outcome = await services.operations.start_turn(at("10:15"))
        await services.operations.monitor(at("10:17"))

        assert outcome.key == "operations.outcome.load_failed"
        assert outcome.params["error"] == "pbx.unreachable"
        assert [m.extension for m in await pbx.status()] == ["3002", "3001"]  # 09:00's
        [(to, kind, payload)] = services.notifier.sent
        assert (to, kind, payload["failed"]) == ("anna", "queue.missing", True)
        assert [(m["name"], m["key"]) for m in payload["missing"]] == [
            ("Carla", "pbx.unreachable"),
            ("Bernat", "pbx.unreachable"),
        ]
        titles = [render(kind, payload, lang)[0] for lang in ("ca", "es", "en")]
        assert titles[0] == "Torn 10:15–11:30 del 26/11/2026: no s'ha pogut carregar la cua"
        assert "no se ha podido cargar la cola" in titles[1]
        assert "the queue could not be loaded" in titles[2]
        _, blocks = render(kind, payload, "en")
        text = json.dumps(blocks, ensure_ascii=False)
        assert text.count("Cannot reach the phone exchange") == 1
        assert "• *Carla* (3003)" in text and "• *Bernat* (3002)" in text

        pbx.down = False
        await services.operations.monitor(at("10:19"))
        await services.operations.monitor(at("10:21"))

        assert [m.extension for m in await pbx.status()] == ["3003", "3002"]
        assert len(services.notifier.sent) == 1

    async def test_a_coordinators_reload_says_why_in_their_language(self, services, pbx) -> None:
        pbx.down = True

        said = await reload_queue(Ctx(services, "U0ANNA", "es"), "")

        assert said.startswith("Turno 09:00–10:15 del ")
        assert "No se puede contactar con la centralita" in said
        assert "pbx.unreachable" not in said

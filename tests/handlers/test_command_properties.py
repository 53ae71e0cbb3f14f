"""Issue 15, as properties: whatever a coordinator, an operator or a stranger types after
`/tomatic`, the command is acknowledged first, finishes, answers with a sentence (never a
key, a placeholder or a traceback, never "something went wrong") in payloads Slack takes,
and an operator changes nothing of anyone else's and nothing only coordinators change.

Each example runs in a world of its own (in-memory stores, the fake PBX, an instant
planner, a recording Slack), so that hypothesis can replay and shrink it: a team of eight
with this week and next published, busy entries, a forced turn, an open swap and a call.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.container import build_services
from bot.settings import Settings
from tests.conftest import NOW, make_settings
from tests.fakes import FakeDirectory, InstantRunner, RecordingClient
from tests.support.answers import CheckingNotifier, problems_of, rendered_problems, slash
from tests.support.fuzzing import HOSTILE, command_texts, forms
from tests.support.snapshot import foreign_changes, snapshot
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.adapters.memory import memory_stores
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.calls import Call
from tomatic.domain.model import BusyEntry, Person
from tomatic.ports import Stores
from tomatic.services import Services

CLOCK = type("Clock", (), {"now": staticmethod(lambda: NOW)})()
ROLES = {"coordinator": "U0ANNA", "operator": "U0BERNAT", "stranger": "U0NOBODY"}
LOCALES = {"anna": "ca-ES", "bernat": "es-ES", "carla": "en-GB"}


@dataclass
class World:
    services: Services
    stores: Stores
    pbx: FakePbxQueue
    notifier: CheckingNotifier
    people: dict[str, Person]


async def world(config: Settings, pbx: FakePbxQueue | None = None) -> World:
    """The team of eight, their weeks, some of everything, in fresh stores."""
    stores, notifier = memory_stores(), CheckingNotifier()
    pbx = pbx or FakePbxQueue(clock=CLOCK)
    directory = FakeDirectory()
    for person_id, locale in LOCALES.items():
        directory.add(f"{person_id}@example.coop", f"U0{person_id.upper()}", locale)
    services = build_services(
        config, notifier, directory, stores=stores, now=lambda: NOW, runner=InstantRunner(), pbx=pbx
    )
    people = await make_team(services)
    for week in (THIS_WEEK, NEXT_WEEK):
        await store(stores, grid(week))
    await pbx.set_members([(p.extension, p.name) for p in people.values()][:4])
    for who, day in (("bernat", "dl"), ("anna", "dx"), ("carla", "dv")):
        entry = BusyEntry(person=who, weekday=day, turns="0011", reason=f"Course of {who}")
        await stores.busy.add(entry, "test")
    await services.cells.set_forced(people["anna"], "dl", "09:00", "1", "carla")
    call = Call(call_id="c1", at=NOW - dt.timedelta(hours=1), phone="629436216", operator="bernat")
    await stores.calls.add(call)
    return World(services, stores, pbx, notifier, people)


async def type_in(config: Settings, role: str, texts: list[str]) -> list[str]:
    """Run the commands as `role` in a new world; everything that went wrong, in words."""
    here = await world(config)
    client = RecordingClient()
    found: list[str] = []
    try:
        for text in texts:
            before = await snapshot(here.stores, here.pbx)
            answer = await slash(here.services, ROLES[role], text, client)
            await settled()
            after = await snapshot(here.stores, here.pbx)
            found += [f"{text!r}: {p}" for p in problems_of(answer)]
            if role != "coordinator":
                actor = here.people["bernat"] if role == "operator" else Person(id="-")
                found += [f"{text!r} changed {c}" for c in foreign_changes(before, after, actor)]
        found += rendered_problems(here.notifier, "\n".join(texts))
    finally:
        await here.services.close()
    return found


async def settled() -> None:
    """Let what a command started in the background (a planner run) end."""
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if others:
        await asyncio.wait_for(asyncio.gather(*others), 10)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(Path(tmp_path_factory.mktemp("properties")))


PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_whatever_is_typed_gets_a_sentence_and_touches_only_what_it_may(config, role):
    @PROPERTY
    @given(texts=st.lists(command_texts(), min_size=1, max_size=3))
    def holds(texts: list[str]) -> None:
        assert asyncio.run(type_in(config, role, texts)) == []

    holds()


@pytest.mark.parametrize("form", forms())
def test_every_documented_form_is_answered_for_every_role(config, form):
    for role in ROLES:
        assert asyncio.run(type_in(config, role, [form])) == [], role


@pytest.mark.parametrize("word", HOSTILE)
def test_every_subcommand_takes_a_hostile_word_anywhere(config, word):
    texts = [f"{form} {word}" for form in forms()] + [f"{word} {form}" for form in forms()[:5]]
    assert asyncio.run(type_in(config, "operator", texts)) == []

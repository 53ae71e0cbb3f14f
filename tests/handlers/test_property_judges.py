"""The judges of the command properties can fail: a bad answer and a foreign change are named."""

from __future__ import annotations

import asyncio
import datetime as dt

from tests.handlers.test_command_properties import world
from tests.support.answers import Answer, problems_of, slash
from tests.support.snapshot import foreign_changes, snapshot
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.model import BusyEntry
from tomatic.domain.timetable import Timetable


def judged(**answer) -> list[str]:
    return problems_of(Answer("busy add x", acknowledged_first=True, **answer))


def test_a_good_answer_has_no_problems():
    assert judged(replies=[{"text": "Busy entry added."}]) == []


def test_keys_placeholders_tracebacks_silence_and_refused_blocks_are_named():
    assert judged(replies=[{"text": ":warning: busy.bad_turns"}]) == ["raw key busy.bad_turns"]
    assert judged(replies=[{"text": "Added for {name}."}]) == ["unfilled {name}"]
    assert judged(replies=[{"text": "Traceback (most recent…"}]) == ["traceback-like Traceback"]
    assert judged(replies=[{"text": "KeyError: 'x'"}]) == ["traceback-like KeyError"]
    assert judged() == ["nothing shown"]
    too_many = [{"type": "divider"}] * 51
    assert any(
        "50" in p or "blocks" in p for p in judged(replies=[{"text": "x", "blocks": too_many}])
    )
    late = problems_of(Answer("who", replies=[{"text": "Who"}]))
    assert late == ["not acknowledged first, or twice"]


def test_what_the_user_typed_may_come_back():
    answer = Answer("search busy.bad_turns {name}", acknowledged_first=True)
    answer.replies.append({"text": "Nothing found for `busy.bad_turns {name}`."})
    assert problems_of(answer) == []


class BrokenPbx(FakePbxQueue):
    async def status(self):  # a failure nobody planned for
        raise RuntimeError("boom")


def test_a_crash_caught_by_the_safety_net_is_still_a_problem(settings):
    async def run():
        here = await world(settings, BrokenPbx())
        try:
            return problems_of(await slash(here.services, "U0BERNAT", "queue"))
        finally:
            await here.services.close()

    found = asyncio.run(run())
    assert found and found[0].startswith("crashed: RuntimeError")


def test_changes_to_others_and_to_admin_only_state_are_named(settings):
    async def run():
        here = await world(settings)
        bernat, stores = here.people["bernat"], here.stores
        before = await snapshot(stores, here.pbx)
        await stores.busy.add(
            BusyEntry(person="bernat", weekday="dj", turns="1000", reason="Gym"), "bernat"
        )
        await stores.persons.save(bernat.model_copy(update={"color": "00ff00"}), "bernat")
        assert foreign_changes(before, await snapshot(stores, here.pbx), bernat) == []
        [anna_entry] = await stores.busy.for_person("anna")
        await stores.busy.remove(anna_entry.id, "bernat")
        await stores.persons.save(bernat.model_copy(update={"extension": "3999"}), "bernat")
        week = Timetable.empty(dt.date(2027, 1, 4), ["dl"], ["09:00", "10:00"], 1)
        await stores.timetables.save(week, "draft", "bernat")
        await here.pbx.pause(here.people["anna"].extension, "x")
        changes = foreign_changes(before, await snapshot(stores, here.pbx), bernat)
        await here.services.close()
        return changes, anna_entry.id

    changes, entry = asyncio.run(run())
    assert changes == [
        "extension of bernat",
        f"busy entry {entry}",
        "admin_only changed",
        "queue member 3000",
    ]

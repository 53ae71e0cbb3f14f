"""TimetableStore and ForcedTurnStore contract, on the in-memory and the SQLite stores."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.timetable import Timetable
from tomatic.ports.stores import Stores

WEEK = dt.date(2026, 11, 30)
HOURS = ["09:00", "10:15", "11:30"]


def week(first: str | None = "anna", when: dt.date = WEEK) -> Timetable:
    table = Timetable.empty(when, ["dl", "dm"], HOURS, 2)
    table.cells["dl"][0][0] = first
    return table


class TestVersions:
    async def test_each_save_is_a_new_version_of_its_week(self, stores: Stores):
        assert await stores.timetables.save(week("anna"), "draft", "t") == 1
        assert await stores.timetables.save(week("bernat"), "draft", "t") == 2
        assert await stores.timetables.save(week(when=WEEK + dt.timedelta(7)), "draft", "t") == 1
        version, table, state = await stores.timetables.latest(WEEK)
        assert (version, table.cell("dl", 0, 0), state) == (2, "bernat", "draft")
        assert (await stores.timetables.version(WEEK, 1))[1] == week("anna")
        assert await stores.timetables.version(WEEK, 3) is None
        assert await stores.timetables.latest(WEEK - dt.timedelta(7)) is None

    async def test_publishing_supersedes_the_published_version(self, stores: Stores):
        await stores.timetables.save(week("anna"), "published", "t")
        await stores.timetables.save(week("bernat"), "draft", "t")
        assert (await stores.timetables.published(WEEK))[0] == 1
        await stores.timetables.publish(WEEK, 2, "t")
        version, table = await stores.timetables.published(WEEK)
        assert (version, table.cell("dl", 0, 0)) == (2, "bernat")
        await stores.timetables.save(week("carla"), "published", "t")
        assert (await stores.timetables.published(WEEK))[0] == 3
        assert (await stores.timetables.latest(WEEK))[2] == "published"

    async def test_only_drafts_are_discarded(self, stores: Stores):
        await stores.timetables.save(week(), "published", "t")
        await stores.timetables.save(week("bernat"), "draft", "t")
        await stores.timetables.discard(WEEK, 1, "t")
        await stores.timetables.discard(WEEK, 2, "t")
        assert (await stores.timetables.published(WEEK))[0] == 1
        assert (await stores.timetables.latest(WEEK))[2] == "discarded"

    async def test_replacing_overwrites_one_version_in_place(self, stores: Stores):
        await stores.timetables.save(week("anna"), "published", "t")
        edited = week("carla")
        edited.overload = {"carla": 1.0}
        await stores.timetables.replace(edited, 1, "t", {"day": "dl"})
        assert await stores.timetables.published(WEEK) == (1, edited)
        assert (await stores.timetables.latest(WEEK))[0] == 1

    async def test_the_published_weeks_come_oldest_first(self, stores: Stores):
        later = WEEK + dt.timedelta(7)
        await stores.timetables.save(week(when=later), "published", "t")
        await stores.timetables.save(week(), "draft", "t")
        assert await stores.timetables.published_weeks() == [later]
        await stores.timetables.publish(WEEK, 1, "t")
        assert await stores.timetables.published_weeks() == [WEEK, later]

    async def test_a_stored_timetable_is_a_copy(self, stores: Stores):
        table = week("anna")
        await stores.timetables.save(table, "draft", "t")
        table.cells["dl"][0][0] = "mutated"
        (await stores.timetables.version(WEEK, 1))[1].cells["dl"][0][1] = "mutated"
        assert (await stores.timetables.version(WEEK, 1))[1] == week("anna")


class TestForcedTurns:
    async def test_the_template_is_replaced_whole_and_comes_sorted(self, stores: Stores):
        assert await stores.forced.forced_turns() == []
        rows = [("dm", 1, 0, "eva"), ("dl", 2, 1, "anna"), ("dl", 0, 0, "ningu")]
        assert await stores.forced.save_forced_turns(rows, "t")
        assert await stores.forced.forced_turns() == sorted(rows)
        assert not await stores.forced.save_forced_turns(sorted(rows), "t")
        assert await stores.forced.save_forced_turns([], "t")
        assert await stores.forced.forced_turns() == []

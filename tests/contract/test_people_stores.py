"""PersonStore and BusyStore contract, on the in-memory and the SQLite stores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tomatic.domain.model import BusyEntry, Holiday, Person
from tomatic.ports.stores import Stores

MONDAY = dt.date(2026, 11, 30)


def person(person_id: str, **fields: Any) -> Person:
    return Person(id=person_id, **fields)


class TestPersons:
    async def test_saved_persons_come_back_by_id_and_all_in_id_order(self, stores: Stores):
        await stores.persons.save(person("carla", name="Carla", groups=["b", "a", "a"]), "t")
        await stores.persons.save(person("anna", name="Anna", table=2, ideal_load=5), "t")
        assert [p.id for p in await stores.persons.all()] == ["anna", "carla"]
        carla = await stores.persons.get("carla")
        assert carla == person("carla", name="Carla", groups=["a", "b"])
        anna = await stores.persons.get("anna")
        assert (anna.table, anna.ideal_load) == (2, 5)
        assert await stores.persons.get("nobody") is None

    async def test_saving_again_replaces_the_profile_and_its_groups(self, stores: Stores):
        await stores.persons.save(person("anna", name="Anna", groups=["admin"]), "t")
        await stores.persons.save(person("anna", name="Anna Puig", groups=[]), "t")
        assert await stores.persons.all() == [person("anna", name="Anna Puig")]

    async def test_persons_are_found_by_slack_id_email_and_extension(self, stores: Stores):
        await stores.persons.save(
            person("anna", slack_user_id="U1", email="Anna@Example.coop", extension="3001"), "t"
        )
        await stores.persons.save(person("bernat"), "t")
        assert (await stores.persons.by_slack_id("U1")).id == "anna"
        assert (await stores.persons.by_email("anna@example.COOP")).id == "anna"
        assert (await stores.persons.by_extension("3001")).id == "anna"
        for empty in ("", "U2"):
            assert await stores.persons.by_slack_id(empty) is None
        assert await stores.persons.by_email("") is None
        assert await stores.persons.by_extension("") is None

    async def test_deleting_says_whether_there_was_someone(self, stores: Stores):
        await stores.persons.save(person("anna"), "t")
        assert await stores.persons.delete("anna", "t")
        assert not await stores.persons.delete("anna", "t")
        assert await stores.persons.all() == []

    async def test_deleting_a_person_deletes_their_tokens_and_a_new_holder_of_the_id_has_none(
        self, stores: Stores
    ):
        await stores.persons.save(person("anna"), "t")
        await stores.persons.save(person("bernat"), "t")
        await stores.tokens.replace("calendar", "anna", "anna-calendar", "t")
        await stores.tokens.replace("page", "anna", "anna-page", "t")
        await stores.tokens.replace("calendar", "bernat", "bernat-calendar", "t")
        assert await stores.persons.delete("anna", "t")
        await stores.persons.save(person("anna", name="Another Anna"), "t")
        assert await stores.tokens.person_of("calendar", "anna-calendar") is None
        assert await stores.tokens.person_of("page", "anna-page") is None
        assert await stores.tokens.active("calendar", "anna") is None
        assert await stores.tokens.person_of("calendar", "bernat-calendar") == "bernat"

    async def test_a_returned_person_is_a_copy(self, stores: Stores):
        await stores.persons.save(person("anna", groups=["admin"]), "t")
        (await stores.persons.get("anna")).groups.append("mutated")
        assert (await stores.persons.get("anna")).groups == ["admin"]


def entry(**fields: Any) -> BusyEntry:
    return BusyEntry(**{"person": "anna", "reason": "Why", **fields})


class TestBusy:
    async def test_added_entries_get_a_short_id_unless_given(self, stores: Stores):
        given = await stores.busy.add(entry(id="k3f9"), "t")
        made = await stores.busy.add(entry(reason="Other"), "t")
        assert given.id == "k3f9"
        assert len(made.id) == 4 and made.id != "k3f9"
        assert await stores.busy.get(made.id) == made
        assert await stores.busy.get("none") is None

    async def test_a_persons_entries_come_weekly_first_by_weekday_then_one_off_by_date(
        self, stores: Stores
    ):
        await stores.busy.add(entry(id="d2", date=MONDAY + dt.timedelta(days=1)), "t")
        await stores.busy.add(entry(id="d1", date=MONDAY), "t")
        await stores.busy.add(entry(id="w2", weekday="dm"), "t")
        await stores.busy.add(entry(id="w0"), "t")
        await stores.busy.add(entry(id="w1", weekday="dj"), "t")
        await stores.busy.add(entry(id="xx", person="bernat"), "t")
        ids = [e.id for e in await stores.busy.for_person("anna")]
        assert ids == ["w0", "w1", "w2", "d1", "d2"]

    async def test_all_entries_come_by_person_then_date_weekday_and_id(self, stores: Stores):
        await stores.busy.add(entry(id="b", person="bernat"), "t")
        await stores.busy.add(entry(id="a2", date=MONDAY), "t")
        await stores.busy.add(entry(id="a1", weekday="dl"), "t")
        await stores.busy.add(entry(id="a0"), "t")
        assert [e.id for e in await stores.busy.all()] == ["a0", "a1", "a2", "b"]

    async def test_adding_many_skips_entries_already_stored(self, stores: Stores):
        await stores.busy.add(entry(turns="1100"), "t")
        added = await stores.busy.add_many([entry(turns="1100"), entry(turns="0011")], "t")
        assert added == 1
        assert sorted(e.turns for e in await stores.busy.all()) == ["0011", "1100"]

    async def test_removing_returns_what_was_removed(self, stores: Stores):
        stored = await stores.busy.add(entry(), "t")
        assert await stores.busy.remove(stored.id, "t") == stored
        assert await stores.busy.remove(stored.id, "t") is None
        assert await stores.busy.all() == []

    async def test_holidays_are_added_renamed_and_counted(self, stores: Stores):
        later, sooner = Holiday(date=MONDAY, name="B"), Holiday(date=MONDAY - dt.timedelta(7))
        assert await stores.busy.save_holidays([later, sooner], "t") == 2
        assert await stores.busy.save_holidays([later], "t") == 0
        assert await stores.busy.save_holidays([Holiday(date=MONDAY, name="C")], "t") == 1
        assert await stores.busy.holidays() == [sooner, Holiday(date=MONDAY, name="C")]

    async def test_leaves_belong_to_their_week(self, stores: Stores):
        assert await stores.busy.save_leaves(MONDAY, ["carla", "anna"], "t") == 2
        assert await stores.busy.save_leaves(MONDAY, ["anna"], "t") == 0
        assert await stores.busy.leaves(MONDAY) == ["anna", "carla"]
        assert await stores.busy.leaves(MONDAY + dt.timedelta(7)) == []

    async def test_the_credit_baseline_is_replaced_whole(self, stores: Stores):
        assert await stores.busy.credit_baseline() == ({}, None)
        assert await stores.busy.save_credit_baseline({"anna": 1.5, "bernat": -2}, MONDAY, "t")
        assert await stores.busy.save_credit_baseline({"anna": 1.5, "bernat": -2}, MONDAY, "t") == 0
        assert await stores.busy.save_credit_baseline({"anna": 2.0}, MONDAY, "t") == 3
        assert await stores.busy.credit_baseline() == ({"anna": 2.0}, MONDAY)


async def test_busy_entries_keep_every_field(stores: Stores):
    kept = entry(date=MONDAY, turns="0110", optional=True, reason="Metge", kind="vacation")
    stored = await stores.busy.add(kept, "t")
    assert await stores.busy.for_person("anna") == [stored]
    assert stored.model_dump(exclude={"id"}) == kept.model_dump(exclude={"id"})

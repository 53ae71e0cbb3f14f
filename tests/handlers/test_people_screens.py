"""The people screens at contact-centre size: every payload as real Slack would judge it.

Fed with `tests.support.bigteam` (300 people, 80-character names with accents, apostrophes
and parentheses; 60 busy entries with `<`, `>` and `&` in their reasons) and 12 turns.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from handlers import ids
from handlers.blocks.busy import PAGE_SIZE, busy_list_blocks, busy_modal
from handlers.blocks.home import home_view
from handlers.blocks.persons import (
    person_modal,
    persons_blocks,
    profile_blocks,
    remove_confirmation_blocks,
)
from tests.support.bigteam import busy_entries, team
from tests.support.blockkit import assert_message_ok, assert_view_ok
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import BusyEntry, Person
from tomatic.services.availability import BusyListing
from tomatic.services.home import Dashboard

WEEK = dt.date(2026, 11, 30)
TWELVE_TURNS = PlanningConfig(hours=[f"{h:02d}:00" for h in range(8, 21)])
EVIL = "<!channel> <https://evil.example/login|Session expired: sign in>"


def people(size: int) -> list[Person]:
    return [Person(**fields) for fields in team(size)]


def entries(count: int = 60, turns: int = 4) -> list[BusyEntry]:
    made = []
    for index, fields in enumerate(busy_entries("opaaxx", WEEK, count)):
        bitmap = format(1 << (index % turns), f"0{turns}b")
        made.append(BusyEntry(id=f"e{index:03d}", **{**fields, "turns": bitmap}))
    return made


def texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def listing(subject: Person, found: list[BusyEntry], own: bool = True) -> BusyListing:
    if not own:
        found = [e.model_copy(update={"reason": ""}) for e in found]
    return BusyListing(subject, found, reasons_visible=own, can_edit=own)


def all_pages(build, count: int) -> list[list[dict]]:
    return [build(page) for page in range(count)]


class TestTeamList:
    @pytest.mark.parametrize("size", [1, 101, 300])
    def test_every_page_fits_and_everyone_is_on_one_of_them(self, size):
        team_members = people(size)
        pages = all_pages(lambda n: persons_blocks(team_members, "ca", n), -(-size // 50))
        for blocks in pages:
            assert_message_ok(blocks, f"team page of {size}")
        shown = "".join(texts(blocks) for blocks in pages)
        assert all(f"`{p.id}`" in shown for p in team_members)
        assert all(p.name in shown for p in team_members if "'" not in p.name)

    def test_a_page_past_the_last_shows_the_last(self):
        team_members = people(300)
        assert persons_blocks(team_members, "en", 99) == persons_blocks(team_members, "en", 5)

    def test_names_from_old_data_are_escaped(self):
        blocks = persons_blocks([Person(id="evil", name=EVIL, extension="<3>")], "en")
        assert "<!channel>" not in texts(blocks) and "&lt;!channel&gt;" in texts(blocks)
        assert "&lt;3&gt;" in texts(blocks)


class TestProfileAndForms:
    @pytest.mark.parametrize("index", [0, 29])
    def test_the_card_and_the_forms_fit_with_the_longest_names(self, index):
        person = people(30)[index]
        assert_message_ok(profile_blocks(person, "es", can_edit=True))
        assert_message_ok(remove_confirmation_blocks(person, "ca"))
        for admin in (True, False):
            assert_view_ok(person_modal(person, "ca", admin), f"person form, admin={admin}")
        assert_view_ok(person_modal(None, "en", True), "new person form")

    def test_the_card_escapes_what_people_typed(self):
        header, *rest = profile_blocks(Person(id="evil", name=EVIL, email="a<b>@x.y"), "en", True)
        assert header["text"]["type"] == "plain_text"  # Slack shows plain text as it is
        assert "<" not in texts(rest) and "a&lt;b&gt;@x.y" in texts(rest)
        confirm = texts(remove_confirmation_blocks(Person(id="evil", name=EVIL), "en"))
        assert "<!channel>" not in confirm and "&lt;!channel&gt;" in confirm

    def test_operators_see_extension_and_groups_read_only(self):
        person = Person(id="bernat", name="Bernat", extension="3002", groups=["it"], color="2a9d8f")
        inputs = {
            b["block_id"] for b in person_modal(person, "en", False)["blocks"] if "block_id" in b
        }
        assert inputs == {"name", "email", "table", "color"}
        assert "3002" in texts(person_modal(person, "en", False)["blocks"])
        coordinator_inputs = {
            b["block_id"] for b in person_modal(person, "en", True)["blocks"] if "block_id" in b
        }
        assert {"extension", "ideal_load", "groups"} <= coordinator_inputs

    def test_the_colour_field_shows_what_it_accepts(self):
        view = person_modal(Person(id="bernat", color="2a9d8f"), "en", False)
        [color] = [b for b in view["blocks"] if b.get("block_id") == "color"]
        assert color["element"]["initial_value"] == "#2a9d8f"


class TestBusyList:
    @pytest.mark.parametrize("turns_config", [PlanningConfig(), TWELVE_TURNS])
    def test_sixty_entries_are_all_reachable_page_by_page(self, turns_config):
        subject = people(1)[0]
        found = entries(60, turns_config.turns)
        pages = all_pages(
            lambda n: busy_list_blocks(listing(subject, found), turns_config, "ca", n),
            -(-60 // PAGE_SIZE),
        )
        for blocks in pages:
            assert_message_ok(blocks, "busy list page")
        shown = "".join(texts(b) for b in pages)
        assert all(f"`{e.id}`" in shown for e in found)
        assert "<59>" not in shown and "&lt;59&gt; &amp; coordinació" in shown
        removes = [
            el for b in pages for el in _accessories(b) if el["action_id"] == ids.BUSY_REMOVE
        ]
        assert len(removes) == 60 and all("confirm" in r for r in removes)

    def test_an_empty_list_says_so_and_offers_add(self):
        blocks = busy_list_blocks(listing(people(1)[0], []), PlanningConfig(), "en")
        assert_message_ok(blocks)
        assert texts(blocks).count("None.") == 2 and ids.BUSY_ADD in texts(blocks)

    def test_someone_elses_list_shows_no_reasons_and_no_buttons(self):
        found = entries(60)
        blocks = busy_list_blocks(listing(people(1)[0], found, own=False), PlanningConfig(), "en")
        assert_message_ok(blocks)
        shown = texts(blocks)
        assert "Reunió" not in shown and "_busy_" in shown
        assert ids.BUSY_REMOVE not in shown and ids.BUSY_ADD not in shown

    def test_the_home_shows_a_first_page_and_counts_the_rest(self):
        person = people(30)[29]
        dashboard = Dashboard(person, [], [], entries(60), [])
        view = home_view(dashboard, PlanningConfig(), "es")
        assert_view_ok(view, "home with 60 busy entries")
        assert "… y 50 más: `/tomatic ocupado`" in texts(view["blocks"])


class TestBusyForm:
    def test_four_turns_are_checkboxes(self):
        view = busy_modal(people(1)[0], PlanningConfig(), "ca")
        assert_view_ok(view)
        [turns] = [b for b in view["blocks"] if b["block_id"] == ids.BUSY_TURNS]
        assert turns["element"]["type"] == "checkboxes"

    def test_twelve_turns_are_a_multi_select_of_all_twelve(self):
        view = busy_modal(people(30)[29], TWELVE_TURNS, "es")
        assert_view_ok(view)
        [turns] = [b for b in view["blocks"] if b["block_id"] == ids.BUSY_TURNS]
        assert turns["element"]["type"] == "multi_static_select"
        assert [o["value"] for o in turns["element"]["options"]] == [str(i) for i in range(12)]


def _accessories(blocks: list[dict]) -> list[dict]:
    return [b["accessory"] for b in blocks if "accessory" in b]

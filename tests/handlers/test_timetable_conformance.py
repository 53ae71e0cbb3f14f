"""Every payload of the timetable screens fits Slack with contact-centre data: 300 people with
80-character names, 40 lines, 12 turns a day, hundreds of changes and forced turns."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from handlers.blocks import notices  # noqa: F401 - registers the change notices
from handlers.blocks.cell import cell_modal, who_options
from handlers.blocks.limits import fold
from handlers.blocks.messages import render
from handlers.blocks.paging import menu_answer
from handlers.blocks.timetable import grid_blocks
from handlers.blocks.turns import changes_blocks, forced_blocks, mine_blocks, who_blocks
from handlers.blocks.views import calendar_blocks, timetable_blocks
from tests.support.bigteam import team
from tests.support.blockkit import assert_message_ok, assert_view_ok
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import WEEKDAYS, Person
from tomatic.domain.render_grid import build_grid, text_rows
from tomatic.domain.timetable import CellChange, Timetable
from tomatic.services.timetable import MyTurn, TurnPeople, WhoIsOn
from tomatic.services.views import WeekSnapshot, grid_labels

WEEK = dt.date(2026, 11, 30)
HOURS = [f"{8 + h // 2:02d}:{30 * (h % 2):02d}" for h in range(13)]  # 12 turns
LINES = 40
PEOPLE = [Person(**{k: v for k, v in p.items()}) for p in team(300)]
NAMES = {p.id: p.display_name for p in PEOPLE}
EVIL = Person(
    id="evil", name="<!channel> <https://evil.example/login|Session expired>", slack_user_id=""
)


def big_week() -> Timetable:
    table = Timetable.empty(WEEK, list(WEEKDAYS[:4]), HOURS, LINES)
    table.holidays = {"dv": "Festa major de Sant Martí de Provençals (tarda i nit)"}
    people = itertools.cycle(PEOPLE)
    for day in table.days:
        for turn in table.cells[day]:
            turn[:] = [next(people).id for _ in range(LINES)]
    return table


def changes(count: int) -> list[CellChange]:
    at = dt.datetime(2026, 11, 27, 9, 0)
    return [
        CellChange(at=at + dt.timedelta(minutes=i), actor=PEOPLE[0].id, day=WEEKDAYS[i % 4],
                   hour=i % 12, line=i % LINES, old=PEOPLE[i % 300].id, new=PEOPLE[(i + 7) % 300].id)
        for i in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["ca", "es", "en"])
def test_who_and_mine_with_a_forty_line_turn_and_a_hundred_turns(lang):
    turn = TurnPeople(WEEK, "dl", 0, "08:00–08:30", PEOPLE[:LINES] + [EVIL])
    blocks = who_blocks(WhoIsOn(turn, turn), lang)
    assert_message_ok(blocks, "who")
    assert "<!channel>" not in json.dumps(blocks) and "&lt;!channel&gt;" in json.dumps(blocks)
    mine = [MyTurn(WEEK, WEEK, "dl", h % 12, "08:00–08:30", 40, h % 2 == 0) for h in range(120)]
    assert_message_ok(mine_blocks(mine, lang), "mine")


@pytest.mark.parametrize("count", [0, 1, 45, 1000])
def test_the_change_log_is_paged_and_every_page_fits(count):
    log = changes(count)
    first = changes_blocks(WEEK, log, HOURS, NAMES, "ca")
    assert_message_ok(first, "changes")
    pages = -(-count // 40) if count else 1
    shown = 0
    for page in range(pages):
        blocks = changes_blocks(WEEK, log, HOURS, NAMES, "ca", page)
        assert_message_ok(blocks, f"changes page {page}")
        shown += sum(
            b["text"]["text"].count("\n") + 1 for b in blocks[1:] if b["type"] == "section"
        )
    assert shown == max(count, 1)


def test_the_forced_turns_of_forty_lines_are_paged():
    rows = [
        (d, h, line, PEOPLE[line].id) for d in WEEKDAYS for h in range(12) for line in range(LINES)
    ]
    for page in (0, 1, 39):
        assert_message_ok(forced_blocks(rows, HOURS, NAMES, "en", page), "forced")


def test_the_cell_form_of_a_big_team_is_a_valid_view_with_type_ahead():
    config = PlanningConfig(hours=HOURS, lines=LINES)
    view = cell_modal([WEEK, WEEK + dt.timedelta(days=7)], config, PEOPLE, "ca")
    assert_view_ok(view, "cell form")
    who = view["blocks"][-1]["element"]
    assert who["type"] == "external_select" and "options" not in who
    last = sorted(PEOPLE, key=lambda p: fold(p.display_name))[-1]
    found = who_options(PEOPLE, last.display_name, "ca")
    assert last.id in [o["value"] for o in found]
    everyone = menu_answer(who_options(PEOPLE, "", "ca"), "ca")
    [group] = everyone["option_groups"]
    assert len(group["options"]) == 100 and "301" in group["label"]["text"]  # said, not cut


def test_who_tells_apart_people_whose_names_the_menu_cuts_or_shows_twice():
    namesakes = [Person(id=i, name="Anna Puig", slack_user_id="") for i in ("annap", "annaq")]
    found = who_options(PEOPLE + namesakes, "", "ca")
    labels = [o["text"]["text"] for o in found]
    assert len(set(labels)) == len(labels)
    assert all(len(label) <= 75 for label in labels)
    longest = next(p for p in PEOPLE if len(p.display_name) == 80)
    label = next(o["text"]["text"] for o in found if o["value"] == longest.id)
    assert label.endswith(f"… · {longest.id}") and label.startswith(longest.display_name[:40])
    assert "Anna Puig · annap" in labels and "Anna Puig 0" in labels


def test_a_small_team_gets_a_plain_menu_with_everyone():
    view = cell_modal([WEEK], PlanningConfig(), PEOPLE[:98], "en")
    who = view["blocks"][-1]["element"]
    assert who["type"] == "static_select" and len(who["options"]) == 99
    assert_view_ok(view, "cell form")


def test_a_big_grid_goes_as_image_and_page_and_a_small_one_as_text():
    big = build_grid(big_week(), NAMES, {}, grid_labels("es", WEEK))
    snapshot = WeekSnapshot(WEEK, big.title, b"\x89PNG", text_rows(big), "https://t.example/p")
    blocks = timetable_blocks(snapshot, "es")
    assert_message_ok(blocks, "timetable")
    said = blocks[0]["text"]["text"]
    assert "```" not in json.dumps(blocks) and "demasiado grande" in said
    assert str(len(snapshot.rows)) not in said  # text rows mean nothing to the reader
    small = Timetable.empty(WEEK, list(WEEKDAYS), HOURS[:5], 3)
    small.cells["dl"][0] = [PEOPLE[29].id, EVIL.id, None]
    shown = grid_blocks(small, NAMES | {"evil": EVIL.name}, "en")
    assert_message_ok(shown, "grid")
    text = shown[0]["text"]["text"]
    assert text.startswith("```") and PEOPLE[29].display_name in text and "&lt;!channel&gt;" in text


def test_calendar_asks_before_a_new_link():
    blocks = calendar_blocks("https://t.example/calendar/x.ics", "ca")
    assert_message_ok(blocks, "calendar")
    [button] = blocks[-1]["elements"]
    assert button["confirm"]["confirm"]["text"] == "Sí, enllaç nou"


def swap_payload(candidates: list[Person], requester: Person) -> dict:
    return {"id": "ab12cd34", "state": "open", "day": "dx", "date": "2026-12-02", "start": "10:15",
            "end": "11:30", "line": 2, "requester": requester.ref(),
            "candidates": [p.ref() for p in candidates], "taken_by": None}  # fmt: skip


def test_a_swap_request_from_an_evil_name_pings_nobody_and_lists_a_few_candidates():
    text, blocks = render("swap.request", swap_payload(PEOPLE, EVIL), "en")
    assert_message_ok(blocks, "swap request")
    assert "<!channel>" not in text + json.dumps(blocks)
    assert "<https://evil" not in text + json.dumps(blocks)
    assert json.dumps(blocks).count("<@U") == 20 and "and 280 more" in json.dumps(blocks)


def test_change_notices_of_a_big_replan_fit():
    turns = [{"date": "2026-12-01", "start": "08:00", "end": "08:30", "kind": kind, "old_line": 40,
              "new_line": 1, "other": EVIL.ref()} for kind in ("added", "removed", "moved") * 40]  # fmt: skip
    text, blocks = render(
        "timetable.changed", {"week": "2026-11-30", "by": EVIL.ref(), "turns": turns}, "ca"
    )
    assert_message_ok(blocks, "changed DM")
    assert "<!channel>" not in text + json.dumps(blocks)
    cells = [{"date": "2026-11-26", "start": "08:00", "end": "08:30", "line": n % 40 + 1,
              "old": PEOPLE[n % 300].ref(), "new": None} for n in range(960)]  # fmt: skip
    text, blocks = render("timetable.changed_soon", {"by": PEOPLE[0].ref(), "cells": cells}, "es")
    assert_message_ok(blocks, "channel note")
    assert "y 860 más" in json.dumps(blocks, ensure_ascii=False)

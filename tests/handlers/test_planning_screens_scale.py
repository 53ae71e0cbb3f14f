"""Every planning screen at contact-centre size stays inside Slack's limits, and every line
of it is reachable (a page or an "… and N more" away): 300 people with 80-character names,
8 turns of 40 lines, 1,600 changes, 52 weeks of ledger."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from handlers import ids
from handlers.blocks.fairness import ROWS_PER_PAGE, fairness_blocks, fairness_title
from handlers.blocks.plan import (
    CHANGES_PER_PAGE,
    plan_progress_message,
    publish_prompt_blocks,
    replan_blocks,
)
from handlers.blocks.planning_summary import penalty_blocks, penalty_lines
from tests.support.bigteam import team
from tests.support.blockkit import assert_message_ok
from tomatic.domain.fairness import FairnessReport, LedgerRow
from tomatic.domain.model import WEEKDAYS
from tomatic.domain.timetable import CellChange
from tomatic.services.replan import ReplanResult

PEOPLE = team(300)
NAMES = {p["id"]: p["name"] for p in PEOPLE}
HOURS = [f"{8 + h:02d}:00" for h in range(9)]
WEEK = dt.date(2026, 11, 30)
AT = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def lines_of(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    return [line for text in texts for line in text.split("\n")]


def more_of(blocks: list[dict[str, Any]]) -> int:
    """The count an "… and N more" line announces (0 without one)."""
    for block in blocks:
        if block["type"] == "context" and block["elements"][0]["text"].startswith("…"):
            return int("".join(c for c in block["elements"][0]["text"] if c.isdigit()))
    return 0


@pytest.mark.parametrize("lang", ["ca", "es", "en"])
def test_a_big_run_message_fits_while_running_and_when_done(lang):
    running = {"run_id": "r1", "week": "2026-11-30", "state": "running", "elapsed": 4,
               "cost": 123456, "holes": 12}  # fmt: skip
    _, blocks = plan_progress_message(running, lang)
    assert_message_ok(blocks, "running")
    penalties = [
        [p["name"] + " <b> & co", [f"{p['name']} has 2 turns on Monday: split day"] * 6]
        for p in PEOPLE
    ]
    diagnosis = [f"{p['name']} is busy (Reunió <{i}> & coordinació)" for i, p in enumerate(PEOPLE)]
    done = {**running, "state": "done", "status": "feasible", "version": 3,
            "penalties": penalties, "diagnosis": diagnosis[:15],
            "most": [[p["name"], 40 - i, 200] for i, p in enumerate(PEOPLE[:5])]}  # fmt: skip
    _, blocks = plan_progress_message(done, lang)
    assert_message_ok(blocks, "done")
    assert "<b>" not in str(blocks) and "&lt;b&gt; &amp; co" in str(blocks)
    assert more_of(blocks) == 0  # the penalties are paged, not counted away
    seen = penalties_on_every_page(done, blocks, lang)
    assert seen == [penalty[0].replace("<b> &", "&lt;b&gt; &amp;") for penalty in penalties]
    for state, error in (("failed", "plan.bad_problem"), ("interrupted", "plan.interrupted")):
        ended = {**running, "state": state, "error": error, "error_params": {"reason": "x" * 5000}}
        _, blocks = plan_progress_message(ended, lang)
        assert_message_ok(blocks, state)
        assert not [b for b in blocks if b["type"] == "actions"]
    closed = {**done, "closed": "published", "by": {"name": PEOPLE[29]["name"]},
              "at": "2026-11-26T10:02+01:00"}  # fmt: skip
    _, blocks = plan_progress_message(closed, lang)
    assert_message_ok(blocks, "published")
    actions = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == [f"{ids.PLAN_PENALTIES_PAGE}.next"]  # no Publish or Discard any more


def penalties_on_every_page(
    done: dict[str, Any], first: list[dict[str, Any]], lang: str
) -> list[str]:
    """The names of the penalty lines of the run message, then of every page its Next leads
    to (each checked against Slack's limits)."""
    blocks, page = first, 0
    names = [line.split("*")[1] for line in lines_of(blocks) if "split day" in line]
    while f"{ids.PLAN_PENALTIES_PAGE}.next" in str(blocks):
        page += 1
        blocks = penalty_blocks(done, lang, page)
        assert_message_ok(blocks, f"penalties page {page}")
        names += [line.split("*")[1] for line in lines_of(blocks) if "split day" in line]
    return names


def test_a_person_with_more_penalties_than_a_section_holds_gets_several_lines():
    texts = [f"{PEOPLE[0]['name']} has 2 turns on Monday at {h}: split day" for h in range(80)]
    lines = penalty_lines([[PEOPLE[0]["name"], texts]], "en")
    assert len(lines) > 1 and all(len(line) <= 3000 for line in lines)
    assert all(line.startswith(f"*{PEOPLE[0]['name']}*: ") for line in lines)
    assert sum(line.count("split day") for line in lines) == 80  # none cut


def test_every_change_of_a_replan_of_the_whole_big_week_is_on_some_page():
    changes = [
        CellChange(at=AT, actor="opaxx", day=day, hour=hour, line=line,
                   old=PEOPLE[(line + hour) % 300]["id"], new=PEOPLE[(line + hour + 7) % 300]["id"])
        for day in WEEKDAYS for hour in range(8) for line in range(40)
    ]  # fmt: skip
    result = ReplanResult(WEEK, 2, 1, changes, 0)
    seen: list[str] = []
    pages = -(-len(changes) // CHANGES_PER_PAGE)
    for page in range(pages):
        blocks = replan_blocks(result, HOURS, NAMES, "ca", page)
        assert_message_ok(blocks, f"replan page {page}")
        seen += [line for line in lines_of(blocks) if " → " in line]
        actions = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert ids.PLAN_PUBLISH_CONFIRM in actions and ids.PLAN_DISCARD in actions
    assert len(seen) == len(set(seen)) == 1600


def test_every_person_of_a_52_week_ledger_is_on_some_page():
    weeks = [WEEK - dt.timedelta(weeks=n) for n in range(52, 0, -1)]
    rows = [LedgerRow(p["id"], p["name"] + " & <co>", 999 - i, [i % 7] * 51 + [None])
            for i, p in enumerate(PEOPLE)]  # fmt: skip
    report = FairnessReport(weeks, 51, rows, enabled=False)
    seen: list[str] = []
    for page in range(-(-300 // ROWS_PER_PAGE)):
        blocks = fairness_blocks(report, "es", page)
        assert_message_ok(blocks, f"ledger page {page}")
        seen += [line for line in lines_of(blocks) if line.startswith("*")]
    assert len(seen) == 300 and "&amp; &lt;co&gt;" in seen[0]


@pytest.mark.parametrize(
    ("lang", "title", "summary"),
    [
        ("en", "Unpleasant turns, last week (the week of 30/11/2026)", "1 published week measured"),
        (
            "ca",
            "Torns incòmodes, la darrera setmana (la del 30/11/2026)",
            "1 setmana publicada mesurada",
        ),
        (
            "es",
            "Turnos incómodos, la última semana (la del 30/11/2026)",
            "1 semana publicada medida",
        ),
    ],
)
def test_a_ledger_of_one_week_speaks_of_one_week(lang, title, summary):
    report = FairnessReport([WEEK], 1, [LedgerRow("anna", "Anna", 3, [3])], enabled=True)
    assert fairness_title(report, lang) == title
    assert summary in json.dumps(fairness_blocks(report, lang), ensure_ascii=False)


def test_the_publish_question_fits_with_any_week_and_version():
    assert_message_ok(publish_prompt_blocks(WEEK, 123456, 123455, "ca"), "publish again")

"""A planner run that ends without any timetable says so in words, never "Cost None"
(found by the README walk at 300 people, whose first plan had three seconds)."""

from __future__ import annotations

import json

import pytest

from handlers.blocks.plan import plan_progress_message
from tests.support.answers import sentence_problems, texts_in
from tests.support.blockkit import assert_message_ok
from tomatic.i18n import LANGUAGES

RUN = {"run_id": "r1", "week": "2026-11-30", "state": "done", "elapsed": 3, "cost": None}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("status", ["unknown", "infeasible"])
def test_a_run_without_a_timetable_says_why(lang, status):
    text, blocks = plan_progress_message(RUN | {"holes": None, "status": status}, lang)
    shown = text + "\n" + texts_in(blocks)
    assert sentence_problems(shown, "") == []
    assert "None" not in json.dumps(blocks) and status not in shown
    assert_message_ok(blocks)


def test_the_search_of_a_timetable_found_is_told_in_words():
    found = RUN | {"holes": 2, "cost": 140, "status": "feasible", "version": 3}
    _, blocks = plan_progress_message(found, "ca")
    assert "Cost 140 · cel·les buides: 2 · cerca: bona, potser no la millor" in texts_in(blocks)
    text, _ = plan_progress_message(RUN | {"holes": None, "status": "unknown"}, "en")
    assert text == (
        "Planning the week of 30/11/2026 ended without a timetable: none was found in the time"
        " the planner had (`time_limit_s` in the configuration)."
    )

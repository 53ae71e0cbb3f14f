"""The plan, publish, re-plan and fairness screens write weeks, days and moments the one way
of the reader's language (issue 17): "la setmana del 30/11/2026", never `2026-11-30`, which
only button values carry."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers import ids
from handlers.blocks.paging import page_value
from handlers.blocks.plan import plan_progress_message
from tests.conftest import make_settings, services_on
from tests.handlers.test_plan_handlers import click, rotated, slash
from tests.support.timetable_team import NEXT_WEEK, grid, make_team, store
from tests.unit.services.test_timetable_runs import SteppedRunner

WEEK_OF = {
    "ca": "la setmana del 30/11/2026",
    "es": "la semana del 30/11/2026",
    "en": "the week of 30/11/2026",
}
PLAN = {"ca": "planifica", "es": "planifica", "en": "plan"}
"""The plan command as the language's messages name it."""


@pytest.fixture(params=["ca", "es", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def stepped() -> SteppedRunner:
    return SteppedRunner()


@pytest.fixture
async def services(tmp_path, lang, stores, notifier, stepped):
    """The team's language is `lang`: Anna, with no Slack locale, reads it."""
    settings = make_settings(tmp_path, TOMATIC_LANGUAGE=lang)
    built = services_on(settings, stores, notifier, stepped)
    yield built
    await built.close()


@pytest.fixture
async def team(services):
    return await make_team(services)


def visible(reply: dict[str, Any] | tuple[str, Any]) -> str:
    """Everything a person reads (texts, labels, confirmations), not the buttons' values."""
    text, blocks = (reply["text"], reply.get("blocks")) if isinstance(reply, dict) else reply

    def shown(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: shown(v) for k, v in node.items() if k != "value"}
        return [shown(each) for each in node] if isinstance(node, list) else node

    return text.lower() + json.dumps(shown(blocks or []), ensure_ascii=False).lower()


async def test_a_run_from_start_to_its_dm_names_the_week_by_its_date(
    services, team, stepped, notifier, lang
):
    started = await slash(services, "plan next")
    assert WEEK_OF[lang] in visible(started)
    await stepped.step.put(None)
    [run] = await services.planning.runs.of_week(NEXT_WEEK)
    await services.planning.wait(run.id)
    done = plan_progress_message(notifier.updates[-1][2], lang)
    assert WEEK_OF[lang] in done[0].lower() and "2026-11-30" not in visible(done)
    discard = next(e for b in done[1] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == ids.PLAN_DISCARD)  # fmt: skip
    assert WEEK_OF[lang] in discard["confirm"]["text"]["text"].lower()
    assert discard["value"].startswith("2026-11-30|")  # what the button acts on, not shown


async def test_publishing_names_the_week_by_its_date(services, team, stores, lang):
    await store(stores, grid(NEXT_WEEK))
    draft = await store(stores, grid(NEXT_WEEK, ["dl", "dm"]), "draft")
    asked = await slash(services, "publish next")
    assert WEEK_OF[lang] in visible(asked) and "2026-11-30" not in visible(asked)
    done = await click(services, ids.PLAN_PUBLISH_CONFIRM, f"2026-11-30|{draft}", ephemeral=True)
    assert WEEK_OF[lang] in visible(done) and "2026-11-30" not in visible(done)
    again = await slash(services, "publish next")
    assert WEEK_OF[lang] in visible(again) and f"/tomatic {PLAN[lang]} 30/11/2026" in again["text"]


async def test_replan_and_fairness_name_weeks_and_days_by_their_dates(services, team, stores, lang):
    published = await store(stores, rotated(0))
    draft = await store(stores, rotated(1), "draft")
    state = f"2026-11-30|{draft}|{published}"
    page = await click(services, f"{ids.REPLAN_PAGE}.next", page_value(state, 1), ephemeral=True)
    assert WEEK_OF[lang] in visible(page) and "2026-11-30" not in visible(page)
    ledger = await slash(services, "fairness 2")
    assert "16/11/2026" in ledger["text"] and "23/11/2026" in ledger["text"]
    assert "2026-11-" not in visible(ledger)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("plan last", {"ca": "16/11/2026 ja ha passat (va acabar el 20/11/2026 14:00)",
                       "es": "16/11/2026 ya ha pasado (terminó el 20/11/2026 14:00)",
                       "en": "16/11/2026 is over (it ended on 20/11/2026 14:00)"}),
        ("replan 2026-11-25", {"ca": "el dimecres 25/11/2026 és anterior al divendres 27/11/2026",
                               "es": "el miércoles 25/11/2026 es anterior al viernes 27/11/2026",
                               "en": "Wednesday 25/11/2026 is before Friday 27/11/2026"}),
        ("publish next", {"ca": "esborrany de la setmana del 30/11/2026",
                          "es": "borrador de la semana del 30/11/2026",
                          "en": "draft of the week of 30/11/2026"}),
    ],
)  # fmt: skip
async def test_refusals_name_weeks_days_and_moments_by_their_dates(
    services, team, lang, command, expected
):
    reply = await slash(services, command)
    assert reply["text"].startswith(":warning: ") and expected[lang] in reply["text"]

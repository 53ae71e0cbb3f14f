"""Planning journeys through the real app and the Slack sandbox: the plan message after
Publish and Discard, past weeks, a team without ideal loads."""

from __future__ import annotations

import datetime as dt
import json

from handlers import ids

TODAY = dt.date.today()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
PATIENCE_S = 60.0
"""How long to wait for a message before calling it a hang (not a timing goal)."""
AHEAD = (MONDAY + dt.timedelta(weeks=2)).isoformat()  # a week the real clock has not reached


def _shown(iso: str) -> str:
    """A date as every screen writes it (in Catalan, Anna's language: day/month/year)."""
    date = dt.date.fromisoformat(iso)
    return f"{date.day}/{date.month}/{date.year}"


def _text(message) -> str:
    return (message.text or "") + json.dumps(message.blocks or [], ensure_ascii=False)


def _has(message, action_id: str) -> bool:
    return action_id in json.dumps(message.blocks or [])


async def _with_loads(stack) -> None:
    persons = stack.services.persons
    await persons.create(None, "carla", {"name": "Carla Vidal", "email": "carla@example.coop",
                                         "extension": "3003", "ideal_load": 3})  # fmt: skip
    await persons.update(await persons.get("anna"), "anna", {"ideal_load": 3})


async def _plan_message(sandbox, action_id: str):
    return await sandbox.wait_for(
        lambda: next((m for m in sandbox.dms("U0ANNA") if _has(m, action_id)), None),
        timeout=PATIENCE_S,
    )


async def test_after_publish_the_plan_message_says_who_published_and_loses_its_buttons(team):
    await _with_loads(team)
    await team.command("U0ANNA", f"plan {AHEAD}")
    sandbox = team.sandbox
    done = await _plan_message(sandbox, ids.PLAN_PUBLISH)
    await sandbox.click("U0ANNA", done, ids.PLAN_PUBLISH)
    closed = await sandbox.wait_for(
        lambda: next((m for m in sandbox.dms("U0ANNA") if "Publicada per" in _text(m)), None),
        timeout=PATIENCE_S,
    )
    assert closed.ts == done.ts  # the same message, brought up to date
    assert not _has(closed, ids.PLAN_PUBLISH) and not _has(closed, ids.PLAN_DISCARD)
    assert "Anna Puig" in _text(closed)
    await sandbox.wait_for(  # the click's own reply, before the next command's
        lambda: any("Publicada la versió" in (m.text or "") for m in sandbox.ephemerals("U0ANNA")),
        timeout=PATIENCE_S,
    )
    again = await team.command("U0ANNA", f"publish {AHEAD}")
    assert "ja està publicada i no hi ha cap esborrany més nou" in again[-1]


async def test_discard_asks_first_and_then_closes_the_message(team):
    await _with_loads(team)
    await team.command("U0ANNA", f"plan {AHEAD}")
    sandbox = team.sandbox
    done = await _plan_message(sandbox, ids.PLAN_DISCARD)
    discard = next(
        e for b in done.blocks if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == ids.PLAN_DISCARD
    )  # fmt: skip
    assert discard["confirm"]["title"]["text"] == "Descartar l'esborrany?"
    await sandbox.click("U0ANNA", done, ids.PLAN_DISCARD)
    await sandbox.wait_for(
        lambda: "Descartada per" in _text(sandbox.dms("U0ANNA")[-1]), timeout=PATIENCE_S
    )
    assert await team.services.timetable.draft(dt.date.fromisoformat(AHEAD)) is None


async def test_a_past_week_is_neither_planned_nor_published(team):
    last = (MONDAY - dt.timedelta(weeks=1)).isoformat()
    replies = await team.command("U0ANNA", f"plan {last}")
    assert f"La setmana del {_shown(last)} ja ha passat" in replies[-1]
    replies = await team.command("U0ANNA", f"publish {last}")
    assert f"La setmana del {_shown(last)} ja ha passat" in replies[-1]
    assert await team.services.planning.runs.of_week(dt.date.fromisoformat(last)) == []


async def test_a_team_without_ideal_loads_gets_the_reason_by_dm_and_the_pool_stays(stack):
    persons = stack.services.persons
    await persons.create(None, "anna", {"name": "Anna Puig", "email": "anna@example.coop",
                                        "groups": ["admin"]})  # fmt: skip
    await persons.create(None, "bernat", {"name": "Bernat Roig", "email": "bernat@example.coop"})
    pool = vars(stack.services.planning.runner)["_pool"]
    replies = await stack.command("U0ANNA", f"plan {AHEAD}")
    assert _shown(AHEAD) in replies[-1] and AHEAD not in replies[-1]
    sandbox = stack.sandbox
    failed = await sandbox.wait_for(
        lambda: next((m for m in sandbox.dms("U0ANNA") if "Ningú de l'equip" in _text(m)), None),
        timeout=PATIENCE_S,
    )
    assert "/tomatic persona edita" in _text(failed) and not _has(failed, ids.PLAN_STOP)
    assert "plan.no_ideal_loads" not in _text(failed)
    assert vars(stack.services.planning.runner)["_pool"] is pool  # not rebuilt


def _home_text(view) -> str:
    return json.dumps(view.blocks if view else [], ensure_ascii=False)


async def test_the_homes_plan_button_is_followed_in_a_dm_like_the_command(team):
    await _with_loads(team)
    sandbox, week = team.sandbox, _shown((MONDAY + dt.timedelta(weeks=1)).isoformat())
    await sandbox.open_home("U0ANNA")
    home = await sandbox.wait_for(
        lambda: (view := sandbox.home("U0ANNA")) and _has(view, ids.HOME_PLAN) and view
    )
    assert f"Planifica la setmana del {week}" in _home_text(home)  # the button's label
    await sandbox.click("U0ANNA", home, ids.HOME_PLAN)
    redrawn = await sandbox.wait_for(
        lambda: f"Planificant la setmana del {week}" in _home_text(sandbox.home("U0ANNA"))
    )
    assert redrawn
    done = await _plan_message(sandbox, ids.PLAN_PUBLISH)  # the live DM, brought to its end
    assert f"La setmana del {week} està planificada." in done.text
    assert [e["action_id"] for e in done.blocks[-1]["elements"]][:2] == [
        ids.PLAN_PUBLISH,
        ids.PLAN_DISCARD,
    ]
    [run] = await team.services.planning.runs.of_week(MONDAY + dt.timedelta(weeks=1))
    assert run.message and run.created_by == "anna"

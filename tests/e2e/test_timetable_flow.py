"""Planning, publishing and swapping through the real app and the Slack sandbox."""

from __future__ import annotations

import datetime as dt
import json

MONDAY = dt.date.today() - dt.timedelta(days=dt.date.today().weekday()) + dt.timedelta(weeks=3)
WEEK = MONDAY.isoformat()  # a Monday ahead of the real clock the stack runs on (not over)
SHOWN = f"{MONDAY.day}/{MONDAY.month}/{MONDAY.year}"  # the week as messages write it


def _text(message) -> str:
    return (message.text or "") + json.dumps(message.blocks or [], ensure_ascii=False)


def _has(message, action_id: str) -> bool:
    return action_id in json.dumps(message.blocks or [])


async def test_a_coordinator_plans_a_week_in_a_dm_and_publishes_it(team):
    persons = team.services.persons
    await persons.create(None, "carla", {"name": "Carla Vidal", "email": "carla@example.coop",
                                         "extension": "3003", "ideal_load": 3})  # fmt: skip
    await persons.update(await persons.get("anna"), "anna", {"ideal_load": 3})
    for user in ("U0BERNAT", "U0CARLA"):  # DMs reach people the bot has already met
        await team.command(user, "mine")
    replies = await team.command("U0ANNA", f"plan {WEEK}")
    assert SHOWN in replies[-1]
    sandbox = team.sandbox
    done = await sandbox.wait_for(
        lambda: next((m for m in sandbox.dms("U0ANNA") if _has(m, "tomatic.plan.publish")), None),
        timeout=60,
    )
    assert SHOWN in _text(done)
    assert len([m for m in sandbox.dms("U0ANNA") if SHOWN in _text(m)]) == 1  # updated
    await sandbox.click("U0ANNA", done, "tomatic.plan.publish")
    await sandbox.wait_for(lambda: any(SHOWN in _text(m) for m in sandbox.messages()))
    await sandbox.wait_for(lambda: "Publicada la versió 1" in sandbox.ephemerals("U0ANNA")[-1].text)
    _, table = await team.services.timetable.published(MONDAY)
    planned = {p for rows in table.cells.values() for turn in rows for p in turn if p}
    assert planned
    for person in planned:
        user = f"U0{person.upper()}"
        await sandbox.wait_for(lambda u=user: any(SHOWN in _text(m) for m in sandbox.dms(u)))

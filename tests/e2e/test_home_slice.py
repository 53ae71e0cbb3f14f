"""The home slice end to end against the Slack sandbox: strangers, help by role, "did you
mean", `says` mentions, and the App Home redrawn by its own buttons."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from handlers.blocks.busy import remove_value
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable

HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


def publish_everyone_everywhere(stack: Any) -> None:
    """This week and the next: Anna and Bernat on every turn."""
    this_week = monday_of(dt.date.today())
    for week in (this_week, this_week + dt.timedelta(days=7)):
        table = Timetable.empty(week, list(WEEKDAYS), HOURS, 2)
        for day in WEEKDAYS:
            table.cells[day] = [["anna", "bernat"] for _ in HOURS[:-1]]
        SqliteTimetables(stack.db).save(table, "published", "anna")


def home_text(stack: Any, user: str) -> str:
    view = stack.sandbox.home(user)
    return json.dumps(view.blocks, ensure_ascii=False) if view else ""


async def test_an_unregistered_users_who_names_nobody(team):
    publish_everyone_everywhere(team)
    registered = await team.command("U0CARLA", "who")  # Carla: no person has her e-mail
    stranger = await team.command("U0STRANGER", "who")
    for reply in (registered, stranger):
        assert "not registered" in reply[-1]
        assert "Anna" not in reply[-1] and "Bernat" not in reply[-1]
    known = await team.command("U0BERNAT", "who")  # the same question from the team
    assert "Anna" in known[-1] or "Bernat" in known[-1]


async def test_help_by_role_and_did_you_mean(team):
    operator = await team.command("U0BERNAT", "ayuda")
    assert "/tomatic ocupado añade" in operator[-1] and "Para coordinadoras" not in operator[-1]
    coordinator = await team.command("U0ANNA", "ajuda")
    assert "Per a coordinadores" in coordinator[-1] and "/tomatic diu" in coordinator[-1]
    typo = await team.command("U0BERNAT", "bsuy")
    assert "¿Querías decir `/tomatic busy`?" in typo[-1]


async def test_says_keeps_the_mentions_the_coordinator_typed(team):
    await team.command("U0ANNA", "says *Bon dia* @here: reunió a les 10 & cafè")
    posted = [m.text for m in team.sandbox.messages(team.sandbox.team_channel)]
    assert "*Bon dia* <!here>: reunió a les 10 &amp; cafè" in posted


async def test_remove_from_the_home_removes_the_line_from_the_home(team):
    await team.command("U0BERNAT", "busy add dj 0001 required Dentist appointment")
    await team.sandbox.open_home("U0BERNAT")
    await team.sandbox.wait_for(lambda: "Dentist appointment" in home_text(team, "U0BERNAT"))
    [entry] = SqliteBusy(team.db).all()
    assert f'"value": "{remove_value(entry.id, 0)}"' in home_text(team, "U0BERNAT")
    home = team.sandbox.home("U0BERNAT")
    await team.sandbox.click("U0BERNAT", home, "tomatic.busy.remove", value=entry.id)

    def notice() -> str:  # what the Home shows above its first divider
        return home_text(team, "U0BERNAT").split("divider")[0]

    await team.sandbox.wait_for(lambda: "Dentist appointment" in notice())  # above the rest…
    assert f"`{entry.id}`" in notice()  # …naming what went
    shown = home_text(team, "U0BERNAT")
    assert f'"value": "{remove_value(entry.id, 0)}"' not in shown  # …and without its line
    assert SqliteBusy(team.db).all() == []


async def test_the_home_does_not_offer_to_plan_a_published_week(team):
    await team.sandbox.open_home("U0ANNA")
    await team.sandbox.wait_for(lambda: "tomatic.home.plan" in home_text(team, "U0ANNA"))
    publish_everyone_everywhere(team)
    await team.sandbox.click("U0ANNA", team.sandbox.home("U0ANNA"), "tomatic.home.refresh")
    await team.sandbox.wait_for(lambda: "tomatic.home.plan" not in home_text(team, "U0ANNA"))
    assert "tomatic.home.reload_queue" in home_text(team, "U0ANNA")

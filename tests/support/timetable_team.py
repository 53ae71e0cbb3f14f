"""A small team for timetable tests: eight people with ideal loads and a hand-made grid."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.model import WEEKDAYS, Person
from tomatic.domain.timetable import Timetable, TimetableState
from tomatic.ports import Stores
from tomatic.services import Services

TEAM = ("anna", "bernat", "carla", "dani", "eva", "ferran", "gina", "hug")
THIS_WEEK = dt.date(2026, 11, 23)  # NOW (Thursday 26th, 10:00) falls in it
NEXT_WEEK = dt.date(2026, 11, 30)
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


async def make_team(services: Services) -> dict[str, Person]:
    """Eight people with ideal load 5 and Slack ids U0ANNA…; anna coordinates."""
    people = {}
    for name in TEAM:
        fields = {
            "name": name.capitalize(),
            "email": f"{name}@example.coop",
            "ideal_load": 5,
            "slack_user_id": f"U0{name.upper()}",
            "extension": str(3000 + len(people)),
        }
        if name == "anna":
            fields["groups"] = ["admin"]
        people[name] = await services.persons.create(None, name, fields)
    return people


def grid(week: dt.date, days: list[str] | None = None) -> Timetable:
    """Two lines, everyone once a day: cell (d, h, l) holds TEAM[(2d + 2h + l) % 8]."""
    days = days or list(WEEKDAYS)
    table = Timetable.empty(week, days, HOURS, 2)
    for d, day in enumerate(WEEKDAYS):
        if day in days:
            for hour in range(4):
                for line in range(2):
                    table.cells[day][hour][line] = TEAM[(2 * d + 2 * hour + line) % 8]
    table.holidays = {d: "" for d in WEEKDAYS if d not in days}
    return table


async def store(stores: Stores, table: Timetable, state: TimetableState = "published") -> int:
    """Save a timetable version directly in the store."""
    return await stores.timetables.save(table, state, "anna")

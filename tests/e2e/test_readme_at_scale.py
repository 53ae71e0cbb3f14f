"""Issue 13's "done when", whole: with 300 people (accents, apostrophes, parentheses,
80-character names), one of them with 60 busy entries, and 40-line weeks published, every
command the README documents, typed by a coordinator and by an operator, and both App
Homes, make Slack refuse nothing, and everything they show reads as a sentence.

The real service runs against the Slack sandbox, which refuses what Slack refuses and
records it. The team and its weeks are written through the stores (planning them would
only take longer); `/tomatic plan` still plans a week, with a short time limit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bot.sandbox import Message, SandboxUser
from handlers.blocks.limits import fold
from tests.conftest import REPO
from tests.e2e.conftest import Stack
from tests.support.answers import sentence_problems, texts_in
from tests.support.bigteam import busy_entries, seed
from tests.support.bigteam import team as big_team
from tests.support.readme_commands import Fill, readme_commands
from tomatic.domain.model import WEEKDAYS, BusyEntry, monday_of
from tomatic.domain.timetable import Timetable

LINES = 40
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]
ROLES = {"coordinator": "U0ANNA", "operator": "U0BERNAT"}
RUN_ID = re.compile(r"\b[0-9a-f]{8}\b")


def contact_centre_config(folder: Path) -> Path:
    """Forty lines, the usual turns, and a planner that stops after a few seconds."""
    path = folder / "contact-centre.yaml"
    path.write_text(f"hours: {json.dumps(HOURS)}\nlines: {LINES}\ntime_limit_s: 3\n")
    return path


def week_of(monday: dt.date, people: list[str]) -> Timetable:
    """Every cell taken, the operator on next Tuesday's first turn, line 1."""
    table = Timetable.empty(monday, list(WEEKDAYS), HOURS, LINES)
    for d, day in enumerate(WEEKDAYS):
        for hour, turn in enumerate(table.cells[day]):
            start = (d * len(turn) + hour) * LINES
            turn[:] = [people[(start + line) % len(people)] for line in range(LINES)]
    table.cells["dm"][0][0] = "bernat"
    table.holidays = {}
    return table


@pytest.fixture
async def contact_centre(team: Stack, tmp_path: Path) -> tuple[Stack, Fill]:
    """The team fixture's Anna and Bernat among 300 more, this week and next published."""
    team.overrides |= {
        "TOMATIC_CONFIG": str(contact_centre_config(tmp_path)),
        "SLACK_RATE_FACTOR": "100",
    }
    await team.restart()
    services, sandbox = team.services, team.sandbox
    people = big_team(300)
    for p in people:
        user = SandboxUser(
            id=p["slack_user_id"], name=p["id"], real_name=p["name"], email=p["email"]
        )
        sandbox.add_user(user)
    await seed(services.persons.persons, [p | {"groups": []} for p in people])
    this_week = monday_of(dt.date.today())
    ids = [p["id"] for p in people]
    next_week, draft_week = (this_week + dt.timedelta(days=7 * n) for n in (1, 2))
    for monday, state in (
        (this_week, "published"),
        (next_week, "published"),
        (draft_week, "draft"),
    ):
        await services.timetable.timetables.save(week_of(monday, ids), state, "anna")
    for fields in busy_entries("bernat", next_week, 60):
        await services.availability.busy.add(BusyEntry(**fields), "test")
    sixtieth = (await services.availability.busy.for_person("bernat"))[-1]
    members = [(p["extension"], p["name"]) for p in people[:LINES]]
    await services.queue.pbx.set_members([("3002", "Bernat Roig"), *members])
    last = sorted(people, key=lambda p: fold(p["name"]))[-1]["id"]
    day = (next_week + dt.timedelta(days=1)).isoformat()
    weeks = {"week": next_week.isoformat(), "draft_week": draft_week.isoformat()}
    return team, Fill(person=last, busy_id=sixtieth.id, day=day, **weeks)


async def answer_to(stack: Stack, user: str, text: str) -> list[str]:
    """Type `/tomatic text` as `user`: what it showed them (new private replies or the modal
    it opened, closed again), as text."""
    sandbox = stack.sandbox
    before = len(sandbox.ephemerals(user))
    await sandbox.slash_command(user, "/tomatic", text)

    def shown() -> bool:
        return len(sandbox.ephemerals(user)) > before or sandbox.modal(user) is not None

    await sandbox.wait_for(shown, timeout=15)
    modal = sandbox.modal(user)
    if modal is not None:
        await sandbox.close_view(user, all_views=True)
        return [texts_in(modal.body)]
    return [readable(m) for m in sandbox.ephemerals(user)[before:]]


def readable(message: Message) -> str:
    return (message.text or "") + "\n" + texts_in(message.blocks or [])


async def test_every_readme_command_as_coordinator_and_operator_and_the_home(contact_centre):
    stack, fill = contact_centre
    sandbox, services = stack.sandbox, stack.services
    commands = readme_commands(REPO / "README.md", fill)
    assert len(commands) > 50
    wrong: list[str] = []
    runs: set[str] = set()
    for role, user in ROLES.items():
        for text in commands:
            for shown in await answer_to(stack, user, text):
                wrong += [f"{role} {text!r}: {p}" for p in sentence_problems(shown, text)]
                if text.startswith("plan") and role == "coordinator":
                    runs |= set(RUN_ID.findall(shown))
        await sandbox.open_home(user)
        home = await sandbox.wait_for(lambda u=user: sandbox.home(u), timeout=15)
        wrong += [f"{role} Home: {p}" for p in sentence_problems(texts_in(home.body), "")]
    for run in runs:
        await services.planning.wait(run)
    await sandbox.settle(timeout=30)
    assert wrong == []
    assert sandbox.refusals == [] and sandbox.problems == []
    posted = [m for m in sandbox.workspace.messages if m.user == "U0TOMATIC" and not m.files]
    assert len({m.channel for m in posted}) > 300  # the draft week was published to everyone
    wrong = [
        f"{m.channel}: {p} {readable(m)!r}"
        for m in posted
        for p in sentence_problems(readable(m), "")
    ]
    assert wrong == []

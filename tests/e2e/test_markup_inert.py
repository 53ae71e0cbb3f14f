"""Issue 14, "the evil name never reaches a channel as markup", end to end through the sandbox.

Names are checked when saved now, but a database from before may hold anything: the people
below are written straight into the store with the name of the original demonstration, a
Slack ping and a disguised link. Every channel post and DM that names people (turn warning,
turn reminder, queue-missing notice, disconnection alert, publish announcement and turns,
change notices, swap request, daily summary) and every reply showing a busy reason or an
annotation comment must show that text as text: after each journey, no mrkdwn text anywhere
in the workspace holds a control sequence but mentions and the service's own links.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from handlers import ids
from tests.e2e.conftest import Stack
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.dates import read_day
from tomatic.domain.model import WEEKDAYS, BusyEntry, Person
from tomatic.domain.queue import MemberState
from tomatic.domain.timetable import Timetable
from tomatic.i18n import catalogue

EVIL = "<!channel> <https://evil.example/login|Session expired: sign in>"
INERT = "&lt;!channel&gt; &lt;https://evil.example/login|Session expired: sign in&gt;"
ZONE = dt.timezone(dt.timedelta(hours=1))
WEEK = dt.date(2030, 1, 7)  # a Monday; the team's clock stands on its Wednesday
NOW = dt.datetime(2030, 1, 9, 8, 40, tzinfo=ZONE)
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]
RING_TOKEN = "ringring-token-markup-inert"
PHONE = "629436216"
STORED = [
    Person(
        id="anna",
        name="Anna Puig",
        email="anna@example.coop",
        extension="3001",
        groups=["admin"],
        slack_user_id="U0ANNA",
        language="ca",
    ),
    Person(
        id="bernat",
        name="Bernat Roig",
        email="bernat@example.coop",
        extension="3002",
        slack_user_id="U0BERNAT",
        language="es",
    ),
    Person(
        id="carla",
        name=EVIL,
        email="carla@example.coop",
        extension="3003",
        slack_user_id="U0CARLA",
        language="en",
    ),
    Person(id="eve", name=EVIL, extension="3005"),
    Person(id="nox", name=EVIL),
    Person(id="mallory", name=EVIL, groups=["admin"]),
]
"""Carla is on Slack with the evil name (DMs greet her by it); Eve and Nox are not on Slack
(posts name them in text), Nox has no extension; Mallory, a coordinator, is not on Slack."""


def week_table(monday: dt.date) -> Timetable:
    """Three lines; Wednesday 09:00 is Eve, Carla and Nox; Eve is free at 10:15."""
    table = Timetable.empty(monday, list(WEEKDAYS), HOURS, 3)
    for day in WEEKDAYS:
        table.cells[day][0] = ["eve", "carla", "nox"]
        table.cells[day][1] = ["bernat", "carla", None]
        table.cells[day][2] = ["anna", "bernat", None]
    return table


@pytest.fixture
async def evil(stack: Stack) -> Stack:
    """The stack on the team's clock (NOW), with the stored people and a published week."""
    stack.now = lambda: NOW
    stack.overrides["TOMATIC_RINGRING_TOKEN"] = RING_TOKEN
    await stack.restart()
    persons = SqlitePersons(stack.db)
    for person in STORED:
        persons.save(person.model_copy(update={"ideal_load": 4}), "legacy")
    SqliteTimetables(stack.db).save(week_table(WEEK), "published", "anna")
    return stack


def mrkdwn_texts(node: Any) -> Iterator[str]:
    """The texts Slack reads as mrkdwn in blocks or a view (plain_text never is)."""
    if isinstance(node, list):
        for item in node:
            yield from mrkdwn_texts(item)
    elif isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            yield from mrkdwn_texts(value)


def live_markup(stack: Stack) -> list[str]:
    """Every control sequence in the workspace's mrkdwn but mentions and our own links."""
    workspace = stack.sandbox.workspace
    texts = [text for m in workspace.messages for text in (m.text, *mrkdwn_texts(m.blocks))]
    texts += [text for view in workspace.views.values() for text in mrkdwn_texts(view.body)]
    ours = re.escape(stack.url.replace("127.0.0.1", "")) + "|" + re.escape(stack.url)
    allowed = re.compile(rf"<(@U[A-Z0-9]+|#C[A-Z0-9]+|(http://127\.0\.0\.1|{ours})[^>]*)>")
    return [
        sequence
        for text in texts
        if text
        for sequence in re.findall(r"<[^<>]*>", text)
        if not allowed.fullmatch(sequence)
    ]


def literal(lang: str, key: str) -> str:
    """The longest stretch of a message without parameters, to recognise it by."""
    return max(re.split(r"\{[^}]*\}", catalogue(lang)[key]), key=len)


def whole(message: Any) -> str:
    """A message's text and its blocks' mrkdwn, as one text."""
    return "\n".join([message.text or "", *mrkdwn_texts(message.blocks)])


def posts(stack: Stack, key: str, lang: str = "en") -> list[str]:
    """The team channel's posts of one kind (the team's language is English)."""
    return [whole(m) for m in stack.sandbox.messages() if literal(lang, key) in m.text]


def dms(stack: Stack, user: str, key: str, lang: str) -> list[str]:
    """The DMs to `user` of one kind, in their language."""
    return [whole(m) for m in stack.sandbox.dms(user) if literal(lang, key) in m.text]


async def test_the_turn_warning_its_reminder_the_queue_notice_and_the_alert_stay_text(evil):
    operations, sandbox = evil.services.operations, evil.sandbox
    await operations.warn_next_turn(NOW.replace(hour=8, minute=55))
    await operations.start_turn(NOW.replace(hour=9, minute=0))  # no name is PBX-safe: notice
    fake_pbx = evil.services.queue.pbx.inner
    for extension in ("3003", "3005"):  # in the queue all the same (added at the phone)
        await fake_pbx.add(extension, "on the phone")
        fake_pbx.set_state(extension, MemberState.UNAVAILABLE)
    await operations.monitor(NOW.replace(hour=9, minute=5))
    await sandbox.settle()

    [warning] = posts(evil, "operations.turn_warning")
    assert f"{INERT}, <@U0CARLA>, {INERT}" in warning  # Eve, Carla and Nox
    [reminder] = dms(evil, "U0CARLA", "operations.your_turn", "en")
    assert INERT in reminder
    [missing] = dms(evil, "U0ANNA", "queue.missing.title", "ca")
    assert INERT in missing
    [alert] = posts(evil, "operations.disconnected")
    assert INERT in alert and "<@U0CARLA>" in alert
    [yours] = dms(evil, "U0CARLA", "operations.disconnected_you", "en")
    assert yours.startswith(INERT)
    await operations.close_day(NOW.replace(hour=14, minute=0))
    await operations.daily_summary(NOW.date())
    await sandbox.settle()
    assert posts(evil, "operations.summary") != []
    assert live_markup(evil) == []


async def test_the_publish_announcement_and_the_turns_dms_stay_text(evil):
    next_week = WEEK + dt.timedelta(days=7)
    version = SqliteTimetables(evil.db).save(week_table(next_week), "draft", "anna")
    mallory = await evil.services.persons.get("mallory")
    await evil.services.timetable.publish(mallory, next_week, version)
    await evil.sandbox.settle()
    [announcement] = posts(evil, "timetable.published")
    assert INERT in announcement  # published by Mallory, who is not on Slack
    assert dms(evil, "U0CARLA", "timetable.your_turns", "en") != []
    assert live_markup(evil) == []


async def test_change_notices_stay_text_in_the_dms_and_the_channel(evil):
    mallory = await evil.services.persons.get("mallory")
    thursday = WEEK + dt.timedelta(days=3)
    await evil.services.cells.set_cell(mallory, thursday, "09:00", "1", "anna")
    await evil.sandbox.settle()
    [soon] = posts(evil, "notice.soon")
    assert f"(by {INERT})" in soon and f"{INERT} → <@U0ANNA>" in soon  # Eve's cell to Anna
    [changed] = dms(evil, "U0ANNA", "notice.changed", "ca")
    assert INERT in changed
    assert live_markup(evil) == []


async def test_a_swap_request_names_its_requester_and_candidates_as_text(evil):
    eve = await evil.services.persons.get("eve")
    day, _ = read_day(["dj"], NOW.date())
    await evil.services.swaps.request(eve, day, "09:00")
    await evil.sandbox.settle()
    [request] = posts(evil, "swap.message.open")
    assert request.startswith(INERT)
    assert live_markup(evil) == []


async def test_a_busy_reason_stays_text_in_lists_refusals_and_the_home(evil):
    entry = BusyEntry(person="bernat", weekday="dj", turns="1000", optional=False, reason=EVIL)
    SqliteBusy(evil.db).add_many([entry], "legacy")
    [listing] = await evil.command("U0ANNA", "busy @bernat")
    assert INERT in listing
    [refused] = await evil.command("U0ANNA", "set dj 09:00 1 bernat")
    assert INERT in refused
    await evil.sandbox.open_home("U0BERNAT")
    home = await evil.sandbox.wait_for(lambda: evil.sandbox.home("U0BERNAT"))
    assert INERT in "".join(mrkdwn_texts(home.body))
    assert live_markup(evil) == []


async def test_an_annotation_comment_stays_text_in_the_calls_list(evil):
    sandbox = evil.sandbox
    params = {"phone": PHONE, "ext": "3002", "callid": "c-evil", "token": RING_TOKEN}
    url = f"{evil.url}/api/info/ringring"
    async with aiohttp.ClientSession() as http, http.get(url, params=params) as answer:
        assert answer.status == 200
    card = await sandbox.wait_for(
        lambda: next((m for m in sandbox.dms("U0BERNAT") if m.edited), None)
    )
    await sandbox.click("U0BERNAT", card, ids.CALL_ANNOTATE)
    await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))
    values = {ids.CALL_CATEGORIES: ["FA01"], ids.CALL_COMMENT: EVIL}
    await sandbox.submit_view("U0BERNAT", values=values)
    await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT") is None)
    [listing] = await evil.command("U0BERNAT", "calls")
    assert INERT in listing
    assert live_markup(evil) == []

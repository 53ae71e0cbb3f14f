"""Issue 17, catalogue completeness, on real screens: a coordinator whose Slack speaks Catalan
(then Spanish) goes through the commands and buttons, with the team channel in the same
language; everything Slack shows them is free of English stop-words and raw ERP codes. Every
command example the catalogue shows in that language is then typed as shown, and none is
answered with "I don't know that command" or a usage line.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import aiohttp
import pytest

from handlers import ids
from tests.e2e.conftest import Stack
from tests.support.language import english_words, raw_codes, visible_texts
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.model import WEEKDAYS, BusyEntry, monday_of
from tomatic.domain.timetable import Timetable
from tomatic.i18n import catalogue

RING_TOKEN = "ringring-token-for-e2e-tests"
PHONE = "629436216"  # Romero Garcia, María, in data/demo_erp.json: contracts, invoices
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]
PEOPLE = ("anna", "bernat", "dolors", "eloi")
SPEAKERS = {"ca": ("U0ANNA", "anna"), "es": ("U0BERNAT", "bernat")}
SYNTAX_ERRORS = """
    help.unknown help.did_you_mean person.usage busy.usage busy.remove_usage busy.bad_optional
    busy.bad_turns dates.bad_day dates.bad_week stats.usage timetable.bad_hour timetable.bad_line
    timetable.not_a_line timetable.bad_day timetable.set_usage forced.usage forced.weekday_only
    swap.usage queue.bad_extension queue.any_extension_usage callinfo.unknown_field
""".split()
"""The answers to a command that was not understood as typed."""
SCREENS = {
    "ca": """ajuda · jo · equip · indisponibilitats · indisponibilitats @bernat ·
        indisponibilitats afegeix dc 0011 inevitable Metge · qui · torns · graella ·
        graella següent · graella registre · canvis · fixos · calendari · cua · cerca garcia ·
        trucades · estadístiques · estadístiques setmana · xyz · indisponibiltats ·
        intercanvi dissabte 10:15 · canvia dc 25:00 1 anna ·
        indisponibilitats afegeix dc 0011 potser Metge · pausa dinar · reprèn · publica""",
    "es": """ayuda · yo · personas · ocupado · ocupado @anna ·
        ocupado añade mi 0011 ineludible Médico · quien · turnos · horario ·
        horario siguiente · horario registro · cambios · fijos · calendario · cola ·
        busca garcia · llamadas · estadísticas · estadísticas semana · xyz · ocupadp ·
        cambio sábado 10:15 · cambia mi 25:00 1 anna ·
        ocupado añade mi 0011 quizás Médico · pausa comida · reanuda · publica""",
}
"""What the coordinator types, in their language: screens, refusals and mistakes."""


def week_for(team: tuple[str, ...], monday: dt.date) -> Timetable:
    """Two lines, each person once a day at least."""
    table = Timetable.empty(monday, list(WEEKDAYS), HOURS, 2)
    for d, day in enumerate(WEEKDAYS):
        for hour in range(len(HOURS) - 1):
            for line in range(2):
                table.cells[day][hour][line] = team[(d + 2 * hour + line) % len(team)]
    return table


@pytest.fixture(params=["ca", "es"])
async def speaker(request, stack: Stack) -> tuple[Stack, str, str]:
    """A team whose channel speaks `lang`; its coordinator's Slack speaks it too."""
    lang = request.param
    stack.overrides |= {"TOMATIC_LANGUAGE": lang, "TOMATIC_RINGRING_TOKEN": RING_TOKEN}
    await stack.restart()
    persons = stack.services.persons
    for n, person in enumerate(PEOPLE):
        fields = {"name": f"{person.capitalize()} Puig", "email": f"{person}@example.coop"}
        fields |= {"extension": str(3001 + n), "ideal_load": 4}
        if person in ("anna", "bernat"):
            fields["groups"] = ["admin"]
        await persons.create(None, person, fields)
    monday = monday_of(stack.services.now().date())
    timetables = SqliteTimetables(stack.db)
    for week in (monday, monday + dt.timedelta(days=7)):
        timetables.save(week_for(PEOPLE, week), "published", "anna")
    SqliteBusy(stack.db).add_many(
        [BusyEntry(person="bernat", weekday="dj", turns="11000", optional=True, reason="Metge")],
        "anna",
    )
    user, _person = SPEAKERS[lang]
    return stack, lang, user


def everything_seen(stack: Stack, user: str) -> list[str]:
    """Every message, DM, reply, modal and Home `user` sees, and the team channel."""
    sandbox = stack.sandbox
    messages = [*sandbox.ephemerals(user), *sandbox.dms(user), *sandbox.messages()]
    texts = [text for m in messages for text in [m.text or "", *visible_texts(m.blocks)]]
    views = [*sandbox.modal_stack(user), sandbox.home(user)]
    return texts + [text for v in views if v is not None for text in visible_texts(v.body)]


def iso_dates(text: str) -> list[str]:
    """Dates written `2026-12-02` outside code spans and addresses (what people type, links)."""
    shown = re.sub(r"`[^`]*`|<http[^>]*>|https?://\S+", " ", text)
    return re.findall(r"\b\d{4}-\d{2}-\d{2}\b", shown)


async def ring(stack: Stack, extension: str) -> None:
    params = {"phone": PHONE, "ext": extension, "callid": "c-lang", "token": RING_TOKEN}
    url = f"{stack.url}/api/info/ringring"
    async with aiohttp.ClientSession() as http, http.get(url, params=params) as answer:
        assert answer.status == 200


async def visit_the_call_card(stack: Stack, user: str, extension: str) -> None:
    """The call card, a contract's details and its invoices (ERP states in words)."""
    sandbox = stack.sandbox
    await ring(stack, extension)
    card = await sandbox.wait_for(lambda: next((m for m in sandbox.dms(user) if m.edited), None))
    detail = next(b for b in card.blocks if ids.CALL_DETAILS in str(b))
    before = len(sandbox.ephemerals(user))
    await sandbox.click(user, card, ids.CALL_DETAILS, block_id=detail["block_id"])
    [details] = await sandbox.wait_for(lambda: sandbox.ephemerals(user)[before:])
    await sandbox.click(user, details, ids.CALL_INVOICES)
    await sandbox.wait_for(lambda: len(sandbox.ephemerals(user)) > before + 1)
    await sandbox.click(user, card, ids.CALL_ANNOTATE)
    await sandbox.wait_for(lambda: sandbox.modal(user))


async def test_every_screen_a_catalan_or_spanish_coordinator_sees_is_in_their_language(speaker):
    stack, lang, user = speaker
    for text in SCREENS[lang].split("·"):
        await stack.command(user, " ".join(text.split()))
    await stack.sandbox.open_home(user)
    await visit_the_call_card(stack, user, "3001" if lang == "ca" else "3002")
    await stack.command(user, "cerca 629436216" if lang == "ca" else "busca 629436216")
    tomorrow = stack.services.now().date() + dt.timedelta(days=1)
    swap = "intercanvi" if lang == "ca" else "cambio"
    await stack.command(user, f"{swap} {tomorrow + dt.timedelta(days=7):%Y-%m-%d} 09:00")
    await stack.sandbox.settle()
    seen = everything_seen(stack, user)
    assert len(seen) > 100
    assert [(text, english_words(text)) for text in seen if english_words(text)] == []
    assert [(text, raw_codes(text, lang)) for text in seen if raw_codes(text, lang)] == []
    assert [text for text in seen if iso_dates(text)] == []  # dates as the language writes them
    assert stack.sandbox.problems == []


def _pattern(lang: str, key: str) -> re.Pattern[str]:
    """A message of the catalogue as a pattern, whatever its parameters."""
    parts = string.Formatter().parse(catalogue(lang)[key])
    return re.compile(
        "".join(re.escape(literal) + (".*?" if name else "") for literal, name, _, _ in parts)
    )


def shown_examples(lang: str) -> list[str]:
    """Every whole `/tomatic …` example of `lang`'s catalogue (not the `<day>` templates)."""
    examples = set()
    for text in catalogue(lang).values():
        for span in re.findall(r"`/tomatic ([^`]*)`", text):
            if not re.search(r"[<>\[\]{}|]", span):
                examples.add(span)
    return sorted(examples)


async def test_every_command_example_shown_in_catalan_or_spanish_works_as_typed(speaker):
    stack, lang, user = speaker
    examples = shown_examples(lang)
    assert len(examples) > 20
    refusals = [_pattern(lang, key) for key in SYNTAX_ERRORS]
    sandbox, misread = stack.sandbox, []
    for example in examples:
        before = len(sandbox.ephemerals(user))
        await sandbox.slash_command(user, "/tomatic", example)
        await sandbox.wait_for(
            lambda b=before: len(sandbox.ephemerals(user)) > b or sandbox.modal(user), timeout=5
        )
        replies = [m.text or "" for m in sandbox.ephemerals(user)[before:]]
        if any(p.search(reply) for p in refusals for reply in replies):
            misread.append((example, replies))
        await sandbox.close_view(user, all_views=True)
    await sandbox.settle()
    assert misread == []
    assert sandbox.problems == []

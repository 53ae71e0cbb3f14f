"""Every Catalan and Spanish message, rendered, is Catalan or Spanish: no English word of the
stop-list, no raw ERP code, and the commands it shows are ones that work in that language."""

from __future__ import annotations

import re
import string

import pytest

from handlers.blocks import plan  # noqa: F401 - registers the run messages
from handlers.blocks.messages import render
from handlers.commands import registry
from tests.support.language import english_words, raw_codes, visible_texts
from tomatic.i18n import catalogue, t
from tomatic.i18n.formats import PLANNER_STATUSES

FOREIGN = ("ca", "es")
NAMES = "Núria Puig d'Alòs"
PLAUSIBLE = {
    "actor": NAMES,
    "by": NAMES,
    "name": NAMES,
    "requester": NAMES,
    "taken_by": NAMES,
    "who": "nuria",
    "people": NAMES,
    "names": NAMES,
    "categories": "FA01, FA02",
    "date": "9/12/2026",
    "day": "9/12",
    "first": "7/12",
    "last": "11/12",
    "week": "2026-12-07",
    "weekday": "dl",
    "label": "09:00–10:15",
    "turn": "09:00–10:15",
    "hours": "09:00, 10:15",
    "hour": "10:15",
    "time": "10:15",
    "start": "1/3/2024",
    "end": "1/3/2025",
    "reason": "·",
    "value": "xyz",
    "word": "xyz",
    "example": "0011",
    "emoji": ":large_green_circle:",
    "url": "https://tomatic.example.coop/x",
    "path": "/var/lib/tomatic/tomatic.db",
    "database": "/var/lib/tomatic/tomatic.db",
    "file": "/tmp/c.db",
    "folder": "/tmp",
    "config": "/etc/tomatic/config.yaml",
    "host": "pbx.example.coop",
    "channel": "C0TEAM",
    "email": "nuria@example.coop",
    "bar": "▇▇▇",
    "change": "anna → bernat",
    "old": "anna",
    "new": "bernat",
    "other": "anna",
    "code": "S000123",
    "field": "nif",
    "fields": "x.y",
    "scopes": "chat:write",
    "characters": "<>",
    "suggestion": "cua",
    "reference": "a1b2c3",
    "rate": "93 %",
    "detail": "—",
    "problem": "—",
    "error": "—",
    "status": "—",
}
"""A value for each placeholder, the same in every language (numbers default to 7)."""


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def rendered(lang: str) -> dict[str, str]:
    """Every message of `lang` with plausible parameters."""
    messages = {}
    for key, template in catalogue(lang).items():
        params = {name: PLAUSIBLE.get(name, "7") for name in _placeholders(template)}
        messages[key] = t(lang, key, **params)
    return messages


@pytest.mark.parametrize("lang", FOREIGN)
def test_every_message_renders_with_its_parameters(lang):
    broken = []
    for key, template in catalogue(lang).items():
        try:
            template.format(**{name: "7" for name in _placeholders(template)})
        except (KeyError, IndexError, ValueError):
            broken.append(key)
    assert broken == []


@pytest.mark.parametrize("lang", FOREIGN)
def test_no_catalan_or_spanish_message_holds_an_english_word(lang):
    english = {key: english_words(text) for key, text in rendered(lang).items()}
    assert {key: words for key, words in english.items() if words} == {}


@pytest.mark.parametrize("lang", FOREIGN)
def test_no_catalan_or_spanish_message_holds_a_raw_erp_code(lang):
    raw = {key: raw_codes(text, lang) for key, text in rendered(lang).items()}
    assert {key: codes for key, codes in raw.items() if codes} == {}


def test_the_stop_list_finds_english_and_spares_what_is_the_same_everywhere():
    assert english_words("`/tomatic indisponibilitats add dt 0011` per a Guest") == ["add", "guest"]
    assert english_words("Estat: open · paid") == ["open", "paid"]
    assert english_words("`tomatic person add` — TOMATIC_PBX_QUEUE, --yes, <@U0ANNA>") == []
    assert english_words("No, a set de plan: tot, or, on, can, has, resume") == []
    assert raw_codes("Activa · open · ca_ES", "ca") == ["open", "ca_ES"]
    assert raw_codes("de baixa · contracte", "ca") == []


def _examples(lang: str) -> list[tuple[str, str]]:
    """(key, command) of every `/tomatic …` shown in `lang`'s messages."""
    found = []
    for key, text in rendered(lang).items():
        for span in re.findall(r"`(/tomatic[^`]*)`", text):
            found.append((key, span))
    return found


@pytest.mark.parametrize("lang", FOREIGN)
def test_every_command_shown_in_catalan_or_spanish_is_named_in_that_language(lang):
    """The subcommand of every example is a registered alias, not the English name (the
    examples are run through the sandbox in tests/e2e/test_catalan_spanish_screens.py)."""
    wrong = []
    for key, example in _examples(lang):
        word = example.split()[1] if len(example.split()) > 1 else ""
        entry = registry.find(word) if word and not word.startswith("[") else None
        if word and (entry is None or (word == entry.name and entry.aliases)):
            wrong.append((key, example))
    assert wrong == []


@pytest.mark.parametrize("lang", FOREIGN)
@pytest.mark.parametrize("status", PLANNER_STATUSES)
def test_a_planner_runs_message_says_its_search_status_in_words(lang, status):
    done = {"run_id": "r1", "week": "2026-11-30", "state": "done", "cost": 12, "holes": 1}
    text, blocks = render("plan.progress", {**done, "status": status, "version": 3}, lang)
    shown = "\n".join([text, *visible_texts(blocks)])
    assert t(lang, f"plan.status.{status}") in shown
    assert english_words(shown) == []

"""`/tomatic help` by role, "did you mean" in every language, and strangers told nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from structlog.testing import capture_logs

from handlers.commands import registry
from handlers.commands.general import ADMIN_LINES, OPERATOR_LINES, covered
from tests.support.slack import slash_reply
from tests.support.timetable_team import THIS_WEEK, grid, make_team, store
from tomatic.i18n import LANGUAGES, catalogue, t


@pytest.fixture
async def team(services):
    return await make_team(services)


async def slash(services, text: str, user: str) -> dict[str, Any]:
    return await slash_reply(services, text, user, channel="D0")


def text_of(reply: dict[str, Any]) -> str:
    return reply["text"] + json.dumps(reply.get("blocks") or [], ensure_ascii=False)


def help_lines(reply: dict[str, Any]) -> list[str]:
    return [
        line
        for block in reply["blocks"]
        if block["type"] == "section"
        for line in block["text"]["text"].split("\n")
    ]


def test_every_subcommand_is_on_a_help_line():
    assert set(registry.SUBCOMMANDS) <= covered()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_line_is_written_in_every_language(lang):
    keys = [f"help.line.{line[0]}" for group in OPERATOR_LINES.values() for line in group]
    keys += [f"help.admin.{line[0]}" for line in ADMIN_LINES]
    assert [key for key in keys if key not in catalogue(lang)] == []


async def test_operators_see_their_commands_only(services, team):
    reply = await slash(services, "help", "U0BERNAT")
    shown = text_of(reply)
    assert "/tomatic busy add" in shown and "/tomatic swap" in shown
    for coordinators_only in ("/tomatic plan", "/tomatic says", "/tomatic person add", "set wed"):
        assert coordinators_only not in shown
    assert t("en", "help.section.admin") not in shown
    assert len(help_lines(reply)) <= 16  # it was 27


async def test_coordinators_get_a_second_section(services, team):
    reply = await slash(services, "help", "U0ANNA")
    lines = help_lines(reply)
    start = lines.index(f"*{t('en', 'help.section.admin')}*")
    theirs = "\n".join(lines[start:])
    assert "/tomatic plan" in theirs and "/tomatic says" in theirs
    assert "/tomatic person add" in theirs
    assert len(lines) <= 24


async def test_help_answers_a_stranger_with_the_registration_notice(services, team):
    reply = await slash(services, "help", "U0NOBODY")
    assert t("en", "error.not_registered") in text_of(reply)
    assert "/tomatic plan" not in text_of(reply)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("bsuy", "busy"),
        ("queu", "queue"),
        ("indisponibilitat", None),  # an alias: it runs, no suggestion needed
        ("indisponibilidad", "indisponibilitat"),
        ("ajda", "ajuda"),
        ("estadistica", "estadísticas"),
        ("calendaro", "calendario"),
        ("horaro", "horario"),
    ],
)
async def test_a_mistyped_subcommand_gets_the_closest_one_in_any_language(
    services, team, typed, meant
):
    reply = await slash(services, typed, "U0BERNAT")
    if meant is None:
        assert "/tomatic help" not in reply["text"]
        return
    assert f"`/tomatic {meant}`" in reply["text"]


async def test_a_word_like_no_subcommand_gets_the_plain_answer(services, team):
    reply = await slash(services, "xyzzyplugh", "U0BERNAT")
    assert reply["text"] == t("en", "help.unknown", word="xyzzyplugh")


async def test_an_unknown_word_is_quoted_back_inert_and_short(services, team):
    reply = await slash(services, "<!channel>" + "x" * 100, "U0BERNAT")
    assert "<!channel>" not in reply["text"] and "&lt;!channel&gt;" in reply["text"]
    assert "x" * 40 not in reply["text"]


async def test_the_command_log_names_the_subcommand_never_the_typed_word(services, team):
    with capture_logs() as logs:
        await slash(services, "SECRETWORD", "U0BERNAT")
        await slash(services, "ajuda", "U0BERNAT")
    lines = [entry for entry in logs if entry["event"] == "command"]
    assert [(e["command"], e["outcome"]) for e in lines] == [("unknown", "unknown"), ("help", "ok")]
    assert "SECRETWORD" not in repr(logs)


@pytest.mark.parametrize("word", sorted(set(registry.SUBCOMMANDS) - {"help"}) + ["nonsense"])
async def test_a_stranger_is_told_to_ask_a_coordinator_whatever_they_type(
    services, team, stores, word
):
    await store(stores, grid(THIS_WEEK))
    reply = await slash(services, f"{word} dl 09:00 1 anna", "U0NOBODY")
    assert reply["text"] == ":warning: " + t("en", "error.not_registered")
    assert "blocks" not in reply


async def test_a_strangers_who_names_nobody(services, team, stores):
    await store(stores, grid(THIS_WEEK))
    reply = await slash(services, "who", "U0NOBODY")
    for person in team.values():
        assert person.name not in text_of(reply)

"""`/tomatic help` covers every subcommand, in every language."""

from __future__ import annotations

import handlers.commands  # noqa: F401 - registers every subcommand
from handlers.commands.general import SECTIONS, help_sections
from handlers.commands.registry import SUBCOMMANDS
from tomatic.i18n import LANGUAGES, catalogue


def test_every_subcommand_has_help_text_in_every_language():
    for lang in LANGUAGES:
        missing = [n for n in SUBCOMMANDS if f"help.{n}" not in catalogue(lang)]
        assert missing == [], lang


def test_every_subcommand_is_in_a_help_section():
    assert "other" not in help_sections()
    listed = [name for names in SECTIONS.values() for name in names]
    assert sorted(listed) == sorted(SUBCOMMANDS)

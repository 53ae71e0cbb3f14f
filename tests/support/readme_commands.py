"""The `/tomatic` commands the README documents, as concrete command lines.

Every `/tomatic …` code span of the README's "Commands" section is read (the tables' first
column, their examples, the paragraphs), and its notation expanded: `a\\|b` is each of `a`
and `b`, `[x]` is without and with `x`, `<x>` is a value `Fill` knows. A placeholder
`Fill` does not know fails the test that reads them, naming it: the test keeps in step
with the README.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SPAN = re.compile(r"`(/tomatic(?: [^`]*)?)`")
TOKEN = re.compile(r"\[[^\]]*\]|<[^>]*>|\S+")
# spans after the first of a row's "·"-list, such as `resume [@user]`, lack the prefix
ROW_SPAN = re.compile(r"`([a-z][^`]*)`")


def commands_section(readme: Path) -> str:
    """The README's "## Commands" section."""
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n## Commands")
    return text[start : text.index("\n## ", start + 1)]


def documented_spans(readme: Path) -> list[str]:
    """Every command line as the README writes it (without `/tomatic`), in order."""
    spans: list[str] = []
    for line in commands_section(readme).splitlines():
        found = [s.removeprefix("/tomatic").strip() for s in SPAN.findall(line)]
        if line.startswith("| `/tomatic"):
            first_cell = line.split(" | ")[0]
            found += [s for s in ROW_SPAN.findall(first_cell) if s.split()[0] != "tomatic"]
        spans += [s for s in found if s not in spans]
    return spans


@dataclass
class Fill:
    """The values placeholders stand for, in the world the test built."""

    person: str  # a person id (the alphabetically last of the team)
    busy_id: str  # a busy entry of the operator's
    week: str  # a Monday (ISO) with a published timetable
    day: str  # a future day (ISO) of that week
    draft_week: str  # a Monday (ISO) with only a draft, to plan and publish
    search: str = "Romero"
    message: str = "Bon dia, equip! (tarda) & co"

    def values(self, command: str, token: str) -> list[str] | None:
        """The words a placeholder stands for in `command` (None when unknown)."""
        known: dict[str, Callable[[], list[str]]] = {
            "<id>": lambda: [self.busy_id if command.startswith("busy") else self.person],
            "<person>": lambda: [self.person],
            "<person|nobody>": lambda: [self.person, "nobody"],
            "[@user]": lambda: ["", f"@{self.person}"],
            "[reason]": lambda: ["", "Lunch break"],
            "<day>": lambda: [self.day],
            "<weekday>": lambda: ["dl"],
            "<hour>": lambda: ["09:00"],
            "<line>": lambda: ["40"],
            "<turns>": lambda: ["0011"],
            "<optional|required>": lambda: ["optional", "required"],
            "<reason…>": lambda: ["Team meeting <b> & co"],
            "<text>": lambda: [self.search if command.startswith("search") else self.message],
            "[week]": lambda: ["", self.draft_week if command[:2] in ("pl", "pu") else self.week],
            "[week|next|last]": lambda: ["", self.week, "next", "last"],
            "[from-date]": lambda: ["", self.day],
            "[day]": lambda: ["", self.day, "tomorrow"],
            "[weeks]": lambda: ["", "52"],
            "[add|remove …]": lambda: ["", f"add dl 09:00 40 {self.person}", "remove dl 09:00 40"],
            "[day|week]": lambda: ["", "day", "week"],
            "[when]": lambda: ["", "last"],
        }
        found = known.get(token.replace("\\|", "|"))
        return found() if found else None


def expand(span: str, fill: Fill) -> list[str]:
    """The concrete command lines one documented span stands for."""
    choices: list[list[str]] = []
    for token in TOKEN.findall(span):
        values = fill.values(span, token)
        if values is None and token[0] in "<[":
            raise LookupError(f"the README's {span!r} has {token}: teach Fill what it means")
        if values is None:
            values = token.replace("\\|", "|").split("|")
        choices.append(values)
    lines = (" ".join(w for w in words if w) for words in itertools.product(*choices))
    return list(dict.fromkeys(lines))


def readme_commands(readme: Path, fill: Fill) -> list[str]:
    """Every command line the README documents, expanded, without repeats."""
    lines = [line for span in documented_spans(readme) for line in expand(span, fill)]
    return list(dict.fromkeys(lines))

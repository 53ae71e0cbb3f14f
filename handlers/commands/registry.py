"""The `/tomatic` subcommands: names, aliases in ca/es, and help examples."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.blocks.limits import fold
from handlers.context import Ctx, Reply

Handler = Callable[[Ctx], Awaitable[Reply | None]]

# how alike a typed word and an alias must be (difflib's ratio) to offer "did you mean"
SUGGESTION_CUTOFF = 0.6


@dataclass(frozen=True)
class Subcommand:
    """One subcommand: its canonical name, aliases, help example and handler."""

    name: str
    aliases: tuple[str, ...]
    example: str
    handler: Handler
    admin: bool = False


SUBCOMMANDS: dict[str, Subcommand] = {}
_BY_ALIAS: dict[str, Subcommand] = {}


def subcommand(
    name: str, *aliases: str, example: str, admin: bool = False
) -> Callable[[Handler], Handler]:
    """Register a handler for `/tomatic name` (and its aliases)."""

    def register(handler: Handler) -> Handler:
        entry = Subcommand(name, aliases, example, handler, admin)
        SUBCOMMANDS[name] = entry
        for word in (name, *aliases):
            _BY_ALIAS[fold(word)] = entry
        return handler

    return register


def find(word: str) -> Subcommand | None:
    """The subcommand for a typed word (any alias, any case, with or without accents)."""
    return _BY_ALIAS.get(fold(word))


def suggest(word: str) -> str | None:
    """The name or alias (in any language) closest to a mistyped word, if one is close."""
    spelled = {fold(alias): alias for entry in SUBCOMMANDS.values() for alias in entry.aliases}
    spelled.update({fold(name): name for name in SUBCOMMANDS})
    close = difflib.get_close_matches(fold(word)[:40], spelled, n=1, cutoff=SUGGESTION_CUTOFF)
    return spelled[close[0]] if close else None

"""The `/tomatic` subcommands: names, aliases in ca/es, and help examples."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.context import Ctx, Reply

Handler = Callable[[Ctx], Awaitable[Reply | None]]


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
            _BY_ALIAS[word] = entry
        return handler

    return register


def find(word: str) -> Subcommand | None:
    """The subcommand for a typed word (any alias, any case)."""
    return _BY_ALIAS.get(word.lower())

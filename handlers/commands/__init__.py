"""Slash command listeners."""

from __future__ import annotations

from typing import Any

from handlers.commands import (  # noqa: F401 - registers subcommands
    busy,
    callinfo,
    general,
    operations,
    persons,
    planning,
    queue,
    stats,
    turns,
    views,
)
from handlers.commands.slash import handle_tomatic


def register(app: Any) -> None:
    """Wire `/tomatic` (and a developer's suffixed variant such as `/tomatic-dev`)."""
    app.command("/tomatic")(handle_tomatic)
    app.command("/tomatic-dev")(handle_tomatic)

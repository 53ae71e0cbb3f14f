"""Modal submission listeners."""

from __future__ import annotations

from typing import Any

from handlers.views import busy, callinfo, cell, persons


def register(app: Any) -> None:
    """Wire every view listener."""
    persons.register(app)
    busy.register(app)
    callinfo.register(app)
    cell.register(app)

"""Button and menu listeners."""

from __future__ import annotations

from typing import Any

from handlers.actions import busy, callinfo, persons, plan, queue, timetable, turns, views


def register(app: Any) -> None:
    """Wire every action listener."""
    persons.register(app)
    busy.register(app)
    queue.register(app)
    callinfo.register(app)
    views.register(app)
    timetable.register(app)
    turns.register(app)
    plan.register(app)

"""Event listeners."""

from __future__ import annotations

from typing import Any

from handlers.events import app_home


def register(app: Any) -> None:
    """Wire every event listener."""
    app_home.register(app)

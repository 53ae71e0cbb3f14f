"""Slack listeners: thin adapters from Slack payloads to service calls."""

from __future__ import annotations

from typing import Any


def register_listeners(app: Any) -> None:
    """Wire every listener onto a slack-bolt AsyncApp."""
    from handlers import actions, commands, events, views

    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)

"""Messages of the automated day: turn reminders, disconnection alerts, summaries, plans."""

from __future__ import annotations

from typing import Any

from handlers.blocks.common import section
from handlers.blocks.mentions import mentions, name
from handlers.blocks.messages import Rendered, message
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params


def _text(text: str) -> Rendered:
    return text, [section(text)]


@message("operations.turn_warning")
def turn_warning(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: who is on the next turn."""
    return _text(
        t(lang, "operations.turn_warning", **{**payload, "people": mentions(payload["people"])})
    )


@message("operations.your_turn")
def your_turn(payload: dict[str, Any], lang: str) -> Rendered:
    """DM: your turn starts soon."""
    return _text(t(lang, "operations.your_turn", **{**payload, "name": name(payload)}))


@message("operations.disconnected")
def disconnected(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: people on turn whose phone is disconnected."""
    return _text(t(lang, "operations.disconnected", people=mentions(payload["people"])))


@message("operations.disconnected_you")
def disconnected_you(payload: dict[str, Any], lang: str) -> Rendered:
    """DM: your phone is disconnected."""
    return _text(t(lang, "operations.disconnected_you", **{**payload, "name": name(payload)}))


def stats_line(payload: dict[str, Any], lang: str) -> str:
    """Received / answered / abandoned and the answer rate, or "not available"."""
    params = localised_params(lang, payload)
    if not payload.get("available"):
        return t(lang, "operations.summary_unavailable", date=params["date"])
    return t(lang, "operations.summary", **params)


@message("operations.summary")
def summary(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel after closing: thanks, then the day's calls."""
    return _text(t(lang, "operations.closed") + "\n" + stats_line(payload, lang))


@message("operations.weekly_plan")
def weekly_plan(payload: dict[str, Any], lang: str) -> Rendered:
    """DM to coordinators: the result of the automatic weekly planning."""
    params = {"version": "?", "holes": 0, "error": "", **localised_params(lang, payload)}
    if payload.get("error"):  # a message key and its parameters
        error_params = localised_params(lang, payload.get("error_params") or {})
        params["error"] = t(lang, payload["error"], **error_params)
    return _text(t(lang, f"operations.weekly_plan.{payload['result']}", **params))

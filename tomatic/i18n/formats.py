"""Dates and times as each language writes them: one format per language, everywhere.

Screens, messages and error sentences format dates here, so that a reply never mixes
`2026-12-02`, `02/12/2026` and `2/12`. Domain errors carry `datetime.date` values (and weekday
codes as `weekday`) in their params; `localised_params` writes them out at the edge, in the
reader's language. A week is named by its Monday's date: templates say "the week of {week}",
so that the sentence can start with it ("The week of 30/11/2026 is planned").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tomatic.i18n import t

_CODES = ("dl", "dm", "dx", "dj", "dv", "ds", "dg")
PLANNER_STATUSES = ("optimal", "feasible", "infeasible", "unknown")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}")
DATED = ("week", "date", "ended")
"""Parameters that hold our own dates (never what someone typed, which stays as typed)."""


def date_text(lang: str, date: dt.date) -> str:
    """`2/12/2026` (in the language's order)."""
    return t(lang, "dates.format.date", day=date.day, month=date.month, year=date.year)


def day_text(lang: str, date: dt.date) -> str:
    """`Wednesday 2/12/2026`: the weekday's name and the date."""
    weekday = t(lang, f"dates.weekday.{_CODES[date.weekday()]}")
    return t(lang, "dates.format.day", weekday=weekday, date=date_text(lang, date))


def moment_text(lang: str, moment: dt.datetime) -> str:
    """`2/12/2026 10:15`: a date and a time of day."""
    return t(lang, "dates.format.moment", date=date_text(lang, moment), time=f"{moment:%H:%M}")


def week_text(lang: str, monday: dt.date) -> str:
    """`the week of 30/11/2026`."""
    return t(lang, "dates.format.week", date=date_text(lang, monday))


def localised(lang: str, value: Any) -> Any:
    """A message parameter in the reader's language: dates with their weekday, moments with
    their time; anything else as it is."""
    if isinstance(value, dt.datetime):
        return moment_text(lang, value)
    if isinstance(value, dt.date):
        return day_text(lang, value)
    return value


def monday_text(lang: str, week: dt.date | str) -> str:
    """A week's Monday as `date_text`, from the date or its ISO text (as message payloads and
    stored records carry it); any other text as it is."""
    if isinstance(week, dt.date):
        return date_text(lang, week)
    try:
        return date_text(lang, dt.date.fromisoformat(week))
    except ValueError:
        return week


def _weeks(lang: str, value: Any) -> Any:
    if isinstance(value, dt.date | str):
        return monday_text(lang, value)
    if isinstance(value, list | tuple):
        return ", ".join(str(_weeks(lang, each)) for each in value)
    return value  # a number of weeks


def localised_params(lang: str, params: dict[str, Any]) -> dict[str, Any]:
    """Every parameter of a message through `localised`, codes in words: a `weekday` holding
    a weekday code (`dx`) becomes the weekday's name and a `status` holding the planner's its
    words; a `week` holding its Monday (a date or `2026-12-07`), or a `date` or `ended`
    written `2026-12-07` (or `2026-12-07 14:00`), is written as the language writes dates, and
    so is each Monday of `weeks` (a list of them, or one)."""
    found = {
        key: _weeks(lang, value) if key == "weeks" else localised(lang, value)
        for key, value in params.items()
    }
    if found.get("status") in PLANNER_STATUSES:
        found["status"] = t(lang, f"plan.status.{found['status']}")
    if found.get("weekday") in _CODES:
        found["weekday"] = t(lang, f"dates.weekday.{found['weekday']}")
    for key in DATED:
        value = params.get(key)
        if isinstance(value, str) and _ISO_MOMENT.fullmatch(value):
            found[key] = moment_text(lang, dt.datetime.fromisoformat(value))
        elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
            found[key] = date_text(lang, dt.date.fromisoformat(value))
        elif key == "week" and isinstance(value, dt.date):
            found[key] = date_text(lang, value)
    return found

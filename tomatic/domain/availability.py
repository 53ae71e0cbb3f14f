"""Reading what people type about their availability: turns, optional or not (days are read
by `tomatic.domain.dates`, as in every command)."""

from __future__ import annotations

import datetime as dt
import re

from tomatic.domain.dates import is_every_day
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import WEEKDAYS, BusyEntry

OPTIONAL_WORDS = {"optional", "opcional", "opt", "soft"}
REQUIRED_WORDS = {
    "required",
    "requerida",
    "obligatori",
    "obligatoria",
    "obligatorio",
    "forced",
    "forcosa",
    "forçosa",
    "unavoidable",
    "inevitable",
    "ineludible",
    "req",
    "hard",
}


def parse_turns(token: str, turns: int) -> str:
    """`0011`, `3,4` (1-based) or `all` → a bitmap of `turns` characters."""
    word = token.strip().lower()
    if is_every_day(word):
        return "1" * turns
    if re.fullmatch(r"[01]+", word) and len(word) == turns:
        if "1" not in word:
            raise ValidationError("busy.no_turns", value=token)
        return word
    if re.fullmatch(r"[0-9]+(,[0-9]+)*", word):
        picked = {int(n) for n in word.split(",")}
        if all(1 <= n <= turns for n in picked):
            return "".join("1" if i + 1 in picked else "0" for i in range(turns))
    example = "0" * max(turns - 2, 0) + "1" * min(turns, 2)
    raise ValidationError("busy.bad_turns", value=token[:40], turns=turns, example=example)


def parse_optional(token: str) -> bool:
    """`optional` → True, `required` → False (Catalan and Spanish words too)."""
    word = token.strip().lower()
    if word in OPTIONAL_WORDS:
        return True
    if word in REQUIRED_WORDS:
        return False
    raise ValidationError("busy.bad_optional", value=token)


LEAVE_REASON = "leave"


def busy_reason(
    entries: list[BusyEntry], on_leave: bool, week: dt.date, day: str, hour: int
) -> str | None:
    """Why a person cannot take turn `hour` of `day` in the week of Monday `week` (on leave,
    or an unavoidable entry of theirs covers it), None when they can."""
    if on_leave:
        return LEAVE_REASON
    for entry in entries:
        covered = day in entry.days_in_week(week, list(WEEKDAYS)) and hour in entry.busy_turns()
        if entry.unavoidable and covered:
            return entry.reason
    return None

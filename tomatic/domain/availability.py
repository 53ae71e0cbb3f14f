"""Reading what people type about their availability: days, turns, optional or not."""

from __future__ import annotations

import datetime as dt
import re

from tomatic.domain.errors import ValidationError
from tomatic.domain.model import WEEKDAYS, BusyEntry

DAY_ALIASES: dict[str, str] = {
    **{code: code for code in WEEKDAYS},
    **dict(zip(("mon", "tue", "wed", "thu", "fri"), WEEKDAYS, strict=True)),
    **dict(zip(("monday", "tuesday", "wednesday", "thursday", "friday"), WEEKDAYS, strict=True)),
    **dict(zip(("dilluns", "dimarts", "dimecres", "dijous", "divendres"), WEEKDAYS, strict=True)),
    **dict(zip(("lunes", "martes", "miercoles", "jueves", "viernes"), WEEKDAYS, strict=True)),
    **dict(zip(("lu", "ma", "mi", "ju", "vi"), WEEKDAYS, strict=True)),
    "miércoles": "dx",
}
EVERY_DAY = {"all", "tots", "todos", "every", "cada"}
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
    "req",
    "hard",
}


def parse_day(token: str) -> tuple[str | None, dt.date | None]:
    """`dm`, `tue`, `2026-12-01` or `all` → (weekday or None, date or None)."""
    word = token.strip().lower()
    if word in EVERY_DAY:
        return None, None
    if word in DAY_ALIASES:
        return DAY_ALIASES[word], None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", word):
        try:
            date = dt.date.fromisoformat(word)
        except ValueError:
            raise ValidationError("busy.bad_date", value=token) from None
        if date.weekday() > 4:
            raise ValidationError("busy.weekend_date", value=token)
        return None, date
    raise ValidationError("busy.bad_day", value=token)


def parse_turns(token: str, turns: int) -> str:
    """`0011`, `3,4` (1-based) or `all` → a bitmap of `turns` characters."""
    word = token.strip().lower()
    if word in EVERY_DAY:
        return "1" * turns
    if re.fullmatch(r"[01]+", word) and len(word) == turns:
        if "1" not in word:
            raise ValidationError("busy.no_turns", value=token)
        return word
    if re.fullmatch(r"\d+(,\d+)*", word):
        picked = {int(n) for n in word.split(",")}
        if all(1 <= n <= turns for n in picked):
            return "".join("1" if i + 1 in picked else "0" for i in range(turns))
    raise ValidationError(
        "busy.bad_turns", value=token, turns=turns, example="0" * (turns - 2) + "11"
    )


def parse_optional(token: str) -> bool:
    """`optional` → True, `required` → False (Catalan and Spanish words too)."""
    word = token.strip().lower()
    if word in OPTIONAL_WORDS:
        return True
    if word in REQUIRED_WORDS:
        return False
    raise ValidationError("busy.bad_optional", value=token)


def bitmap_from_indices(indices: list[int], turns: int) -> str:
    """Turn indices (0-based) → bitmap."""
    return "".join("1" if i in indices else "0" for i in range(turns))


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

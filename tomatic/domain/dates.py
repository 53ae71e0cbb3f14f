"""Reading the days, dates and weeks people type, in Catalan, Spanish and English.

One parser for every command that names a day (busy, swap, set, forced) or a week (timetable,
plan, publish, log), so that `dc`, `dimecres`, `miércoles`, `wed`, `next wed` and `2026-12-09`
mean the same everywhere. Only ASCII digits are numbers (`'²'.isdigit()` is true, but `²` is
not a day), and dates far from today are refused rather than planned or stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tomatic.domain.errors import ValidationError
from tomatic.domain.model import WEEKDAYS, monday_of

_NAMES = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday"),
    "en3": ("mon", "tue", "wed", "thu", "fri"),
    "ca": ("dilluns", "dimarts", "dimecres", "dijous", "divendres"),
    "ca2": ("dl", "dt", "dc", "dj", "dv"),
    "es": ("lunes", "martes", "miercoles", "jueves", "viernes"),
    "es2": ("lu", "ma", "mi", "ju", "vi"),
    "legacy": WEEKDAYS,
}
WEEKDAY_WORDS: dict[str, str] = {
    word: code for words in _NAMES.values() for word, code in zip(words, WEEKDAYS, strict=True)
}
WEEKDAY_WORDS |= {"miércoles": "dx", "tues": "dm", "thur": "dj", "thurs": "dj"}
WEEKEND_WORDS = {"sat", "sun", "saturday", "sunday", "dissabte", "diumenge", "ds", "dg"}
WEEKEND_WORDS |= {"sabado", "sábado", "domingo", "sa", "do"}
NEXT_WORDS = {"next", "seguent", "següent", "siguiente", "proxima", "próxima", "vinent"}
THIS_WORDS = {"this", "current", "aquesta", "actual", "esta", "aquest", "este"}
LAST_WORDS = {"last", "previous", "prev", "anterior", "passada", "pasada", "passat", "pasado"}
TODAY_WORDS = {"today", "avui", "hoy"}
TOMORROW_WORDS = {"tomorrow", "dema", "demà", "mañana", "manana"}
EVERY_DAY_WORDS = {"all", "tots", "todos", "every", "cada"}
MAX_YEARS_AWAY = 2
"""Dates further than this from today are refused: nobody plans or is busy that far away."""

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?")
_ISO_WEEK = re.compile(r"([0-9]{4})-?w([0-9]{1,2})")


@dataclass(frozen=True)
class DayRef:
    """A day as typed: a weekday (maybe of a given week) or a date.

    `weekday` is a code `dl`…`dv` when a weekday was named, `date` is set when a date was
    named (or `today`/`tomorrow`), and `week_shift` is +1/0/-1 for `next`/`this`/`last wed`.
    """

    text: str
    weekday: str | None = None
    date: dt.date | None = None
    week_shift: int | None = None

    def in_week(self, week: dt.date) -> dt.date:
        """The date this names within the week starting on Monday `week` (dates as they are)."""
        if self.date is not None:
            return self.date
        assert self.weekday is not None
        return week + dt.timedelta(days=WEEKDAYS.index(self.weekday))

    def next_from(self, today: dt.date) -> dt.date:
        """The date meant, seen from `today`: a bare weekday is its next occurrence (today
        included); `next wed` is next week's Wednesday, `last wed` last week's."""
        if self.date is not None:
            return self.date
        if self.week_shift is not None:
            return self.in_week(monday_of(today) + dt.timedelta(days=7 * self.week_shift))
        assert self.weekday is not None
        ahead = (WEEKDAYS.index(self.weekday) - today.weekday()) % 7
        return today + dt.timedelta(days=ahead)


def read_day(words: list[str], today: dt.date) -> tuple[DayRef, int]:
    """The day that `words` start with, and how many words it took (1, or 2 for `next wed`).

    Raises ValidationError naming what was typed and the forms accepted.
    """
    if not words:
        raise ValidationError("dates.bad_day", value="")
    first = words[0].strip().lower()
    shift = _shift_of(first)
    if shift is not None and len(words) > 1:
        weekday = _weekday(words[1].strip().lower(), words[1])
        if weekday is not None:
            return DayRef(f"{words[0]} {words[1]}", weekday=weekday, week_shift=shift), 2
    weekday = _weekday(first, words[0])
    if weekday is not None:
        return DayRef(words[0], weekday=weekday), 1
    if first in TODAY_WORDS or first in TOMORROW_WORDS:
        near = today + dt.timedelta(days=1 if first in TOMORROW_WORDS else 0)
        return DayRef(words[0], date=_weekday_date(near, words[0])), 1
    date = _date(first, today)
    if date is None:
        raise ValidationError("dates.bad_day", value=words[0])
    return DayRef(words[0], date=_weekday_date(date, words[0])), 1


def is_every_day(word: str) -> bool:
    """Whether `word` means every weekday (`all`, `tots`, `todos`…)."""
    return word.strip().lower() in EVERY_DAY_WORDS


def read_week(word: str | None, today: dt.date, default: dt.date | None = None) -> dt.date:
    """The Monday of the week `word` names: `next`/`this`/`last` (ca/es/en), any date in it
    (`2026-12-09`, `9/12/2026`), an ISO week (`2026-W50`) or a weekday of this week."""
    this = monday_of(today)
    if not word:
        return default if default is not None else this
    lowered = word.strip().lower()
    shift = _shift_of(lowered)
    if shift is not None:
        return this + dt.timedelta(days=7 * shift)
    if lowered in WEEKDAY_WORDS:
        return this
    week = _iso_week(lowered, today)
    if week is not None:
        return week
    date = _date(lowered, today)
    if date is None:
        raise ValidationError("dates.bad_week", value=word)
    return monday_of(date)


def _shift_of(word: str) -> int | None:
    if word in NEXT_WORDS:
        return 1
    if word in THIS_WORDS:
        return 0
    if word in LAST_WORDS:
        return -1
    return None


def _weekday(word: str, typed: str) -> str | None:
    if word in WEEKEND_WORDS:
        raise ValidationError("dates.weekend", value=typed)
    return WEEKDAY_WORDS.get(word)


def _weekday_date(date: dt.date, typed: str) -> dt.date:
    if date.weekday() > 4:
        raise ValidationError("dates.weekend", value=typed)
    return date


def _date(word: str, today: dt.date) -> dt.date | None:
    """A date from `YYYY-MM-DD` or `D/M[/YYYY]` (ASCII digits only), within bounds."""
    if iso := _ISO_DATE.fullmatch(word):
        year, month, day = (int(g) for g in iso.groups())
    elif dm := _DAY_MONTH.fullmatch(word):
        day, month = int(dm.group(1)), int(dm.group(2))
        year = int(dm.group(3)) if dm.group(3) else _nearest_year(today, month, day)
    else:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValidationError("dates.no_such_date", value=word) from None
    return _bounded(date, word, today)


def _iso_week(word: str, today: dt.date) -> dt.date | None:
    found = _ISO_WEEK.fullmatch(word)
    if not found:
        return None
    try:
        monday = dt.date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        raise ValidationError("dates.no_such_date", value=word) from None
    return _bounded(monday, word, today)


def _nearest_year(today: dt.date, month: int, day: int) -> int:
    """`9/12` typed in late December of one year may mean the next January: the nearest."""
    candidates = [today.year - 1, today.year, today.year + 1]
    try:
        return min(candidates, key=lambda y: abs((dt.date(y, month, day) - today).days))
    except ValueError:
        return today.year


def _bounded(date: dt.date, typed: str, today: dt.date) -> dt.date:
    if abs(date.year - today.year) > MAX_YEARS_AWAY:
        raise ValidationError("dates.out_of_range", value=typed, years=MAX_YEARS_AWAY)
    return date

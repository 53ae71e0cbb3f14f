"""Which days `/tomatic stats …` asks about: a day or a week, this one, the last one or a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tomatic.domain.errors import ValidationError
from tomatic.domain.model import monday_of

EARLIEST = dt.date(2000, 1, 1)
"""No statistics are older than this: an earlier date is a typing mistake."""


class PeriodKind(StrEnum):
    """A single day, or a week from Monday to Sunday."""

    DAY = "day"
    WEEK = "week"


KIND_WORDS = {
    **dict.fromkeys("day dia día today avui hoy".split(), PeriodKind.DAY),
    **dict.fromkeys("week setmana semana".split(), PeriodKind.WEEK),
}
LAST_WORDS = frozenset("last previous yesterday passada passat anterior ahir pasada ayer".split())
NEXT_WORDS = frozenset(
    "next tomorrow propera proper seguent següent demà proxima próxima siguiente mañana".split()
)


@dataclass(frozen=True)
class Period:
    """The days asked about, `first`..`last` included."""

    kind: PeriodKind
    first: dt.date
    last: dt.date


def parse_period(words: list[str], today: dt.date) -> Period:
    """The period named by the words after `/tomatic stats` (today when there are none).

    `[day|week] [last|YYYY-MM-DD]`, in any of our languages: `week` is this week, `week
    last` the previous one, `day last` the previous working day, a date its day (or with
    `week`, its week). The future has no statistics yet: `next` or a later date is refused
    with the reason, as is anything unreadable.
    """
    lowered = [word.lower() for word in words]
    kind = PeriodKind.DAY
    if lowered and lowered[0] in KIND_WORDS:
        kind = KIND_WORDS[lowered[0]]
        lowered = lowered[1:]
    if len(lowered) > 1:
        raise ValidationError("stats.usage", word=" ".join(words))
    date = _day_of(lowered[0], kind, today) if lowered else today
    if date > today:
        raise ValidationError("stats.future", date=date.isoformat())
    if kind == PeriodKind.WEEK:
        monday = monday_of(date)
        return Period(kind, monday, monday + dt.timedelta(days=6))
    return Period(kind, date, date)


def _day_of(word: str, kind: PeriodKind, today: dt.date) -> dt.date:
    if word in LAST_WORDS:
        return today - dt.timedelta(days=7) if kind == PeriodKind.WEEK else _working_before(today)
    if word in NEXT_WORDS:
        days = 7 if kind == PeriodKind.WEEK else 1
        raise ValidationError("stats.future", date=(today + dt.timedelta(days=days)).isoformat())
    if not word.isascii():  # Unicode digits are not dates
        raise ValidationError("stats.usage", word=word)
    try:
        date = dt.date.fromisoformat(word)
    except ValueError:
        raise ValidationError("stats.usage", word=word) from None
    if date < EARLIEST:
        raise ValidationError("stats.too_old", date=date.isoformat())
    return date


def _working_before(day: dt.date) -> dt.date:
    previous = day - dt.timedelta(days=1)
    while previous.weekday() >= 5:
        previous -= dt.timedelta(days=1)
    return previous

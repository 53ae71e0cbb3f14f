"""Which days `/tomatic stats …` asks about: a day or a week, read like every other command's
days and weeks (`tomatic.domain.dates`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tomatic.domain.dates import read_day, read_week
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import monday_of


class PeriodKind(StrEnum):
    """A single day, or a week from Monday to Sunday."""

    DAY = "day"
    WEEK = "week"


KIND_WORDS = {
    **dict.fromkeys("day dia día".split(), PeriodKind.DAY),
    **dict.fromkeys("week setmana semana".split(), PeriodKind.WEEK),
}
PREVIOUS_DAY_WORDS = frozenset("last previous yesterday anterior ahir ayer".split())


@dataclass(frozen=True)
class Period:
    """The days asked about, `first`..`last` included."""

    kind: PeriodKind
    first: dt.date
    last: dt.date


def parse_period(words: list[str], today: dt.date) -> Period:
    """The period named by the words after `/tomatic stats` (today when there are none).

    `[day|week] [when]`, in any of our languages. A week is this one, `next`/`last`, a date
    in it or an ISO week; a day is a date, a weekday (the latest one: this week's unless it
    is still to come, `last wed` the week before), `today`, or `last`/`yesterday` (the
    previous working day). The future has no statistics yet: it is refused with the reason.
    """
    kind = PeriodKind.DAY
    if words and words[0].lower() in KIND_WORDS:
        kind, words = KIND_WORDS[words[0].lower()], words[1:]
    if kind == PeriodKind.WEEK:
        if len(words) > 1:
            raise ValidationError("stats.usage", word=" ".join(words))
        monday = read_week(words[0] if words else None, today)
        _not_future(monday, today)
        return Period(kind, monday, monday + dt.timedelta(days=6))
    day = _day(words, today)
    _not_future(day, today)
    return Period(kind, day, day)


def _day(words: list[str], today: dt.date) -> dt.date:
    if not words:
        return today
    if len(words) == 1 and words[0].lower() in PREVIOUS_DAY_WORDS:
        return _working_before(today)
    ref, used = read_day(words, today)
    if used < len(words):
        raise ValidationError("stats.usage", word=" ".join(words))
    if ref.date is not None or ref.week_shift is not None:
        return ref.next_from(today)
    this_week = ref.in_week(monday_of(today))
    return this_week if this_week <= today else this_week - dt.timedelta(days=7)


def _not_future(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise ValidationError("stats.future", date=day.isoformat())


def _working_before(day: dt.date) -> dt.date:
    previous = day - dt.timedelta(days=1)
    while previous.weekday() >= 5:
        previous -= dt.timedelta(days=1)
    return previous

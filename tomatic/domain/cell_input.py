"""Reading the line numbers and turn starts people type for a cell.

Numbers are checked before anything is built from them: only ASCII digits count (`'²'.isdigit()`
is true, but `int('²')` fails), and a line must be one of the configured lines, so that
`20000000` or `2⁶⁴` is a sentence back, never a timetable allocated that wide.
"""

from __future__ import annotations

import re

from tomatic.domain.errors import ValidationError

_NUMBER = re.compile(r"[0-9]{1,6}")
_HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def read_line(word: str, lines: int) -> int:
    """The 1-based line number `word` names, within `1..lines`.

    Raises:
        ValidationError: timetable.not_a_line (not a number), timetable.bad_line (out of range).
    """
    text = word.strip()
    if not _NUMBER.fullmatch(text):
        raise ValidationError("timetable.not_a_line", value=text[:20], lines=lines)
    number = int(text)
    if not 1 <= number <= lines:
        raise ValidationError("timetable.bad_line", value=number, lines=lines)
    return number


def read_turn(word: str, hours: list[str]) -> int:
    """The index of the turn starting at `word` (`10:15`, or `9:00` for `09:00`).

    Raises:
        ValidationError: timetable.bad_hour, naming the turn starts there are.
    """
    found = _HHMM.fullmatch(word.strip())
    text = f"{int(found.group(1)):02d}:{found.group(2)}" if found else ""
    starts = hours[:-1]
    if text not in starts:
        raise ValidationError(
            "timetable.bad_hour", value=word.strip()[:20], hours=", ".join(starts)
        )
    return starts.index(text)

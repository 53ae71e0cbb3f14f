"""Plain-text legacy files: busy entries, holidays and leaves.

Busy grammar (one entry per line): `[+]PERSON [WEEKDAY|YYYY-MM-DD] [BITMAP] # REASON`.
A leading `+` means unavoidable; no weekday nor date means every weekday; no
bitmap means busy all hours. Blank and comment-only lines are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

from tomatic.domain.model import LEGACY_PERSON_ID_RE, WEEKDAYS, BusyEntry, Holiday
from tomatic.legacy.lines import LineError

HOURS_PER_DAY = 4
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_WEEKDAY_LIKE = re.compile(r"^d[a-z]$")
_BITMAP = re.compile(rf"^[01]{{{HOURS_PER_DAY}}}$")

BusyKind = Literal["busy", "vacation"]


class _Reject(Exception):
    """A line that cannot be imported; the message says why."""


def _one_line(text: str) -> str:
    """`text` without line breaks or tabs, which would break the line format."""
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def _numbered(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _person(token: str) -> tuple[str, bool]:
    """Person id and whether the entry is optional (no leading `+`)."""
    optional = not token.startswith("+")
    person = token.removeprefix("+")
    if not LEGACY_PERSON_ID_RE.match(person):
        raise _Reject(f"bad person id {person!r}: use lowercase letters, digits or _")
    return person, optional


def _when(tokens: list[str]) -> tuple[str | None, dt.date | None]:
    """Consume a leading weekday or date token, if any."""
    if not tokens:
        return None, None
    token = tokens[0]
    if token in WEEKDAYS:
        return tokens.pop(0), None
    if _DATE_LIKE.match(token):
        tokens.pop(0)
        try:
            return None, dt.date.fromisoformat(token)
        except ValueError:
            raise _Reject(f"{token!r} is not a valid date (YYYY-MM-DD)") from None
    if _WEEKDAY_LIKE.match(token):
        raise _Reject(f"unknown weekday {token!r}: expected one of {', '.join(WEEKDAYS)}")
    return None, None


def _bitmap(tokens: list[str]) -> str:
    if not tokens:
        return "1" * HOURS_PER_DAY
    bitmap = tokens.pop(0)
    if not _BITMAP.match(bitmap):
        raise _Reject(
            f"expected {HOURS_PER_DAY} characters of 0 and 1 (1 = busy hour), found {bitmap!r}"
        )
    if tokens:
        raise _Reject(f"unexpected text {' '.join(tokens)!r} before the '#'")
    return bitmap


def parse_busy_line(line: str, kind: BusyKind = "busy") -> BusyEntry | None:
    """Parse one busy line; None for blank or comment-only lines.

    Raises ValueError with a specific message when the line cannot be imported.
    """
    row, hash_sign, reason = line.partition("#")
    tokens = row.split()
    if not tokens:
        return None
    if not hash_sign or not reason.strip():
        raise ValueError("missing reason: write it after a '#' sign")
    try:
        person, optional = _person(tokens.pop(0))
        weekday, date = _when(tokens)
        turns = _bitmap(tokens)
    except _Reject as error:
        raise ValueError(str(error)) from None
    return BusyEntry(
        person=person,
        weekday=weekday,
        date=date,
        turns=turns,
        optional=optional,
        reason=reason.strip(),
        kind=kind,
    )


def parse_busy(
    text: str, file: str, kind: BusyKind = "busy"
) -> tuple[list[BusyEntry], list[LineError]]:
    """Parse a busy file (`indisponibilitats.conf`, `oneshot.conf`, vacations).

    Returns the importable entries in file order and one error per rejected line.
    """
    entries: list[BusyEntry] = []
    errors: list[LineError] = []
    for number, line in _numbered(text):
        try:
            entry = parse_busy_line(line, kind)
        except ValueError as error:
            errors.append(LineError(file, number, str(error)))
            continue
        if entry is not None:
            entries.append(entry)
    return entries, errors


def format_busy_line(entry: BusyEntry) -> str:
    """One busy line; an every-day entry leaves the weekday empty (two spaces)."""
    mark = "" if entry.optional else "+"
    when = entry.date.isoformat() if entry.date else entry.weekday or ""
    reason = _one_line(entry.reason)
    return f"{mark}{entry.person} {when} {entry.turns} # {reason}"


def format_busy(entries: list[BusyEntry]) -> str:
    """A busy file holding `entries` in order."""
    return "".join(format_busy_line(entry) + "\n" for entry in entries)


def parse_holidays(text: str, file: str) -> tuple[list[Holiday], list[LineError]]:
    """Parse `holidays.conf`: one `YYYY-MM-DD<TAB>name` per line, blank lines skipped."""
    holidays: list[Holiday] = []
    errors: list[LineError] = []
    for number, line in _numbered(text):
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 2:
            errors.append(LineError(file, number, "expected 'YYYY-MM-DD<TAB>name'"))
            continue
        try:
            day = dt.date.fromisoformat(fields[0].strip())
        except ValueError:
            errors.append(LineError(file, number, f"{fields[0]!r} is not a date (YYYY-MM-DD)"))
            continue
        holidays.append(Holiday(date=day, name=fields[1].strip()))
    return holidays, errors


def format_holidays(holidays: list[Holiday]) -> str:
    """`holidays.conf` text for `holidays`."""
    return "".join(f"{h.date.isoformat()}\t{_one_line(h.name)}\n" for h in holidays)


def parse_leaves(text: str, file: str) -> tuple[list[str], list[LineError]]:
    """Parse `leaves.conf`: whitespace-separated ids of persons on leave all week."""
    persons: list[str] = []
    errors: list[LineError] = []
    for number, line in _numbered(text):
        for token in line.split():
            if LEGACY_PERSON_ID_RE.match(token):
                persons.append(token)
            else:
                errors.append(LineError(file, number, f"bad person id {token!r}"))
    return persons, errors


def format_leaves(persons: list[str]) -> str:
    """`leaves.conf` text: one person per line."""
    return "".join(f"{person}\n" for person in persons)

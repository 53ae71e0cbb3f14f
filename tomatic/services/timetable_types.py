"""What the timetable service returns: turns with people, my turns, publish results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tomatic.domain.errors import ConflictError
from tomatic.domain.model import Person


class AlreadyPublishedError(ConflictError):
    """The week already has a published timetable: publishing again needs a confirmation."""

    key = "timetable.already_published"


@dataclass
class TurnPeople:
    """The people of one turn on one date."""

    date: dt.date
    day: str
    hour: int
    label: str
    people: list[Person]


@dataclass
class WhoIsOn:
    """Who is on the phones now and in the next turn (None: no turn / nothing published)."""

    now: TurnPeople | None
    next: TurnPeople | None


@dataclass
class MyTurn:
    """One turn of a person."""

    week: dt.date
    date: dt.date
    day: str
    hour: int
    label: str
    line: int
    past: bool


@dataclass(frozen=True)
class VersionEvent:
    """A version of a week was published or discarded: by whom and when."""

    what: str  # "published" or "discarded"
    week: dt.date
    version: int
    actor: Person
    at: dt.datetime


@dataclass
class PublishResult:
    """What publishing did: the week, its version and how many people got their turns."""

    week: dt.date
    version: int
    notified: int
    replaced: int | None

"""Core domain vocabulary of Tomàtic.

Glossary of the original Catalan terms, used only here:
torn = turn (a time slot of the day), graella = timetable, línia/telèfon = line,
indisponibilitat = busy entry, setmanal = weekly, puntual = one-off, opcional = optional,
festiu = holiday, vacances = days off, baixa = leave, càrrega = load,
bossa d'hores = shift credit, ningu = nobody (an empty cell), centraleta = PBX, trucada = call.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

WEEKDAYS: tuple[str, ...] = ("dl", "dm", "dx", "dj", "dv")
"""Weekday codes Monday..Friday, as every file of the original uses them."""

NOBODY = "ningu"
HOLIDAY_CELL = "festiu"

PERSON_ID_RE = re.compile(r"^[a-z]{3,10}$")
LEGACY_PERSON_ID_RE = re.compile(r"^[a-z0-9_]{1,32}$")
COLOR_RE = re.compile(r"^[0-9a-fA-F]{6}$|^[0-9a-fA-F]{3}$")
EXTENSION_RE = re.compile(r"^[0-9]{1,10}$")
TURNS_RE = re.compile(r"^[01]+$")

LANGUAGES: tuple[str, ...] = ("ca", "es", "en")


def monday_of(day: dt.date) -> dt.date:
    """Return the Monday of the week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def weekday_code(day: dt.date) -> str | None:
    """Return `dl`..`dv` for a weekday date, None on weekends."""
    index = day.weekday()
    return WEEKDAYS[index] if index < len(WEEKDAYS) else None


def date_of(week: dt.date, weekday: str) -> dt.date:
    """Return the date of weekday code `weekday` in the week starting on Monday `week`."""
    return week + dt.timedelta(days=WEEKDAYS.index(weekday))


class Person(BaseModel):
    """Someone who may answer calls (or coordinate those who do)."""

    model_config = ConfigDict(validate_assignment=True)

    id: str
    name: str = ""
    email: str = ""
    extension: str = ""
    erp_user: str = ""
    table: int = -1
    color: str = "aaaaff"
    ideal_load: int | None = None
    slack_user_id: str = ""
    language: str = ""
    groups: list[str] = Field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The name to show: the stored one or the capitalised id."""
        return self.name or self.id.capitalize()

    @property
    def is_admin(self) -> bool:
        """Coordinators are the members of group `admin`."""
        return "admin" in self.groups

    def may_act_for(self, subject_id: str | None) -> bool:
        """People act on their own things; coordinators act on anyone's."""
        return self.is_admin or subject_id == self.id

    def ref(self) -> dict[str, str]:
        """How a message names this person: id, display name and Slack user id, so that
        the message can mention them (or show the name when they are not on Slack)."""
        return {"id": self.id, "name": self.display_name, "slack_user_id": self.slack_user_id}


class BusyEntry(BaseModel):
    """A period a person cannot (or prefers not to) take phone turns.

    Weekly entries have `date` None and a `weekday` (None meaning every weekday);
    one-off entries have a `date` and no weekday. `turns` has one character per turn,
    `1` meaning busy.
    """

    id: str = ""
    person: str
    weekday: str | None = None
    date: dt.date | None = None
    turns: str = "1111"
    optional: bool = False
    reason: str
    kind: Literal["busy", "vacation"] = "busy"

    @field_validator("turns")
    @classmethod
    def _bitmap(cls, value: str) -> str:
        if not TURNS_RE.match(value):
            raise ValueError(f"turns must be a string of 0 and 1, got {value!r}")
        return value

    @property
    def unavoidable(self) -> bool:
        """Required entries and days off keep the person off the phones; optional ones are
        only avoided when possible."""
        return not self.optional or self.kind == "vacation"

    @property
    def is_weekly(self) -> bool:
        """True for entries that repeat every week."""
        return self.date is None

    def applies_to_week(self, week: dt.date) -> bool:
        """Whether the entry affects the week starting on Monday `week`."""
        if self.date is None:
            return True
        return week <= self.date <= week + dt.timedelta(days=4)

    def days_in_week(self, week: dt.date, business_days: list[str]) -> list[str]:
        """Weekday codes of `week` (among `business_days`) the entry covers."""
        if not self.applies_to_week(week):
            return []
        if self.date is not None:
            code = weekday_code(self.date)
            return [code] if code in business_days else []
        if self.weekday is None:
            return list(business_days)
        return [self.weekday] if self.weekday in business_days else []

    def busy_turns(self) -> list[int]:
        """Indices of the turns marked busy."""
        return [i for i, bit in enumerate(self.turns) if bit == "1"]


class Holiday(BaseModel):
    """A date nobody works."""

    date: dt.date
    name: str = ""

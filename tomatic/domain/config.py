"""The planning configuration: hours, lines, limits and penalty weights."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from tomatic.domain.fairness import DEFAULT_WEEKS, MAX_WEEKS

HOUR_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class PlanningConfig(BaseModel):
    """What `data/config.yaml` holds. Hours are the turn boundaries: n+1 of them for n turns."""

    hours: list[str] = Field(default_factory=lambda: ["09:00", "10:15", "11:30", "12:45", "14:00"])
    lines: int = Field(8, ge=1, le=100)
    max_per_day: int = Field(2, ge=1, le=12)
    max_per_day_by_person: dict[str, int] = Field(default_factory=dict)
    max_overload: int = Field(0, ge=0)
    adjust_lines: bool = True
    max_per_table: int | None = None
    max_phoning_in_group: dict[str, int] = Field(default_factory=dict)
    min_idle_in_group: dict[str, int] = Field(default_factory=dict)
    max_nobody_per_turn_in_edition: int = Field(2, ge=0)
    weights: dict[str, int] = Field(default_factory=dict)
    fairness_weeks: int = Field(DEFAULT_WEEKS, ge=1, le=MAX_WEEKS)
    time_limit_s: float = Field(30.0, gt=0)
    warning_minutes: int = Field(5, ge=0, le=60)
    monitor_minutes: int = Field(2, ge=1, le=60)
    weekly_plan: str = Field("sun 22:00")
    reload_extensions: str | None = None
    backup_time: str | None = "03:30"
    slack_sync_time: str | None = "07:30"
    swaps_need_approval: bool = False
    erp: dict[str, object] = Field(default_factory=dict)

    @field_validator("hours")
    @classmethod
    def _hours(cls, hours: list[str]) -> list[str]:
        hours = [str(h) for h in hours]
        if len(hours) < 2:
            raise ValueError("needs at least two boundaries (one turn)")
        for hour in hours:
            if not HOUR_RE.match(hour):
                raise ValueError(f"{hour!r} is not a HH:MM time")
        if hours != sorted(hours) or len(set(hours)) != len(hours):
            raise ValueError("boundaries must be strictly increasing")
        return hours

    @field_validator("backup_time", "slack_sync_time")
    @classmethod
    def _backup_time(cls, value: str | None) -> str | None:
        if value is not None and not HOUR_RE.match(str(value)):
            raise ValueError(f"{value!r} is not a HH:MM time")
        return value

    @property
    def turns(self) -> int:
        """Turns per day."""
        return len(self.hours) - 1

    def turn_label(self, index: int) -> str:
        """`09:00–10:15` for turn `index`."""
        return f"{self.hours[index]}–{self.hours[index + 1]}"

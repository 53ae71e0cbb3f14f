"""Who could take a turn of a stored timetable: the planner's candidates in people's terms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tomatic.domain.timetable import Timetable
from tomatic.planner.candidates import candidates
from tomatic.ports import PersonStore
from tomatic.services.planning import PlanningService
from tomatic.services.timetable import TimetableService


class CandidateService:
    """Asks the planner who could take (or swap) a turn without breaking a hard rule."""

    def __init__(
        self, timetable: TimetableService, planning: PlanningService, persons: PersonStore
    ) -> None:
        self.timetable = timetable
        self.planning = planning
        self.persons = persons

    async def candidates(self, week: dt.date, day: str, hour_hhmm: str) -> list[dict[str, Any]]:
        """Who could take (or swap) a turn of the published (else newest) timetable.

        Returns the planner's candidate dicts, cheapest first, with `line` 1-based, a `name`,
        and `swap` as {day code, hour HH:MM, line 1-based}.
        """
        _, timetable = await self.timetable.current(week)
        day, hour, _ = timetable.locate(day, hour_hhmm)
        names = {p.id: p.display_name for p in await self.persons.all()}
        return await self.for_turn(timetable, day, hour, names)

    async def takers(self, timetable: Timetable, day: str, hour: int, line: int) -> list[str]:
        """Who may take line `line` (0-based) of a turn from its holder, sorted: room for
        one more turn each, as a swap gives."""
        found = await self.for_turn(timetable, day, hour, {}, 1, line, swaps=False)
        return sorted({c["person"] for c in found if c["kind"] == "take" and c["line"] == line + 1})

    async def for_turn(
        self,
        timetable: Timetable,
        day: str,
        hour: int,
        names: dict[str, str],
        extra_load: int = 0,
        line: int | None = None,
        swaps: bool = True,
    ) -> list[dict[str, Any]]:
        """The planner's candidates for turn `hour` of `day` (one 0-based `line` of it, or
        every one; takers only without `swaps`), in people's terms."""
        problem = await self.planning.problem_for(timetable, extra_load)
        if day not in problem.days:
            return []
        grid, index = timetable.grid(problem.days), problem.days.index(day)
        found = candidates(problem, grid, index, hour, line, swaps)
        for entry in found:
            entry["line"] += 1
            entry["name"] = names.get(entry["person"], entry["person"])
            if entry["swap"] is not None:
                swap = entry["swap"]
                entry["swap"] = {
                    "day": problem.days[swap["day"]],
                    "hour": timetable.hours[swap["hour"]],
                    "line": swap["line"] + 1,
                }
        return found

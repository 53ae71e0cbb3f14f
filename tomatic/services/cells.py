"""Changing cells by hand (a coordinator's edit, a swap) under the planner's hard rules, and
the fixed-turns template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tomatic.domain.cell_input import read_line, read_turn
from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import NotFoundError, ValidationError
from tomatic.domain.model import NOBODY, WEEKDAYS, Person, date_of, monday_of, weekday_code
from tomatic.domain.swaps import CellRuleError
from tomatic.domain.timetable import Cell, CellChange, ForcedTurn, Timetable
from tomatic.planner.instance import Entry
from tomatic.planner.validation import Violation, change_violations
from tomatic.ports import BusyStore, ForcedTurnStore, PersonStore, TimetableStore
from tomatic.services.identity import IdentityService
from tomatic.services.problem import edit_problem
from tomatic.services.timetable import TimetableService

NOBODY_WORDS = ("nobody", NOBODY, "ningú", "nadie", "none", "-")
RULE_KEYS = {
    "busy": "timetable.rule.busy",
    "duplicate": "timetable.rule.twice",
    "daily": "timetable.rule.daily_max",
    "table": "timetable.rule.table",
    "group": "timetable.rule.group",
}
"""The refusal of each hard rule of `tomatic.planner.validation`, most telling first."""


class CellService:
    """Puts people on cells, one change at a time, each logged and moving the shift credit."""

    def __init__(
        self,
        timetable: TimetableService,
        timetables: TimetableStore,
        forced: ForcedTurnStore,
        persons: PersonStore,
        busy: BusyStore,
        identity: IdentityService,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.timetable = timetable
        self.timetables = timetables
        self.forced_turns = forced
        self.persons = persons
        self.busy = busy
        self.identity = identity
        self.config = config
        self.now = now

    async def set_cell(
        self, actor: Person, date: dt.date, hour_hhmm: str, line: str, who: str
    ) -> CellChange:
        """Put a person (or nobody) on a cell of the published (else newest) version of the
        week of `date` (coordinators), keeping the hard rules; `line` is typed, 1-based.

        Raises:
            PermissionDeniedError, ValidationError (the cell as typed), CellRuleError.
        """
        self.identity.require_admin(actor, "timetable.denied.set")
        code = weekday_code(date)
        if code is None:
            raise ValidationError("dates.weekend", value=date)
        version, timetable = await self.timetable.current(monday_of(date))
        cell = timetable.locate(code, hour_hhmm, line)
        new = None if _nobody(who) else (await self.identity.target(who, actor)).id
        return await self.change_cell(actor.id, version, timetable, cell, new)

    async def change_cell(
        self, actor_id: str, version: int, timetable: Timetable, cell: Cell, new: str | None
    ) -> CellChange:
        """Check the rules, apply one change to a stored version and return its log entry.

        Raises:
            CellRuleError: timetable.rule.{over,unchanged,empty,too_many_holes,busy,twice,daily_max,
                table,group}.
        """
        self._refuse_past(timetable, cell)
        await self.check(timetable, cell, new)
        changed, change = timetable.with_change(cell, new, actor_id, self.now())
        await self.timetables.replace(changed, version, actor_id, change.model_dump(mode="json"))
        return change

    def _refuse_past(self, timetable: Timetable, cell: Cell) -> None:
        """A turn that has ended is history: it is not rewritten (the running one may be)."""
        day, hour, _ = cell
        now = self.now()
        if timetable.end_of(day, hour, now.tzinfo or dt.UTC) <= now:
            date = date_of(timetable.week, day)
            raise CellRuleError("timetable.rule.over", day=date, turn=timetable.turn_label(hour))

    async def check(self, timetable: Timetable, cell: Cell, new: str | None) -> None:
        """Refuse a change of `cell` to `new` (None: a hole) that breaks a rule."""
        day, hour, line = cell
        people = timetable.turn(day, hour)
        if people[line] == new:
            raise CellRuleError("timetable.rule.unchanged" if new else "timetable.rule.empty")
        if new is None:
            limit = self.config.max_nobody_per_turn_in_edition
            if sum(p is None for i, p in enumerate(people) if i != line) >= limit:
                raise CellRuleError("timetable.rule.too_many_holes", limit=limit)
            return
        persons = await self.persons.all()
        entries, leaves = await self.busy.all(), await self.busy.leaves(timetable.week)
        problem, reasons = edit_problem(timetable, persons, entries, leaves, self.config)
        changed, _ = timetable.with_change(cell, new, "check", self.now())
        turn = (problem.days.index(day), hour)
        broken = change_violations(problem, timetable.grid(), changed.grid(), turn, new)
        if broken:
            name = next((p.display_name for p in persons if p.id == new), new)
            raise _refusal(broken, new, name, problem.daily_max(new), reasons)

    async def forced(self) -> list[ForcedTurn]:
        """The fixed-turns template: (day, hour index, line index, person or nobody), Monday
        to Friday, then by turn and line."""
        rows = await self.forced_turns.forced_turns()
        return sorted(rows, key=lambda r: (WEEKDAYS.index(r[0]), r[1], r[2]))

    async def set_forced(
        self, actor: Person, weekday: str, hour_hhmm: str, line: str, who: str | None
    ) -> list[ForcedTurn]:
        """Add (who given) or remove (who None) a forced turn (coordinators). The weekday is a
        code `dl`…`dv`, the turn and the line as typed; the line is one of the configured ones."""
        self.identity.require_admin(actor, "forced.denied")
        if weekday not in WEEKDAYS:
            raise ValidationError("timetable.bad_day", value=weekday)
        hour = read_turn(hour_hhmm, self.config.hours)
        index = read_line(line, self.config.lines) - 1
        person = None
        if who is not None:
            person = NOBODY if _nobody(who) else (await self.identity.target(who, actor)).id
        before = await self.forced()
        rows = [r for r in before if r[:3] != (weekday, hour, index)]
        if person is not None:
            rows.append((weekday, hour, index, person))
        elif len(rows) == len(before):
            raise NotFoundError("forced.no_entry", weekday=weekday, hour=hour_hhmm, line=index + 1)
        await self.forced_turns.save_forced_turns(sorted(rows), actor.id)
        return await self.forced()


def _nobody(who: str) -> bool:
    return who.strip().lower() in NOBODY_WORDS


def _refusal(
    broken: list[Violation], person: str, who: str, daily_max: int, reasons: dict[Entry, str]
) -> CellRuleError:
    """The refusal of the most telling broken rule, naming the person placed as `who`."""
    order = list(RULE_KEYS)
    found = min(broken, key=lambda v: order.index(v.rule) if v.rule in order else len(order))
    key = RULE_KEYS.get(found.rule, "timetable.rule.generic")
    if found.rule == "busy" and found.day is not None and found.hour is not None:
        reason = reasons.get((found.day, found.hour, person), "")
        return CellRuleError(key, who=who, reason=reason)
    if found.rule == "daily":
        return CellRuleError(key, who=who, limit=daily_max)
    return CellRuleError(key, who=who)

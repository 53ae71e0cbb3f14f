"""The weekly shift load: how many turns each person takes in a given week.

Steps (docs/planning.md explains each rule and every deviation from the original):
ideal → ponderated by working days → rounded → bounded by capacity and overload →
completed to the number of cells → debts compensated → final, padded with `ningu`,
and optionally whole empty lines removed.
"""

from __future__ import annotations

from typing import Any

from tomatic.domain.load_capacity import business_days, busy_strings, days_off, week_capacity
from tomatic.domain.load_completion import compensate_debts, complete_load
from tomatic.domain.load_model import LoadInputs, LoadNote, LoadResult, PersonLoad
from tomatic.domain.model import WEEKDAYS

__all__ = ["LoadInputs", "LoadResult", "PersonLoad", "LoadNote", "compute_load"]


class _Trace(list[LoadNote]):
    def note(self, key: str, text: str, **params: Any) -> None:
        self.append(LoadNote(key=key, params=params, text=text.format(**params)))


def _person_base(inputs: LoadInputs, person: str, days: list[str]) -> PersonLoad:
    """Ideal, ponderated, rounded, capacity and bounds of one person."""
    on_leave = person in inputs.leaves
    away = days_off(inputs.busy, person, inputs.week, days)
    working = 0 if on_leave else len(days) - len(away)
    ideal = inputs.ideal_loads[person]
    ponderated = ideal * working / len(WEEKDAYS)
    bitmaps = busy_strings(inputs.busy, person, inputs.week, days, inputs.hours_per_day)
    daily_max = inputs.daily_max.get(person, inputs.daily_max_general)
    capacity = 0 if on_leave else week_capacity(bitmaps, daily_max)
    augmented = ponderated + inputs.max_overload
    upper = round(min(augmented, capacity))
    rounded = round(ponderated)
    return PersonLoad(
        person=person,
        ideal=ideal,
        working_days=working,
        ponderated=ponderated,
        rounded=rounded,
        capacity=capacity,
        augmented=augmented,
        upper_bound=upper,
        bounded=min(rounded, upper),
    )


def _credits(inputs: LoadInputs, persons: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Loaded credit (restricted to the distribution) and the working credit to start with."""
    loaded = {p: float(inputs.credit.get(p, 0.0)) for p in persons}
    working = dict.fromkeys(persons, 0.0) if inputs.forgive else dict(loaded)
    return loaded, working


def _note_ignored_busy(inputs: LoadInputs, trace: _Trace) -> None:
    outsiders = sorted({e.person for e in inputs.busy} - set(inputs.ideal_loads))
    for person in outsiders:
        trace.note(
            "load.busy_ignored",
            "Ignoring busy entries of {person}, who is not in the distribution",
            person=person,
        )


def _note_bounded(rows: dict[str, PersonLoad], trace: _Trace) -> None:
    for row in rows.values():
        if row.bounded != row.rounded:
            trace.note(
                "load.bounded",
                "{person} cannot do {rounded} turns because of busy entries, only {bounded}",
                person=row.person,
                rounded=row.rounded,
                bounded=row.bounded,
            )


def _complete(inputs: LoadInputs, rows: dict[str, PersonLoad], cells: int, trace: _Trace) -> None:
    """Completion and compensation, recording each stage on the rows."""
    loaded, credit = _credits(inputs, list(rows))
    for person, row in rows.items():
        row.loaded_credit, row.initial_credit = loaded[person], credit[person]
    loads = {p: row.bounded for p, row in rows.items()}
    upper = {p: row.upper_bound for p, row in rows.items()}
    trace.note(
        "load.completing",
        "Completing the load from {total} to {cells}",
        total=sum(loads.values()),
        cells=cells,
    )
    complete_load(loads, credit, upper, cells)
    trace.note("load.completed", "Load reached: {total}", total=sum(loads.values()))
    for person, row in rows.items():
        row.complete = loads[person]
    for debtor, creditor in compensate_debts(loads, credit, upper):
        trace.note(
            "load.compensated",
            "One turn moved from {creditor} to {debtor}",
            debtor=debtor,
            creditor=creditor,
        )
    for person, row in rows.items():
        row.compensated = row.final = loads[person]
        row.overload = round(row.compensated - row.ponderated, 1)
        row.final_credit = credit[person]


def _pad(result: LoadResult, adjust_lines: bool, trace: _Trace) -> None:
    """Give the missing turns to `ningu` and, if asked, drop whole empty lines."""
    total = sum(row.final for row in result.persons.values())
    if total >= result.cells:
        trace.note("load.success", "A load of {cells} turns was achieved", cells=result.cells)
        return
    result.padded = True
    result.nobody = result.cells - total
    trace.note(
        "load.padded",
        "{total} turns do not reach the {cells} required: {nobody} go to ningu",
        total=total,
        cells=result.cells,
        nobody=result.nobody,
    )
    turns_per_line = len(result.business_days) * result.hours_per_day
    if not adjust_lines or turns_per_line == 0:
        return
    removed, result.nobody = divmod(result.nobody, turns_per_line)
    if removed:
        result.line_count -= removed
        result.cells = turns_per_line * result.line_count
        trace.note(
            "load.lines_removed",
            "{removed} empty lines removed, {lines} remain",
            removed=removed,
            lines=result.line_count,
        )


def compute_load(inputs: LoadInputs) -> LoadResult:
    """Compute the weekly load of every person in `inputs.ideal_loads`.

    Reproduces the original Tomàtic (`shiftload.py`) step by step, except for
    the defects fixed and documented in docs/planning.md.
    """
    trace = _Trace()
    days = business_days(inputs.week, inputs.holidays)
    cells = len(days) * inputs.hours_per_day * inputs.line_count
    _note_ignored_busy(inputs, trace)
    rows = {p: _person_base(inputs, p, days) for p in sorted(inputs.ideal_loads)}
    trace.note(
        "load.rounded", "{total} turns come out", total=sum(r.rounded for r in rows.values())
    )
    _note_bounded(rows, trace)
    _complete(inputs, rows, cells, trace)
    result = LoadResult(
        week=inputs.week,
        business_days=days,
        hours_per_day=inputs.hours_per_day,
        requested_line_count=inputs.line_count,
        line_count=inputs.line_count,
        cells=cells,
        persons=rows,
    )
    _pad(result, inputs.adjust_lines, trace)
    result.trace = list(trace)
    return result

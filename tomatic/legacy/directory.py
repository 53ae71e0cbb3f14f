"""Reading and writing a whole directory of the original Tomàtic's files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tomatic.domain.model import BusyEntry, Holiday, Person
from tomatic.legacy import formats as f
from tomatic.legacy.formats import ForcedTurns, LegacyConfig, LegacyTimetable, LineError
from tomatic.legacy.text_formats import BusyKind

CONFIG = "config.yaml"
PERSONS = "persons.yaml"
IDEAL_LOADS = "idealshifts.yaml"
CREDIT = "shiftcredit.yaml"
WEEKLY_BUSY = "indisponibilitats.conf"
ONESHOT_BUSY = "oneshot.conf"
VACATIONS = "indisponibilitats-vacances.conf"
HOLIDAYS = "holidays.conf"
LEAVES = "leaves.conf"
FORCED_TURNS = "forced-turns.yaml"
TIMETABLES = "graelles"
_TIMETABLE_NAME = re.compile(r"^graella-(\d{4}-\d{2}-\d{2})\.yaml$")


class LegacyBundle(BaseModel):
    """Everything imported from a legacy directory.

    `persons` is sorted by id; a person's `ideal_load` (None = not answering the
    phone) comes from `idealshifts.yaml` when present, else from `persons.yaml`.
    `vacations` are weekday-relative entries of kind "vacation": the caller
    attaches them to a week. `config` and `forced_turns` are None when absent.
    """

    config: LegacyConfig | None = None
    persons: list[Person] = Field(default_factory=list)
    weekly_busy: list[BusyEntry] = Field(default_factory=list)
    oneshot_busy: list[BusyEntry] = Field(default_factory=list)
    vacations: list[BusyEntry] = Field(default_factory=list)
    holidays: list[Holiday] = Field(default_factory=list)
    leaves: list[str] = Field(default_factory=list)
    shift_credit: dict[str, float] = Field(default_factory=dict)
    forced_turns: ForcedTurns | None = None
    timetables: list[LegacyTimetable] = Field(default_factory=list)

    def ideal_loads(self) -> dict[str, int]:
        """Person → ideal load, for those who enter the distribution."""
        return {p.id: p.ideal_load for p in self.persons if p.ideal_load is not None}


def _read(
    path: Path,
    name: str,
    parse: Callable[[str, str], tuple[Any, list[LineError]]],
    errors: list[LineError],
) -> Any:
    """Parse file `name` under `path` if it exists; None when absent or unreadable."""
    file = path / name
    if not file.is_file():
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        errors.append(LineError(name, 0, f"cannot read the file: {error}"))
        return None
    value, found = parse(text, name)
    errors.extend(found)
    return value


def _busy(kind: BusyKind) -> Callable[[str, str], tuple[list[BusyEntry], list[LineError]]]:
    return lambda text, file: f.parse_busy(text, file, kind)


def _merge_ideal_loads(persons: list[Person] | None, loads: dict[str, int] | None) -> list[Person]:
    """persons.yaml persons with the ideal loads of idealshifts.yaml, when given."""
    by_id = {p.id: p for p in persons or []}
    if loads is not None:
        for person in by_id.values():
            person.ideal_load = loads.get(person.id)
        for person_id, load in loads.items():
            by_id.setdefault(person_id, Person(id=person_id, ideal_load=load))
    return [by_id[key] for key in sorted(by_id)]


def _read_timetables(path: Path, errors: list[LineError]) -> list[LegacyTimetable]:
    folder = path / TIMETABLES
    timetables = []
    for file in sorted(folder.glob("graella-*.yaml")) if folder.is_dir() else []:
        name = f"{TIMETABLES}/{file.name}"
        timetable = _read(path, name, f.parse_timetable, errors)
        match = _TIMETABLE_NAME.match(file.name)
        if timetable is None:
            continue
        if not match or match.group(1) != timetable.week.isoformat():
            errors.append(LineError(name, 0, f"file name does not match week {timetable.week}"))
            continue
        timetables.append(timetable)
    return timetables


def read_legacy_dir(path: Path | str) -> tuple[LegacyBundle, list[LineError]]:
    """Import whichever legacy files exist in directory `path`.

    Returns the bundle and every line that could not be imported (line 0 = the
    whole file). Never raises on bad content.
    """
    path = Path(path)
    errors: list[LineError] = []
    persons = _read(path, PERSONS, f.parse_persons, errors)
    loads = _read(path, IDEAL_LOADS, f.parse_ideal_loads, errors)
    bundle = LegacyBundle(
        config=_read(path, CONFIG, f.parse_config, errors),
        persons=_merge_ideal_loads(persons, loads),
        weekly_busy=_read(path, WEEKLY_BUSY, _busy("busy"), errors) or [],
        oneshot_busy=_read(path, ONESHOT_BUSY, _busy("busy"), errors) or [],
        vacations=_read(path, VACATIONS, _busy("vacation"), errors) or [],
        holidays=_read(path, HOLIDAYS, f.parse_holidays, errors) or [],
        leaves=_read(path, LEAVES, f.parse_leaves, errors) or [],
        shift_credit=_read(path, CREDIT, f.parse_credit, errors) or {},
        forced_turns=_read(path, FORCED_TURNS, f.parse_forced_turns, errors),
        timetables=_read_timetables(path, errors),
    )
    return bundle, sorted(errors)


def _files(bundle: LegacyBundle) -> dict[str, str]:
    files = {
        PERSONS: f.format_persons(bundle.persons),
        IDEAL_LOADS: f.format_ideal_loads(bundle.ideal_loads()),
        CREDIT: f.format_credit(bundle.shift_credit),
        WEEKLY_BUSY: f.format_busy(bundle.weekly_busy),
        ONESHOT_BUSY: f.format_busy(bundle.oneshot_busy),
        VACATIONS: f.format_busy(bundle.vacations),
        HOLIDAYS: f.format_holidays(bundle.holidays),
        LEAVES: f.format_leaves(bundle.leaves),
    }
    if bundle.config is not None:
        files[CONFIG] = f.format_config(bundle.config)
    if bundle.forced_turns is not None:
        files[FORCED_TURNS] = f.format_forced_turns(bundle.forced_turns)
    for timetable in bundle.timetables:
        name = f"{TIMETABLES}/{f.timetable_file_name(timetable.week)}"
        files[name] = f.format_timetable(timetable)
    return files


def write_legacy_dir(bundle: LegacyBundle, path: Path | str) -> list[Path]:
    """Write `bundle` as legacy files under `path` (created if needed); returns the files."""
    path = Path(path)
    written = []
    for name, text in _files(bundle).items():
        file = path / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        written.append(file)
    return written

"""Bulk import and export of the original's files, in one transaction."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import transaction
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.timetables import PUBLISHED, SqliteTimetables
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import Person
from tomatic.legacy.directory import LegacyBundle
from tomatic.legacy.formats import LegacyConfig
from tomatic.services import legacy as conv

ACTOR = conv.ACTOR


def import_bundle(
    db: sqlite_utils.Database, bundle: LegacyBundle, week: dt.date
) -> conv.ImportReport:
    """Store everything of `bundle`; day-off entries and the credit belong to `week`."""
    report = conv.ImportReport(rejected=conv.invalid_person_ids(bundle))
    bad_ids = {e.message.split("'")[1] for e in report.rejected}
    persons, busy = SqlitePersons(db), SqliteBusy(db)
    timetables = SqliteTimetables(db)
    with transaction(db):
        report.count(
            "persons", _import_persons(persons, [p for p in bundle.persons if p.id not in bad_ids])
        )
        entries = (
            bundle.weekly_busy + bundle.oneshot_busy + conv.dated_vacations(bundle.vacations, week)
        )
        report.count("busy entries", busy.add_many(entries, ACTOR))
        report.count("holidays", busy.save_holidays(bundle.holidays, ACTOR))
        report.count("leaves", busy.save_leaves(week, bundle.leaves, ACTOR))
        if bundle.shift_credit:
            report.count("credit", busy.save_credit_baseline(bundle.shift_credit, week, ACTOR))
        if bundle.config is not None:
            overrides = conv.config_overrides(bundle.config)
            report.count("settings", SqliteConfigOverrides(db).save(overrides, ACTOR))
        if bundle.forced_turns is not None:
            changed = timetables.save_forced_turns(
                conv.forced_from_legacy(bundle.forced_turns), ACTOR
            )
            report.count("forced turns", int(changed))
        for legacy in bundle.timetables:
            timetable = conv.timetable_from_legacy(legacy)
            if not timetables.find_same(timetable):
                timetables.save(timetable, PUBLISHED, ACTOR)
                report.count("timetables", 1)
    return report


def _import_persons(store: SqlitePersons, persons: list[Person]) -> int:
    changed = 0
    for person in persons:
        current = store.get(person.id)
        merged = _merge(current, person)
        if current is None or merged != current:
            store.save(merged, ACTOR)
            changed += 1
    return changed


def _merge(current: Person | None, incoming: Person) -> Person:
    """What the legacy files say wins; what they do not say stays as stored: a field with no
    line for the person, or whose line was refused (a name breaking the name rule blanks
    nothing), and the Slack link and language, which the files never hold. When the e-mail
    changed, the Slack link is dropped, to be found again by e-mail."""
    if current is None:
        return incoming
    said = incoming.model_fields_set - {"id", "slack_user_id", "language"}
    merged = current.model_copy(update={field: getattr(incoming, field) for field in said})
    if current.email.lower() != merged.email.lower():
        merged = merged.model_copy(update={"slack_user_id": ""})
    return merged


def export_bundle(db: sqlite_utils.Database, config: PlanningConfig) -> LegacyBundle:
    """Everything stored, as a bundle the legacy writer turns into files."""
    persons, busy = SqlitePersons(db), SqliteBusy(db)
    timetables = SqliteTimetables(db)
    everyone = persons.all()
    entries = busy.all()
    credit, _ = busy.credit_baseline()
    names = {p.id: p.display_name for p in everyone}
    forced = timetables.forced_turns()
    return LegacyBundle(
        config=_legacy_config(config),
        persons=everyone,
        weekly_busy=[e for e in entries if e.kind == "busy" and e.date is None],
        oneshot_busy=[e for e in entries if e.kind == "busy" and e.date is not None],
        vacations=[e for e in entries if e.kind == "vacation"],
        holidays=busy.holidays(),
        leaves=_all_leaves(db),
        shift_credit=credit,
        forced_turns=conv.forced_to_legacy(forced, config.hours, config.lines) if forced else None,
        timetables=[
            conv.timetable_to_legacy(found[1], names)
            for week in timetables.published_weeks()
            if (found := timetables.published(week)) is not None
        ],
    )


def _legacy_config(config: PlanningConfig) -> LegacyConfig:
    return LegacyConfig(
        line_count=config.lines,
        hours=config.hours,
        daily_max_general=config.max_per_day,
        daily_max=dict(config.max_per_day_by_person),
        max_overload=float(config.max_overload),
        adjust_lines=config.adjust_lines,
        max_phoning_in_group=config.max_phoning_in_group,
        min_idle_in_group=config.min_idle_in_group,
        max_nobody_per_turn_in_edition=config.max_nobody_per_turn_in_edition,
    )


def _all_leaves(db: sqlite_utils.Database) -> list[str]:
    return sorted({r[0] for r in db.execute("SELECT person FROM leaves")})

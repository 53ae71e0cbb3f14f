import datetime as dt

from tomatic.domain.model import Person
from tomatic.legacy.formats import (
    ForcedTurn,
    ForcedTurns,
    LegacyTimetable,
    format_config,
    format_credit,
    format_forced_turns,
    format_ideal_loads,
    format_persons,
    format_timetable,
    parse_config,
    parse_credit,
    parse_forced_turns,
    parse_ideal_loads,
    parse_persons,
    parse_timetable,
)

PERSONS_YAML = """\
names: {silvia: Sílvia, ningu: '-'}
extensions: {silvia: 3055, pere: '3056'}
tables: {silvia: 13, pere: -1}
colors: {silvia: 8097b8}
emails: {silvia: silvia@example.coop}
erpusers: {silvia: Silvia}
groups: {it: [pere, silvia], admin: [silvia, ghost]}
idealloads: {silvia: 2, tania: 5}
whatever: {silvia: 1}
"""


def test_ideal_loads_report_bad_values_at_their_line():
    loads, errors = parse_ideal_loads("alice: 4\nbob: 2.5\nCarol: 1\nelith: 0\n", "i.yaml")
    assert loads == {"alice": 4, "elith": 0}
    assert [(e.line, e.message.split(" ")[0]) for e in errors] == [(2, "ideal"), (3, "bad")]
    assert parse_ideal_loads(format_ideal_loads(loads), "i") == (loads, [])


def test_credit_accepts_empty_and_fractional_values():
    assert parse_credit("{}\n", "c") == ({}, [])
    assert parse_credit("", "c") == ({}, [])
    credit, errors = parse_credit("alice: 1.4\nbob: -2\ncarol: lots\n", "c")
    assert credit == {"alice": 1.4, "bob": -2.0}
    assert errors[0].line == 3
    assert parse_credit(format_credit(credit), "c") == (credit, [])


def test_invalid_yaml_is_an_error_not_a_crash():
    loads, errors = parse_ideal_loads("alice: 4\nbob: [1\n", "i.yaml")
    assert loads == {}
    assert errors[0].file == "i.yaml" and "invalid YAML" in errors[0].message
    _, errors = parse_credit("- a\n- b\n", "c.yaml")
    assert errors[0].message == "the shift credit should be a mapping"


def test_persons_yaml_builds_persons_from_every_map():
    persons, errors = parse_persons(PERSONS_YAML, "persons.yaml")
    by_id = {p.id: p for p in persons}
    assert list(by_id) == ["pere", "silvia", "tania"]  # ningu is an empty cell, nobody
    silvia = by_id["silvia"]
    assert (silvia.name, silvia.extension, silvia.table, silvia.color) == (
        "Sílvia",
        "3055",
        13,
        "8097b8",
    )
    assert (silvia.email, silvia.erp_user, silvia.ideal_load) == (
        "silvia@example.coop",
        "Silvia",
        2,
    )
    assert silvia.groups == ["admin", "it"] and by_id["pere"].groups == ["it"]
    assert by_id["tania"].ideal_load == 5 and by_id["pere"].ideal_load is None
    assert [(e.line, e.message) for e in errors] == [
        (7, "group admin lists unknown person 'ghost'")
    ]


def test_persons_yaml_rejects_bad_entries_and_keeps_the_rest():
    text = "colors: {ana: '#ff0000', bob: abc}\ntables: {ana: near}\nextensions: {bob: x12}\n"
    persons, errors = parse_persons(text, "p.yaml")
    assert [(p.id, p.color) for p in persons] == [("bob", "abc")]
    assert [e.line for e in errors] == [1, 2, 3]


def test_persons_yaml_names_follow_the_name_rule_and_bad_ones_say_why():
    text = (
        "names:\n  ana: Ana  d’Alòs\n  bob: '<!channel> <https://evil.example|x>'\n"
        "  cai: Bernat Roig (tarda)\n  dan: '" + "x" * 81 + "'\n"
        "extensions: {bob: 3001, dan: 3002}\n"
    )
    persons, errors = parse_persons(text, "persons.yaml")
    assert {p.id: p.name for p in persons} == {
        "ana": "Ana d'Alòs",
        "bob": "",
        "cai": "Bernat Roig (tarda)",
        "dan": "",
    }
    assert [str(e) for e in errors] == [
        "persons.yaml:3: bad name for bob: A name may only have letters, digits, spaces and"
        " ' . - ( ); remove “!” “/” “:” “<” “>” “|”.",
        "persons.yaml:5: bad name for dan: The name has 81 characters; at most 80 are allowed.",
    ]


def test_persons_round_trip():
    persons, _ = parse_persons(PERSONS_YAML, "persons.yaml")
    persons.append(Person(id="zed"))
    assert parse_persons(format_persons(persons), "p") == (persons, [])


def test_config_reads_planning_keys_and_ignores_the_rest():
    text = (
        "nTelefons: 6\nhours: [09:00, '10:15', 11:30, '12:45', '14:00']\n"
        "maxOverload: 1\nmaximHoresDiaries: {ningu: 10}\nbaseUrl: http://x\n"
        "forced:\n  ? [dl, 1, 4]\n  : ningu\nmaximPerTaula: many\n"
        "commented:\n  ? - dl\n    - 2\n  : ningu\n"
    )
    config, errors = parse_config(text, "config.yaml")
    assert config.line_count == 6 and config.max_overload == 1
    assert config.hours == ["09:00", "10:15", "11:30", "12:45", "14:00"]
    assert config.forced == [ForcedTurn(day="dl", hour=0, line=3, person="ningu")]
    assert config.max_per_table == 7
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (9, "bad value for maximPerTaula")
    ]
    assert parse_config(format_config(config), "c") == (config, [])


def test_forced_turns_become_zero_based_cells_and_round_trip():
    text = (
        "timetable:\n  dl:\n  - [null, null]\n  - [null, null]\n"
        "  dm:\n  - [jolie, liza]\n  - [null, ningu]\n  ds:\n  - [x, y]\n"
    )
    forced, errors = parse_forced_turns(text, "forced-turns.yaml")
    assert forced.turns == [
        ForcedTurn(day="dm", hour=0, line=0, person="jolie"),
        ForcedTurn(day="dm", hour=0, line=1, person="liza"),
        ForcedTurn(day="dm", hour=1, line=1, person="ningu"),
    ]
    assert (forced.hour_count, forced.line_count) == (2, 2)
    assert [(e.line, e.message) for e in errors] == [(8, "unknown day 'ds'")]
    assert parse_forced_turns(format_forced_turns(forced), "f") == (forced, [])
    assert isinstance(forced, ForcedTurns)


def _timetable(**changes) -> LegacyTimetable:
    values = {
        "week": dt.date(2022, 7, 11),
        "days": ["dl", "dm"],
        "hours": ["09:00", "10:15", "11:30"],
        "lines": ["L1", "L2"],
        "cells": {"dl": [["festiu", "festiu"]] * 2, "dm": [["ana", "ningu"], ["bob", "?"]]},
        "overload": {"ana": -0.6},
        "penalties": [(10, "1 forats a dm 09:00")],
        "cost": 10,
        "log": ["edited"],
    }
    return LegacyTimetable(**(values | changes))


def test_timetables_round_trip():
    timetable = _timetable()
    assert parse_timetable(format_timetable(timetable), "g") == (timetable, [])


def test_timetable_with_a_bad_shape_or_week_is_rejected():
    good = format_timetable(_timetable())
    not_monday = good.replace("2022-07-11", "2022-07-12")
    assert parse_timetable(not_monday, "g")[0] is None
    assert "not a Monday" in parse_timetable(not_monday, "g")[1][0].message
    short = format_timetable(_timetable(hours=["09:00", "10:15"]))
    timetable, errors = parse_timetable(short, "g")
    assert timetable is None and "should have 1 hours of 2 lines" in errors[0].message


def test_bad_timetable_cell_is_reported_and_imported_as_nobody():
    text = format_timetable(_timetable()).replace("- bob", "- 42")
    timetable, errors = parse_timetable(text, "g")
    assert timetable is not None and timetable.cells["dm"][1][0] == "ningu"
    assert errors[0].message == "bad cell value 42: expected a person id"

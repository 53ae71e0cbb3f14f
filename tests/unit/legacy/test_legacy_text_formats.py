import datetime as dt

import pytest

from tomatic.domain.model import BusyEntry, Holiday
from tomatic.legacy.formats import (
    LineError,
    format_busy,
    format_holidays,
    format_leaves,
    parse_busy,
    parse_busy_line,
    parse_holidays,
    parse_leaves,
)


def test_busy_line_grammar_covers_every_form():
    text = (
        "+alice 0001 # every day, last hour\n"
        "+bob dv 0011 # Fridays\n"
        "caroline dl 1111 # Mondays, optional\n"
        "+alice 2016-01-20 1111 # that date\n"
        "bob 2020-02-28 # all hours\n"
        "\n"
        "   # a pure comment\n"
        "+fran  1000 # two spaces: every day\n"
    )
    entries, errors = parse_busy(text, "busy.conf")
    assert errors == []
    assert [(e.person, e.weekday, e.date, e.turns, e.optional) for e in entries] == [
        ("alice", None, None, "0001", False),
        ("bob", "dv", None, "0011", False),
        ("caroline", "dl", None, "1111", True),
        ("alice", None, dt.date(2016, 1, 20), "1111", False),
        ("bob", None, dt.date(2020, 2, 28), "1111", True),
        ("fran", None, None, "1000", False),
    ]
    assert entries[2].reason == "Mondays, optional"


def test_reason_keeps_everything_after_the_first_hash():
    entry = parse_busy_line("+ana dl 1000 # meeting #3 with C#  ")
    assert entry is not None and entry.reason == "meeting #3 with C#"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("+ana dl 1000", "missing reason"),
        ("+ana dl 1000 #   ", "missing reason"),
        ("+ana ds 1000 # saturday", "unknown weekday 'ds'"),
        ("+ana dl 10 # short", "found '10'"),
        ("+ana dl 1020 # not binary", "found '1020'"),
        ("+ana 2020-02-30 1111 # no such day", "'2020-02-30' is not a valid date"),
        ("+Ana dl 1111 # capital", "bad person id 'Ana'"),
        ("+ dl 1111 # no one", "bad person id ''"),
        ("+ana dl 1111 0000 # twice", "unexpected text '0000'"),
    ],
)
def test_bad_busy_lines_are_rejected_with_a_specific_message(line, message):
    text = "+ok dl 1111 # fine\n" + line + "\n+ok2 dm 0001 # fine too\n"
    entries, errors = parse_busy(text, "indisponibilitats.conf")
    assert [e.person for e in entries] == ["ok", "ok2"]
    assert len(errors) == 1
    assert (errors[0].file, errors[0].line) == ("indisponibilitats.conf", 2)
    assert message in errors[0].message


def test_line_error_reads_as_file_line_message():
    assert str(LineError("oneshot.conf", 7, "oops")) == "oneshot.conf:7: oops"


def test_vacation_kind_is_set_on_every_entry():
    entries, _ = parse_busy("+lidia dl # absencia\n", "v.conf", kind="vacation")
    assert entries == [
        BusyEntry(person="lidia", weekday="dl", turns="1111", reason="absencia", kind="vacation")
    ]


def test_busy_files_round_trip():
    entries = [
        BusyEntry(person="fran", turns="1000", reason="cole"),
        BusyEntry(person="bob", weekday="dv", turns="0011", optional=True, reason="x # y"),
        BusyEntry(person="ana", date=dt.date(2020, 3, 3), turns="0110", reason="metge"),
    ]
    text = format_busy(entries)
    assert text.splitlines()[0] == "+fran  1000 # cole"
    assert parse_busy(text, "f") == (entries, [])


def test_holidays_parse_and_round_trip():
    text = "2022-07-11\tSan Xibeco\n\n2022-07-13\tSan Benito\n"
    holidays, errors = parse_holidays(text, "holidays.conf")
    assert errors == []
    assert holidays == [
        Holiday(date=dt.date(2022, 7, 11), name="San Xibeco"),
        Holiday(date=dt.date(2022, 7, 13), name="San Benito"),
    ]
    assert parse_holidays(format_holidays(holidays), "h") == (holidays, [])


def test_malformed_holiday_lines_become_errors():
    text = "2022-07-11 San Xibeco\n2022-13-01\tNo month\n2022-07-15\tok\n# comment\n"
    holidays, errors = parse_holidays(text, "holidays.conf")
    assert [h.date for h in holidays] == [dt.date(2022, 7, 15)]
    assert [(e.line, e.message) for e in errors] == [
        (1, "expected 'YYYY-MM-DD<TAB>name'"),
        (2, "'2022-13-01' is not a date (YYYY-MM-DD)"),
        (4, "expected 'YYYY-MM-DD<TAB>name'"),
    ]


def test_leaves_parse_and_round_trip():
    persons, errors = parse_leaves("ana eduard\n\nvictor Bad!\n", "leaves.conf")
    assert persons == ["ana", "eduard", "victor"]
    assert errors == [LineError("leaves.conf", 3, "bad person id 'Bad!'")]
    assert parse_leaves(format_leaves(persons), "l") == (persons, [])


def test_writers_keep_one_entry_per_line_whatever_the_text():
    entry = BusyEntry(person="ana", weekday="dl", reason="two\nlines  kept")
    holiday = Holiday(date=dt.date(2022, 7, 11), name="tab\there")
    busy, _ = parse_busy(format_busy([entry]), "f")
    holidays, _ = parse_holidays(format_holidays([holiday]), "h")
    assert busy[0].reason == "two lines  kept"
    assert holidays[0].name == "tab here"

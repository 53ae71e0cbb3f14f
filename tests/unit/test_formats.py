"""Dates as each language writes them, and error parameters localised at the edge."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.dates import read_week
from tomatic.domain.errors import plain_params
from tomatic.i18n import t
from tomatic.i18n.formats import (
    date_text,
    day_text,
    localised_params,
    moment_text,
    week_text,
)

WED = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("lang", "day", "week"),
    [
        ("en", "Wednesday 2/12/2026", "the week of 30/11/2026"),
        ("ca", "dimecres 2/12/2026", "la setmana del 30/11/2026"),
        ("es", "miércoles 2/12/2026", "la semana del 30/11/2026"),
    ],
)
def test_one_date_format_per_language(lang, day, week):
    assert date_text(lang, WED) == "2/12/2026"
    assert day_text(lang, WED) == day
    assert week_text(lang, dt.date(2026, 11, 30)) == week
    assert moment_text(lang, dt.datetime(2026, 12, 2, 9, 5)) == "2/12/2026 09:05"


def test_error_parameters_are_written_in_the_readers_language():
    params = {"day": WED, "weekday": "dx", "value": "dx", "n": 3}
    assert localised_params("ca", params) == {
        "day": "dimecres 2/12/2026",
        "weekday": "dimecres",
        "value": "dx",
        "n": 3,
    }


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The week of 30/11/2026 is planned."),
        ("ca", "La setmana del 30/11/2026 està planificada."),
        ("es", "La semana del 30/11/2026 está planificada."),
    ],
)
def test_a_week_is_its_mondays_date_as_a_date_or_as_stored_text(lang, sentence):
    for week in (dt.date(2026, 11, 30), "2026-11-30"):  # an error's, a payload's
        assert t(lang, "plan.state.done", **localised_params(lang, {"week": week})) == sentence
    weeks = localised_params(lang, {"weeks": [dt.date(2026, 11, 30), "2026-12-07"]})
    assert weeks == {"weeks": "30/11/2026, 7/12/2026"}
    assert localised_params(lang, {"weeks": 8, "week": "next"}) == {"weeks": 8, "week": "next"}


@pytest.mark.parametrize("lang", ["ca", "es", "en"])
def test_a_date_written_in_a_command_example_reads_back_as_that_week(lang):
    """`/tomatic plan 30/11/2026`, as a message suggests it, plans that week."""
    today = dt.date(2026, 11, 26)
    for monday in (dt.date(2026, 11, 30), dt.date(2027, 1, 4), dt.date(2026, 11, 16)):
        assert read_week(date_text(lang, monday), today) == monday


def test_dates_in_error_parameters_become_plain_data_for_records():
    ended = dt.datetime(2026, 11, 20, 14, 0)
    params = {"week": dt.date(2026, 11, 16), "ended": ended, "weeks": [dt.date(2026, 11, 30)]}
    assert plain_params({**params, "run": "r1"}) == {
        "week": "2026-11-16",
        "ended": "2026-11-20T14:00:00",
        "weeks": ["2026-11-30"],
        "run": "r1",
    }


@pytest.mark.parametrize("week", [dt.date(2026, 12, 7), "2026-12-07"])
def test_a_week_parameter_is_its_monday_as_the_language_writes_it(week):
    assert localised_params("es", {"week": week, "value": "2026-12-07"}) == {
        "week": "7/12/2026",
        "value": "2026-12-07",  # what someone typed stays as typed
    }
    assert localised_params("ca", {"week": "next"}) == {"week": "next"}
    assert localised_params("ca", {"date": "2026-12-09"}) == {"date": "9/12/2026"}


def test_a_planner_status_is_in_words():
    assert localised_params("ca", {"status": "infeasible"}) == {
        "status": "impossible amb les regles obligatòries"
    }

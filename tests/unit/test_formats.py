"""Dates as each language writes them, and error parameters localised at the edge."""

from __future__ import annotations

import datetime as dt

import pytest

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

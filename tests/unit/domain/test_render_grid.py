"""The timetable drawing model: columns, holidays, holes, colours, legend and text."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.render_grid import (
    DEFAULT_COLOR,
    Labels,
    build_grid,
    contrast_ink,
    normalise_color,
    text_rows,
)
from tomatic.domain.render_html import html_page
from tomatic.domain.timetable import Timetable

WEEK = dt.date(2026, 11, 30)
HOURS = ["09:00", "10:15", "11:30"]
LABELS = Labels(
    title="Week of 30/11/2026",
    day_names={
        "dl": "Monday",
        "dm": "Tuesday",
        "dx": "Wednesday",
        "dj": "Thursday",
        "dv": "Friday",
    },
    short_day_names={"dl": "Mon", "dm": "Tue", "dx": "Wed", "dj": "Thu", "dv": "Fri"},
    holiday="Holiday",
)
NAMES = {"anna": "Anna Puig", "bernat": "Bernat"}
COLORS = {"anna": "000080", "bernat": "ffd966"}


def week_with_holiday() -> Timetable:
    timetable = Timetable.empty(WEEK, ["dl", "dm", "dj", "dv"], HOURS, 2)
    timetable.holidays = {"dx": "Sant Andreu"}
    timetable.cells["dl"][0] = ["anna", "bernat"]
    timetable.cells["dl"][1] = ["bernat", None]
    timetable.cells["dm"][0] = ["ningu", "anna"]
    return Timetable.model_validate(timetable.model_dump())  # read back: the original's ningu


def test_every_weekday_is_a_column_in_order_with_its_date():
    grid = build_grid(week_with_holiday(), NAMES, COLORS, LABELS)
    assert [c.code for c in grid.columns] == ["dl", "dm", "dx", "dj", "dv"]
    assert grid.columns[0].heading == "Monday 30/11/2026"
    assert grid.columns[2].date == dt.date(2026, 12, 2)
    assert grid.turn_labels == ["09:00–10:15", "10:15–11:30"]
    assert grid.line_labels == ["L1", "L2"]


def test_a_holiday_is_a_whole_column_marked_with_its_name():
    grid = build_grid(week_with_holiday(), NAMES, COLORS, LABELS)
    holiday = grid.columns[2]
    assert holiday.holiday == "Sant Andreu"
    assert all(c.holiday is None for i, c in enumerate(grid.columns) if i != 2)
    cells = [grid.cells[h][2][line] for h in range(2) for line in range(2)]
    assert {c.text for c in cells} == {"Holiday"}
    assert not any(c.hole or c.person for c in cells)


def test_people_get_their_name_and_colour_with_readable_ink():
    grid = build_grid(week_with_holiday(), NAMES, COLORS, LABELS)
    anna, bernat = grid.cells[0][0]
    assert (anna.text, anna.fill, anna.ink, anna.person) == (
        "Anna Puig",
        "000080",
        "ffffff",
        "anna",
    )
    assert (bernat.text, bernat.fill, bernat.ink) == ("Bernat", "ffd966", "000000")


def test_empty_cells_and_nobody_are_holes():
    grid = build_grid(week_with_holiday(), NAMES, COLORS, LABELS)
    assert grid.cells[1][0][1].hole and grid.cells[1][0][1].text == "—"
    assert grid.cells[0][1][0].hole  # "ningu"
    assert not grid.cells[0][1][1].hole


def test_unknown_people_show_their_id_in_the_default_colour():
    timetable = week_with_holiday()
    timetable.cells["dv"][0][0] = "carla"
    cell = build_grid(timetable, NAMES, COLORS, LABELS).cells[0][4][0]
    assert (cell.text, cell.fill) == ("carla", DEFAULT_COLOR)


def test_the_legend_counts_turns_per_person_alphabetically():
    grid = build_grid(week_with_holiday(), NAMES, COLORS, LABELS)
    assert [c.text for c in grid.legend] == ["Anna Puig (2)", "Bernat (2)"]


def test_colours_are_normalised():
    assert normalise_color("ABC") == "aabbcc"
    assert normalise_color("#FF0000") == "ff0000"
    assert normalise_color("blue") == DEFAULT_COLOR
    assert normalise_color(None) == DEFAULT_COLOR


def test_ink_contrasts_with_the_fill():
    assert contrast_ink("ffffff") == "000000"
    assert contrast_ink("000000") == "ffffff"
    assert contrast_ink("ffff00") == "000000"
    assert contrast_ink("0000ff") == "ffffff"


def test_the_text_rows_are_one_per_turn_of_each_day_with_full_names_and_holiday_names():
    rows = text_rows(build_grid(week_with_holiday(), NAMES, COLORS, LABELS))
    assert rows[:4] == [
        "Week of 30/11/2026",
        "Monday 30/11/2026",
        "  09:00–10:15  Anna Puig · Bernat",
        "  10:15–11:30  Bernat · —",
    ]
    assert "Wednesday 2/12/2026 — Holiday: Sant Andreu" in rows
    assert len(rows) == 1 + 4 * (1 + 2) + 1


def test_dates_in_the_headings_follow_the_language_format():
    labels = Labels(
        title="t", day_names={"dl": "Lunes"}, holiday="Festivo", date="{year}.{month}.{day}"
    )
    grid = build_grid(week_with_holiday(), NAMES, COLORS, labels)
    assert grid.columns[0].heading == "Lunes 2026.11.30"


def test_the_page_names_each_person_in_full_over_a_cell_too_narrow_for_them():
    long = "Maria del Roser Vidal-Quadras i Font de la Riera d'Alòs (torn de tarda) 29 Bosch"
    grid = build_grid(week_with_holiday(), NAMES | {"anna": long}, COLORS, LABELS)
    page = html_page(grid, "ca")
    assert 'title="Maria del Roser Vidal-Quadras i Font de la Riera d&#x27;Alòs (torn de' in page
    assert page.count('title="Bernat">Bernat</td>') == 2

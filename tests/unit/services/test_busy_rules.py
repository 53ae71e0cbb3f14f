"""Busy rules: days read like every command, repeats refused, form checks, private reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from tomatic.domain.fields import InvalidFieldsError
from tomatic.services.availability import BusyForm

# The services' clock: Thursday 2026-11-26.
NEXT_WEDNESDAY = dt.date(2026, 12, 2)


async def add(services, person, text: str):
    return await services.availability.add_from_words(person, person, text.split())


@pytest.mark.parametrize(
    ("typed", "weekday", "date"),
    [("dt", "dm", None), ("dc", "dx", None), ("dimecres", "dx", None), ("miércoles", "dx", None),
     ("wed", "dx", None), ("all", None, None), ("tots", None, None),
     ("next wed", None, NEXT_WEDNESDAY), ("2026-12-02", None, NEXT_WEDNESDAY),
     ("2/12", None, NEXT_WEDNESDAY), ("tomorrow", None, dt.date(2026, 11, 27))],
)  # fmt: skip
async def test_busy_add_reads_days_as_every_command_does(services, operator, typed, weekday, date):
    entry = await add(services, operator, f"{typed} 0011 optional Team meeting")
    assert (entry.weekday, entry.date, entry.turns, entry.reason) == (
        weekday,
        date,
        "0011",
        "Team meeting",
    )


@pytest.mark.parametrize(
    ("typed", "key"),
    [("someday 0011 optional X", "dates.bad_day"), ("dissabte 0011 optional X", "dates.weekend"),
     ("2026-02-30 0011 optional X", "dates.no_such_date"), ("next 0011 optional X", "dates.bad_day"),
     ("2026-11-02 0011 optional X", "busy.past_date"), ("next wed 0011 optional", "busy.usage")],
)  # fmt: skip
async def test_bad_days_say_what_was_understood_and_change_nothing(services, operator, typed, key):
    with pytest.raises(ValidationError) as refused:
        await add(services, operator, typed)
    assert refused.value.key == key
    assert await services.availability.entries(operator) == []


async def test_a_repeated_entry_is_refused(services, operator):
    first = await add(services, operator, "dm 0011 optional Team meeting")
    with pytest.raises(ConflictError) as refused:
        await add(services, operator, "dt 0011 required Another reason")
    assert refused.value.params == {"id": first.id}
    other_turns = await add(services, operator, "dm 0001 optional Team meeting")
    assert len(await services.availability.entries(operator)) == 2 and other_turns.id


async def test_the_form_reports_every_wrong_field_at_once(services, operator):
    form = BusyForm(day="date", date="", turns=[], optional=True, reason="  ")
    with pytest.raises(InvalidFieldsError) as refused:
        await services.availability.add_from_form(operator, operator, form)
    keys = {field: error.key for field, error in refused.value.fields.items()}
    assert keys == {"date": "busy.need_date", "turns": "busy.no_turns", "reason": "busy.no_reason"}
    assert await services.availability.entries(operator) == []


@pytest.mark.parametrize(
    ("form", "field", "key"),
    [(BusyForm("date", "2026-11-28", ["0"], True, "r"), "date", "busy.weekend_date"),
     (BusyForm("date", "2026-11-02", ["0"], True, "r"), "date", "busy.past_date"),
     (BusyForm("date", "tomorrow", ["0"], True, "r"), "date", "busy.bad_date"),
     (BusyForm("ds", "", ["0"], True, "r"), "day", "busy.bad_form_day"),
     (BusyForm("dl", "", ["7"], True, "r"), "turns", "busy.no_turns"),
     (BusyForm("dl", "", ["²"], True, "r"), "turns", "busy.no_turns"),
     (BusyForm("dl", "", ["0"], True, "r" * 201), "reason", "busy.long_reason")],
)  # fmt: skip
async def test_each_form_field_is_checked(services, operator, form, field, key):
    with pytest.raises(InvalidFieldsError) as refused:
        await services.availability.add_from_form(operator, operator, form)
    assert {f: e.key for f, e in refused.value.fields.items()} == {field: key}


async def test_the_form_stores_a_one_off_date(services, operator):
    form = BusyForm("date", "2026-12-02", ["1", "3"], False, " Doctor ")
    entry = await services.availability.add_from_form(operator, operator, form)
    assert (entry.weekday, entry.date, entry.turns, entry.optional, entry.reason) == (
        None,
        NEXT_WEDNESDAY,
        "0101",
        False,
        "Doctor",
    )


class TestPrivacy:
    async def test_an_operator_sees_that_a_colleague_is_busy_but_not_why(
        self, services, coordinator, operator
    ):
        await add(services, coordinator, "dv 1111 required Medical appointment")
        listing = await services.availability.listing(operator, coordinator)
        assert [e.reason for e in listing.entries] == [""]
        assert [e.weekday for e in listing.entries] == ["dv"]
        assert not listing.reasons_visible and not listing.can_edit

    async def test_owners_and_coordinators_see_the_reasons(self, services, coordinator, operator):
        await add(services, operator, "dv 1111 required Medical appointment")
        for viewer in (operator, coordinator):
            listing = await services.availability.listing(viewer, operator)
            assert [e.reason for e in listing.entries] == ["Medical appointment"]
            assert listing.reasons_visible and listing.can_edit

    async def test_refusals_name_the_action(self, services, coordinator, operator):
        entry = await add(services, coordinator, "dv 1111 required Medical appointment")
        with pytest.raises(PermissionDeniedError) as removing:
            await services.availability.remove(operator, entry.id)
        with pytest.raises(PermissionDeniedError) as adding:
            await services.availability.add_from_words(
                operator, coordinator, "dl 1000 optional Sneaky".split()
            )
        assert (removing.value.key, adding.value.key) == (
            "busy.refused_remove",
            "busy.refused_other",
        )
        assert len(await services.availability.entries(coordinator)) == 1


async def test_the_list_reads_in_calendar_order_monday_first_then_by_turn(services, operator):
    for typed in (
        "dv 1000",
        "dj 0001",
        "dl 0010",
        "dl 1000",
        "dx 0100",
        "all 0001",
        "2/12 1000",
        "next wed 0001",
        "tomorrow 0011",
        "dm 0001",
        "dm 0100",
    ):
        await add(services, operator, f"{typed} optional Team meeting")
    shown = [(e.date or e.weekday, e.turns) for e in await services.availability.entries(operator)]
    assert shown == [
        (None, "0001"),
        ("dl", "1000"),
        ("dl", "0010"),
        ("dm", "0100"),
        ("dm", "0001"),
        ("dx", "0100"),
        ("dj", "0001"),
        ("dv", "1000"),
        (dt.date(2026, 11, 27), "0011"),
        (NEXT_WEDNESDAY, "1000"),
        (NEXT_WEDNESDAY, "0001"),
    ]

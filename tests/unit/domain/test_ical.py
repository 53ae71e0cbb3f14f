"""The iCalendar writer, checked by a strict reader of our own and by the icalendar package."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from tomatic.domain.ical import calendar_text, escape_text, fold, turn_events
from tomatic.domain.timetable import Timetable

MADRID = ZoneInfo("Europe/Madrid")
STAMP = dt.datetime(2026, 11, 26, 10, 0, tzinfo=MADRID)
REQUIRED = {
    "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME", "X-WR-TIMEZONE"},
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"},
    "VALARM": {"ACTION", "TRIGGER", "DESCRIPTION"},
}


def strict_read(text: str) -> list[tuple[str, dict[str, list[str]]]]:
    """Check framing, folding and nesting; return (component, properties) in order."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack: list[tuple[str, dict[str, list[str]]]] = []
    done = []
    for line in logical:
        name, _, value = line.partition(":")
        prop = name.split(";")[0]
        if prop == "BEGIN":
            stack.append((value, {}))
        elif prop == "END":
            component, props = stack.pop()
            assert component == value, f"END:{value} closes {component}"
            missing = REQUIRED.get(component, set()) - set(props)
            assert not missing, f"{component} lacks {missing}"
            done.append((component, props))
        else:
            assert stack, f"{line!r} outside any component"
            stack[-1][1].setdefault(prop, []).append(line)
    assert not stack and done[-1][0] == "VCALENDAR"
    return done


def week(start: dt.date) -> Timetable:
    timetable = Timetable.empty(start, ["dl", "dm"], ["09:00", "10:15", "11:30"], 2)
    timetable.cells["dl"][0] = ["anna", "bernat"]
    timetable.cells["dm"][1] = ["bernat", "anna"]
    return timetable


def anna_calendar(start: dt.date = dt.date(2026, 11, 30), zone: ZoneInfo = MADRID) -> str:
    events = turn_events(week(start), "anna", zone, "Phone; turn", "Line {line}, {turn}", "x.test")
    return calendar_text(events, "Tomàtic — Anna, Puig", zone, STAMP, "Starts in 15 minutes")


def test_the_calendar_passes_the_strict_reader():
    components = strict_read(anna_calendar())
    kinds = [c for c, _ in components]
    assert kinds.count("VEVENT") == 2 and kinds.count("VALARM") == 2
    assert kinds.count("VTIMEZONE") == 1 and "DAYLIGHT" in kinds and "STANDARD" in kinds


def test_events_carry_local_times_with_the_team_zone():
    text = anna_calendar()
    assert "DTSTART;TZID=Europe/Madrid:20261130T090000\r\n" in text
    assert "DTEND;TZID=Europe/Madrid:20261130T101500\r\n" in text
    assert "DTSTART;TZID=Europe/Madrid:20261201T101500\r\n" in text
    assert "DTSTAMP:20261126T090000Z\r\n" in text
    assert "DESCRIPTION:Line 2\\, 10:15–11:30\r\n" in text
    assert "TRIGGER:-PT15M\r\n" in text


def test_the_madrid_zone_has_cet_and_cest_rules():
    text = anna_calendar()
    assert "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST" in text
    assert "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET" in text
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in text


def test_another_parser_reads_the_same_instants_in_winter_and_summer():
    for start, utc_hour in ((dt.date(2026, 11, 30), 8), (dt.date(2026, 6, 15), 7)):
        parsed = icalendar.Calendar.from_ical(anna_calendar(start))
        events = parsed.walk("VEVENT")
        first = events[0].decoded("DTSTART")
        assert first.astimezone(dt.UTC).hour == utc_hour
        assert str(events[0]["SUMMARY"]) == "Phone; turn"
        assert str(events[1]["DESCRIPTION"]) == "Line 2, 10:15–11:30"
        assert events[0]["UID"] == f"{start.isoformat()}-dl-0-anna@x.test"


def test_uids_are_stable_per_week_day_turn_and_person():
    first = turn_events(week(dt.date(2026, 11, 30)), "anna", MADRID, "s", "d", "x.test")
    moved = week(dt.date(2026, 11, 30))
    moved.cells["dl"][0] = ["bernat", "anna"]  # same turn, another line
    second = turn_events(moved, "anna", MADRID, "s", "d", "x.test")
    assert [e.uid for e in first] == [e.uid for e in second]
    assert first[0].uid == "2026-11-30-dl-0-anna@x.test"
    assert len({e.uid for e in first}) == 2


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_keeps_multibyte_characters_whole():
    line = "SUMMARY:" + "à" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line


def test_a_zone_without_daylight_saving_gets_a_fixed_offset():
    text = anna_calendar(zone=ZoneInfo("UTC"))
    strict_read(text)
    assert "DAYLIGHT" not in text and "TZOFFSETTO:+0000" in text


def test_zones_with_other_rules_fall_back_to_utc_times():
    text = anna_calendar(zone=ZoneInfo("America/New_York"))
    strict_read(text)
    assert "VTIMEZONE" not in text
    assert "DTSTART:20261130T140000Z\r\n" in text


def test_a_person_without_turns_gets_an_empty_but_valid_calendar():
    events = turn_events(week(dt.date(2026, 11, 30)), "carla", MADRID, "s", "d", "x.test")
    components = strict_read(calendar_text(events, "C", MADRID, STAMP, "a"))
    assert "VEVENT" not in [c for c, _ in components]

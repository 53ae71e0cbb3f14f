"""iCalendar (RFC 5545) text of a person's phone turns, written by hand.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT
values escape backslashes, commas, semicolons and newlines. Times carry the team's
TZID with a VTIMEZONE built from the zone: European daylight-saving rules (last Sunday
of March and October at 01:00 UTC) or a fixed offset. Zones with other rules get UTC times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tomatic.domain.timetable import Timetable

PRODID = "-//Tomatic//Phone turns//EN"
MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    """One turn of one person."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    description: str


def turn_events(
    timetable: Timetable,
    person: str,
    zone: ZoneInfo,
    summary: str,
    description: str,
    uid_domain: str,
) -> list[CalendarEvent]:
    """The events of `person` in a week, one per turn held.

    Args:
        timetable: the (published) week.
        person: the person id.
        zone: the team's time zone.
        summary: the event title.
        description: a template with `{line}` (1-based) and `{turn}` (`09:00–10:15`).
        uid_domain: the right-hand side of every UID, e.g. the service's host name.

    Returns:
        Events in time order; each UID is stable for week, day, turn and person.
    """
    events = []
    for day, hour, line in timetable.turns_of(person):
        uid = f"{timetable.week.isoformat()}-{day}-{hour}-{person}@{uid_domain}"
        text = description.format(line=line + 1, turn=timetable.turn_label(hour))
        start, end = timetable.start_of(day, hour, zone), timetable.end_of(day, hour, zone)
        events.append(CalendarEvent(uid, start, end, summary, text))
    return events


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold one content line into CRLF-joined pieces of at most 75 octets each."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += char
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces)


def calendar_text(
    events: list[CalendarEvent],
    name: str,
    zone: ZoneInfo,
    stamp: dt.datetime,
    alarm: str,
) -> str:
    """A whole VCALENDAR: header, the zone's VTIMEZONE and one VEVENT (with a
    15-minute display alarm) per event."""
    rules = zone_rules(zone)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{zone.key}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    if rules is not None:
        lines += rules
    for event in events:
        lines += _event(event, zone if rules is not None else None, stamp, alarm)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event(
    event: CalendarEvent, zone: ZoneInfo | None, stamp: dt.datetime, alarm: str
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        _when("DTSTART", event.start, zone),
        _when("DTEND", event.end, zone),
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        "TRANSP:OPAQUE",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(alarm)}",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
    ]


def _when(name: str, moment: dt.datetime, zone: ZoneInfo | None) -> str:
    if zone is None:
        return f"{name}:{_utc(moment)}"
    return f"{name};TZID={zone.key}:{moment.astimezone(zone):%Y%m%dT%H%M%S}"


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def zone_rules(zone: ZoneInfo, year: int = 2026) -> list[str] | None:
    """The VTIMEZONE lines of `zone`, or None when its rules are not ones we can write."""
    winter = dt.datetime(year, 1, 15, 12, tzinfo=zone)
    summer = dt.datetime(year, 7, 15, 12, tzinfo=zone)
    standard = winter.utcoffset() or dt.timedelta(0)
    daylight = summer.utcoffset() or dt.timedelta(0)
    if standard == daylight:
        part = _part("STANDARD", "19700101T000000", standard, standard, winter.tzname(), None)
        return ["BEGIN:VTIMEZONE", f"TZID:{zone.key}", *part, "END:VTIMEZONE"]
    if not _follows_eu_rules(zone, year):
        return None
    local = dt.datetime(1970, 1, 1, 1) + standard
    spring = f"19700329T{local:%H%M%S}"
    autumn = f"19701025T{local + (daylight - standard):%H%M%S}"
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone.key}",
        *_part("DAYLIGHT", spring, standard, daylight, summer.tzname(), 3),
        *_part("STANDARD", autumn, daylight, standard, winter.tzname(), 10),
        "END:VTIMEZONE",
    ]


def _part(
    kind: str,
    start: str,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str | None,
    month: int | None,
) -> list[str]:
    lines = [f"BEGIN:{kind}", f"DTSTART:{start}"]
    if month is not None:
        lines.append(f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU")
    lines += [f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}"]
    if name:
        lines.append(f"TZNAME:{name}")
    return [*lines, f"END:{kind}"]


def _offset(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _follows_eu_rules(zone: ZoneInfo, year: int) -> bool:
    for month in (3, 10):
        last = dt.date(year, month, 31)
        sunday = last - dt.timedelta(days=(last.weekday() + 1) % 7)
        switch = dt.datetime.combine(sunday, dt.time(1), tzinfo=dt.UTC)
        before = (switch - dt.timedelta(minutes=1)).astimezone(zone).utcoffset()
        after = (switch + dt.timedelta(minutes=1)).astimezone(zone).utcoffset()
        if before == after:
            return False
    return True

"""Reading Asterisk's queue counters from `queue show`, and screening members one by one."""

from __future__ import annotations

from tests.unit.adapters.test_asterisk_cli import ASTERISK_13, ASTERISK_18
from tomatic.adapters import asterisk_cli as cli
from tomatic.adapters import asterisk_output as out
from tomatic.domain.queue import QueueCounters

OLD_ASTERISK = (
    "tomatic has 2 calls (max unlimited) in 'ringall' strategy (7s holdtime), W:0, C:41, A:3,"
    " SL:0.0% within 0s\n   No Members\n   No Callers\n"
)


class TestParseCounters:
    def test_reads_completed_abandoned_hold_and_talk_times_of_asterisk_18(self) -> None:
        counters = out.parse_counters(ASTERISK_18, {"3001": 3})

        assert counters == QueueCounters(
            completed=5, abandoned=2, holdtime=12, talktime=143, waiting=0, members={"3001": 3}
        )

    def test_reads_asterisk_13_counters(self) -> None:
        counters = out.parse_counters(ASTERISK_13, {})

        assert counters is not None
        assert (counters.completed, counters.abandoned) == (159, 88)
        assert (counters.holdtime, counters.talktime) == (4, 340)

    def test_an_asterisk_without_talk_time_gives_zero_talk_time(self) -> None:
        counters = out.parse_counters(OLD_ASTERISK, {})

        assert counters is not None
        assert (counters.completed, counters.abandoned, counters.holdtime) == (41, 3, 7)
        assert (counters.talktime, counters.waiting) == (0, 2)

    def test_colour_codes_do_not_hide_the_counters(self) -> None:
        coloured = ASTERISK_18.replace("C:5", "\x1b[1;32mC:5\x1b[0m")

        counters = out.parse_counters(coloured, {})

        assert counters is not None and counters.completed == 5

    def test_a_listing_without_counters_has_none(self) -> None:
        listing = "tomatic has 0 calls (max unlimited) in 'ringall' strategy (0s holdtime)\n"

        assert out.parse_counters(listing, {}) is None

    def test_members_calls_come_from_their_lines(self) -> None:
        members = out.parse_queue_show(ASTERISK_18, "somenergia")

        taken = {m.interface: m.calls_taken for m in members}

        assert taken == {"SIP/3002": 0, "SIP/3001": 3, "SIP/3004": 0, "SIP/3003": 1}


class TestScreenMembers:
    def test_bad_members_are_set_apart_with_the_reason_and_the_rest_kept_in_order(self) -> None:
        wanted = [("3001", "Anna"), ("30x2", "Bernat"), ("3003", "Carla <b>"), ("3004", "Dani")]

        accepted, refused = cli.screen_members(wanted)

        assert accepted == [("3001", "Anna"), ("3004", "Dani")]
        assert [(r.extension, r.key) for r in refused] == [
            ("30x2", "pbx.invalid_extension"),
            ("3003", "pbx.invalid_name"),
        ]
        assert refused[1].params == {"value": "Carla <b>"}

    def test_a_repeated_extension_is_refused_the_second_time(self) -> None:
        accepted, refused = cli.screen_members([("3001", "Anna"), ("3001", "Anna bis")])

        assert accepted == [("3001", "Anna")]
        assert [(r.name, r.key) for r in refused] == [("Anna bis", "pbx.duplicate_extension")]

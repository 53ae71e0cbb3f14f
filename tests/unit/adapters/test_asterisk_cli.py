"""Asterisk CLI command building, quoting and `queue show` parsing."""

from __future__ import annotations

import shlex

import pytest

from tests.support.asterisk_server import asterisk_args
from tomatic.adapters import asterisk_cli as cli
from tomatic.adapters import asterisk_output
from tomatic.domain.errors import PbxRefusedError, UnknownMemberError, ValidationError
from tomatic.domain.queue import MemberState

ASTERISK_18 = """\
somenergia has 0 calls (max unlimited) in 'rrordered' strategy (12s holdtime, 143s talktime), W:0, C:5, A:2, SL:0.0%, SL2:0.0% within 0s
   Members: \n\
      Joan D'Alòs (SIP/3002 from SIP/3002) with penalty 1 (ringinuse disabled) (dynamic) (paused:Dinar llarg was 30 secs ago) (Not in use) has taken no calls yet (login was 600 secs ago)
      Anna Puig (SIP/3001 from SIP/3001) (ringinuse disabled) (dynamic) (in call) (In use) has taken 3 calls (last was 125 secs ago) (login was 3600 secs ago)
      Berta (SIP/3004 from SIP/3004) with penalty 3 (ringinuse disabled) (dynamic) (Unavailable) has taken no calls yet
      SIP/3003 with penalty 2 (ringinuse enabled) (dynamic) (Ringing) has taken 1 calls (last was 9 secs ago)
   Callers: \n\
      1. SIP/trunk-00000114 (wait: 0:07, prio: 0)

"""

ASTERISK_13 = """\
somenergia has 0 calls (max unlimited) in 'leastrecent' strategy (4s holdtime, 340s talktime), W:0, C:159, A:88, SL:100.0% within 30s
   Members: \n\
      SIP/3063@bustia_veu (SIP/3063) (ringinuse disabled) (realtime) (Not in use) (paused) has taken 6 calls (last was 181 secs ago)
      Carla (SIP/3065 from SIP/3065) (ringinuse disabled) (dynamic) (paused) (On Hold) has taken 2 calls (last was 40 secs ago)
   No Callers
"""


class TestParseQueueShow:
    def test_parses_an_asterisk_18_listing(self) -> None:
        members = asterisk_output.parse_queue_show(ASTERISK_18, "somenergia")

        assert [(m.name, m.interface, m.penalty) for m in members] == [
            ("Joan D'Alòs", "SIP/3002", 1),
            ("Anna Puig", "SIP/3001", 0),
            ("Berta", "SIP/3004", 3),
            ("SIP/3003", "SIP/3003", 2),
        ]
        joan, anna, berta, ringing = members
        assert (joan.paused, joan.pause_reason, joan.device) == (True, "Dinar llarg", "Not in use")
        assert (anna.in_call, anna.calls_taken, anna.last_call_secs) == (True, 3, 125)
        assert (berta.calls_taken, berta.last_call_secs) == (0, None)
        assert [asterisk_output.member_state(m) for m in members] == [
            MemberState.PAUSED,
            MemberState.IN_CALL,
            MemberState.UNAVAILABLE,
            MemberState.RINGING,
        ]

    def test_parses_older_paused_markers_and_realtime_members(self) -> None:
        legacy, carla = asterisk_output.parse_queue_show(ASTERISK_13, "somenergia")

        assert (legacy.name, legacy.interface, legacy.paused, legacy.pause_reason) == (
            "SIP/3063@bustia_veu",
            "SIP/3063",
            True,
            "",
        )
        assert (legacy.calls_taken, legacy.last_call_secs) == (6, 181)
        assert asterisk_output.member_state(carla) == MemberState.IN_CALL

    def test_paused_without_reason_but_with_time(self) -> None:
        member = asterisk_output.parse_member_line(
            "Anna (SIP/3001) (ringinuse disabled) (dynamic) (paused was 30 secs ago) (Busy) "
            "has taken no calls yet"
        )

        assert (member.paused, member.pause_reason, member.device) == (True, "", "Busy")

    def test_colour_codes_are_ignored(self) -> None:
        output = ASTERISK_18.replace("(In use)", "(\x1b[1;32;40mIn use\x1b[0m)").replace(
            " (dynamic)", "\x1b[1;36;40m (dynamic)\x1b[0m"
        )

        members = asterisk_output.parse_queue_show(output, "somenergia")

        assert [m.device for m in members] == ["Not in use", "In use", "Unavailable", "Ringing"]

    def test_unknown_parenthesised_tokens_become_flags(self) -> None:
        member = asterisk_output.parse_member_line(
            "Anna (SIP/3001) (ringinuse disabled) (dynamic) (Wrapup) (Invalid) has taken no calls yet"
        )

        assert member.flags == ["wrapup"]
        assert asterisk_output.member_state(member) == MemberState.UNAVAILABLE

    def test_an_empty_queue_has_no_members(self) -> None:
        output = (
            "somenergia has 0 calls (max unlimited) in 'rrordered' strategy (0s holdtime, "
            "0s talktime), W:0, C:0, A:0, SL:0.0%, SL2:0.0% within 0s\n   No Members\n   No Callers\n"
        )

        assert asterisk_output.parse_queue_show(output, "somenergia") == []

    def test_an_unknown_queue_is_refused(self) -> None:
        with pytest.raises(PbxRefusedError) as caught:
            asterisk_output.parse_queue_show("No such queue: nowhere.\n", "nowhere")

        assert caught.value.key == "pbx.no_such_queue"

    def test_anything_else_is_refused(self) -> None:
        with pytest.raises(PbxRefusedError) as caught:
            asterisk_output.parse_queue_show("No such command 'queue show x'\n", "x")

        assert caught.value.key == "pbx.refused"


class TestToQueueMember:
    def test_maps_the_extension_and_omits_a_name_equal_to_the_interface(self) -> None:
        parsed = asterisk_output.parse_member_line(
            "SIP/3003 (ringinuse enabled) (dynamic) (Not in use) has taken 1 calls (last was 9 secs ago)"
        )

        member = asterisk_output.to_queue_member(parsed, "3003")

        assert (member.extension, member.name, member.state) == ("3003", "", MemberState.AVAILABLE)
        assert (member.calls_taken, member.seconds_since_last_call) == (1, 9)


class TestCommands:
    @pytest.mark.parametrize(
        "name", ["Joan D'Alòs", "Maria-Núria Ça.  Pi", "L’Hospitalet", "Ænne Øst 2"]
    )
    def test_names_survive_the_shell_and_asterisk_parsers(self, name: str) -> None:
        command = cli.add_command("somenergia", "SIP/3001", 2, name)

        argv = shlex.split(cli.remote_command(command))

        assert argv[:2] == ["asterisk", "-rx"] and len(argv) == 3
        assert asterisk_args(argv[2]) == [
            "queue", "add", "member", "SIP/3001", "to", "somenergia",
            "penalty", "2", "as", name, "state_interface", "SIP/3001",
        ]  # fmt: skip

    def test_asterisk_quote_escapes_quotes_and_backslashes(self) -> None:
        assert asterisk_args("x " + cli.asterisk_quote('a "b" \\c')) == ["x", 'a "b" \\c']

    def test_pause_with_and_without_reason(self) -> None:
        assert cli.pause_command("q1", "SIP/1", "Metge") == (
            'queue pause member SIP/1 queue q1 reason "Metge"'
        )
        assert cli.pause_command("q1", "SIP/1") == "queue pause member SIP/1 queue q1"
        assert cli.unpause_command("q1", "SIP/1") == "queue unpause member SIP/1 queue q1"
        assert cli.remove_command("q1", "SIP/1") == "queue remove member SIP/1 from q1"

    @pytest.mark.parametrize(
        "name",
        [
            "x'; reboot",
            'a"b',
            "a\\b",
            "$(id)",
            "`id`",
            "a|b",
            "a&b",
            "a\tb",
            "a_b",
            "",
            "   ",
            "x" * 81,
        ],
    )
    def test_names_that_are_not_plain_text_are_refused(self, name: str) -> None:
        with pytest.raises(ValidationError):
            cli.add_command("somenergia", "SIP/3001", 0, name)

    @pytest.mark.parametrize("extension", ["30a1", "3001 ", "-1", "", "३००१", "3001\n"])
    def test_extensions_must_be_ascii_digits(self, extension: str) -> None:
        with pytest.raises(ValidationError):
            cli.InterfacePattern("SIP/{extension}").interface(extension)

    @pytest.mark.parametrize("queue", ["q 1", "q;1", "", "cua'"])
    def test_queue_names_are_checked(self, queue: str) -> None:
        with pytest.raises(ValidationError):
            cli.show_command(queue)

    def test_decomposed_accents_are_normalised(self) -> None:
        assert cli.check_name("Alo\u0300s") == "Alòs"


class TestInterfacePattern:
    def test_maps_both_ways(self) -> None:
        pattern = cli.InterfacePattern("Local/{extension}@from-queue/n")

        assert pattern.interface("3001") == "Local/3001@from-queue/n"
        assert pattern.extension("Local/3001@from-queue/n") == "3001"
        assert pattern.extension("SIP/3001") is None

    @pytest.mark.parametrize(
        "pattern", ["SIP/", "{extension}", "SIP/{extension}{extension}", "S P/{extension}"]
    )
    def test_bad_patterns_are_refused(self, pattern: str) -> None:
        with pytest.raises(ValidationError):
            cli.InterfacePattern(pattern)


class TestChangeOutput:
    @pytest.mark.parametrize(
        "output",
        [
            "Added interface 'SIP/1' to queue 'q'\n",
            "Removed interface SIP/1 from queue 'q'\n",
            "paused interface 'SIP/1' in queue 'q' for reason 'x'\n",
            "unpaused interface 'SIP/1' in queue 'q'\n",
        ],
    )
    def test_success_messages_pass(self, output: str) -> None:
        asterisk_output.check_change_output(output, "1", "q")

    @pytest.mark.parametrize(
        ("output", "error", "key"),
        [
            ("Unable to add interface 'SIP/1' to queue 'q': Already there\n", PbxRefusedError, "pbx.already_member"),
            ("Unable to add interface to queue 'q': No such queue\n", PbxRefusedError, "pbx.no_such_queue"),
            ("Unable to remove interface 'SIP/1' from queue 'q': Not there\n", UnknownMemberError, "pbx.unknown_member"),
            ("Unable to pause interface 'SIP/1' in queue 'q'\n", UnknownMemberError, "pbx.unknown_member"),
            ("Unable to remove interface 'SIP/1' from queue 'q': Member is not dynamic\n", PbxRefusedError, "pbx.not_dynamic"),
            ("Usage: queue add member ...\n", PbxRefusedError, "pbx.refused"),
        ],
    )  # fmt: skip
    def test_failures_raise_the_matching_error(
        self, output: str, error: type[Exception], key: str
    ) -> None:
        with pytest.raises(error) as caught:
            asterisk_output.check_change_output(output, "1", "q")

        assert caught.value.key == key  # type: ignore[attr-defined]

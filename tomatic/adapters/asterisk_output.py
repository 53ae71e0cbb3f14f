"""Asterisk queue CLI (16–22): reading what `queue show` (members and counters) and the queue

Pure functions only, over the text Asterisk answers (its colour codes removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tomatic.domain.errors import PbxRefusedError, UnknownMemberError
from tomatic.domain.queue import MemberState, QueueCounters, QueueMember

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class ParsedMember:
    """One member line of `queue show`, as Asterisk printed it."""

    name: str
    interface: str
    state_interface: str = ""
    penalty: int = 0
    device: str = "Unknown"
    paused: bool = False
    pause_reason: str = ""
    in_call: bool = False
    calls_taken: int = 0
    last_call_secs: int | None = None
    flags: list[str] = field(default_factory=list)


_DEVICE_STATES = {
    "not in use": MemberState.AVAILABLE,
    "in use": MemberState.IN_CALL,
    "busy": MemberState.IN_CALL,
    "on hold": MemberState.IN_CALL,
    "ringing": MemberState.RINGING,
    "ring+inuse": MemberState.RINGING,
    "unavailable": MemberState.UNAVAILABLE,
    "invalid": MemberState.UNAVAILABLE,
    "unknown": MemberState.UNAVAILABLE,
}
_FIRST_TOKEN = re.compile(
    r" with penalty \d+| \((?:ringinuse |dynamic\)|realtime\)|in call\)|paused[):]|paused was"
    r"|(?:" + "|".join(re.escape(s) for s in _DEVICE_STATES) + r")\))",
    re.IGNORECASE,
)
_HEAD = re.compile(r"(?P<name>.*?) \((?P<iface>[^\s()]+)(?: from (?P<state>[^\s()]+))?\)")
_PAUSED = re.compile(r"paused(?::(?P<reason>.*?))?(?: was \d+ secs ago)?", re.IGNORECASE)
_TAKEN = re.compile(r"has taken (\d+) calls?")
_LAST = re.compile(r"last was (\d+) secs? ago")
_PENALTY = re.compile(r" with penalty (\d+)")


def parse_queue_show(output: str, queue: str) -> list[ParsedMember]:
    """Members listed by `queue show Q`, in the order Asterisk printed them.

    Raises PbxRefusedError when Asterisk answers that the queue does not exist.
    """
    lines = [_ANSI.sub("", line).rstrip() for line in output.splitlines()]
    if any(line.strip().startswith(("No such queue", "No queues")) for line in lines):
        raise PbxRefusedError("pbx.no_such_queue", queue=queue)
    _expect_header(lines, queue)
    members: list[ParsedMember] = []
    in_members = False
    for line in lines:
        text = line.strip()
        if text.startswith("Members:"):
            in_members = True
        elif text.startswith(("No Members", "Callers:", "No Callers")) or not text:
            in_members = False
        elif in_members:
            members.append(parse_member_line(text))
    return members


_HEADER_NUMBERS = {
    "waiting": re.compile(r" has (\d+) calls? "),
    "holdtime": re.compile(r"\((\d+)s holdtime"),
    "talktime": re.compile(r"(\d+)s talktime"),
    "completed": re.compile(r"\bC:(\d+)"),
    "abandoned": re.compile(r"\bA:(\d+)"),
}


def parse_counters(output: str, members: dict[str, int]) -> QueueCounters | None:
    """The queue's counters from the first line of `queue show`, with the members' calls.

    `C:` (calls completed) and `A:` (abandoned) are required; hold and talk times and the
    calls waiting are 0 when this Asterisk does not print them. None when the listing has
    no counters at all.
    """
    header = next((_ANSI.sub("", line) for line in output.splitlines() if " strategy " in line), "")
    if not (
        _HEADER_NUMBERS["completed"].search(header) and _HEADER_NUMBERS["abandoned"].search(header)
    ):
        return None

    def number(name: str) -> int:
        found = _HEADER_NUMBERS[name].search(header)
        return int(found.group(1)) if found else 0

    return QueueCounters(
        completed=number("completed"),
        abandoned=number("abandoned"),
        holdtime=number("holdtime"),
        talktime=number("talktime"),
        waiting=number("waiting"),
        members=members,
    )


def _expect_header(lines: list[str], queue: str) -> None:
    if not any(" has " in line and " strategy " in line for line in lines):
        raise PbxRefusedError("pbx.refused", detail=" / ".join(lines)[:200] or "-", queue=queue)


def parse_member_line(text: str) -> ParsedMember:
    """Parse one member line (already stripped of indentation and colours)."""
    split = _FIRST_TOKEN.search(text)
    head, rest = (text[: split.start()], text[split.start() :]) if split else (text, "")
    head_match = _HEAD.fullmatch(head)
    if head_match:
        member = ParsedMember(
            name=head_match["name"],
            interface=head_match["iface"],
            state_interface=head_match["state"] or "",
        )
    else:
        member = ParsedMember(name=head, interface=head)
    if penalty := _PENALTY.search(rest):
        member.penalty = int(penalty.group(1))
    if taken := _TAKEN.search(rest):
        member.calls_taken = int(taken.group(1))
    if last := _LAST.search(rest):
        member.last_call_secs = int(last.group(1))
    for token in re.findall(r"\(([^()]*)\)", rest):
        _apply_token(member, token.strip())
    return member


def _apply_token(member: ParsedMember, token: str) -> None:
    lowered = token.lower()
    if lowered in _DEVICE_STATES:
        member.device = token
    elif lowered == "in call":
        member.in_call = True
    elif paused := _PAUSED.fullmatch(token):
        member.paused = True
        member.pause_reason = (paused["reason"] or "").strip()
    elif lowered.startswith(("ringinuse", "last was", "login was")) or lowered in (
        "dynamic",
        "realtime",
    ):
        return
    else:
        member.flags.append(lowered)


def member_state(member: ParsedMember) -> MemberState:
    """One state from device state, call and pause: unavailable > in call > ringing > paused."""
    device = _DEVICE_STATES.get(member.device.lower(), MemberState.UNAVAILABLE)
    if device == MemberState.UNAVAILABLE:
        return device
    if member.in_call or device == MemberState.IN_CALL:
        return MemberState.IN_CALL
    if device == MemberState.RINGING:
        return device
    return MemberState.PAUSED if member.paused else MemberState.AVAILABLE


def to_queue_member(member: ParsedMember, extension: str) -> QueueMember:
    """The domain view of a parsed member."""
    return QueueMember(
        extension=extension,
        name="" if member.name == member.interface else member.name,
        state=member_state(member),
        paused=member.paused,
        pause_reason=member.pause_reason,
        calls_taken=member.calls_taken,
        seconds_since_last_call=member.last_call_secs,
    )


def check_change_output(output: str, extension: str, queue: str) -> None:
    """Raise the matching PbxError unless an add/remove/(un)pause command succeeded."""
    text = _ANSI.sub("", output).strip()
    if text.startswith(("Added interface", "Removed interface", "paused", "unpaused")):
        return
    if "No such queue" in text:
        raise PbxRefusedError("pbx.no_such_queue", queue=queue)
    if "Already there" in text:
        raise PbxRefusedError("pbx.already_member", extension=extension, queue=queue)
    if "Not there" in text or text.startswith(("Unable to pause", "Unable to unpause")):
        raise UnknownMemberError(extension=extension, queue=queue)
    if "not dynamic" in text.lower():
        raise PbxRefusedError("pbx.not_dynamic", extension=extension, queue=queue)
    raise PbxRefusedError("pbx.refused", detail=text[:200] or "-", queue=queue)

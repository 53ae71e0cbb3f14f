"""Asterisk queue CLI (16–22): input checks, command building and output parsing.

Pure functions only; `asterisk_ssh.py` runs what is built here. Every value that
ends up in a command is checked first, so nothing a user types reaches the remote
shell unchecked. Two quoting layers apply: Asterisk's own argument parser (double
quotes group words, backslash escapes) and the remote POSIX shell (`shlex.quote`).
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass, field

from tomatic.domain.errors import PbxRefusedError, UnknownMemberError, ValidationError
from tomatic.domain.queue import MemberState, QueueMember

_EXTENSION = re.compile(r"[0-9]{1,10}")
_QUEUE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TEXT = re.compile(r"(?:[^\W_]|[ '’.-])*")
_INTERFACE_CHARS = re.compile(r"[A-Za-z0-9/@._:-]+")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
MAX_TEXT = 80


def check_extension(value: str) -> str:
    """Return `value` if it is an extension (digits only), else raise ValidationError."""
    if not isinstance(value, str) or not _EXTENSION.fullmatch(value):
        raise ValidationError("pbx.invalid_extension", value=str(value))
    return value


def check_queue_name(value: str) -> str:
    """Return `value` if it is a queue name ([A-Za-z0-9_-]), else raise ValidationError."""
    if not isinstance(value, str) or not _QUEUE.fullmatch(value):
        raise ValidationError("pbx.invalid_queue", value=str(value))
    return value


def check_text(value: str, key: str, *, required: bool) -> str:
    """Normalise a name or reason and check it is plain text.

    Plain text is letters (accents included), digits, spaces, apostrophes,
    hyphens and dots, at most 80 characters. Raises ValidationError(`key`).
    """
    if not isinstance(value, str):
        raise ValidationError(key, value=str(value))
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > MAX_TEXT or not _TEXT.fullmatch(text) or (required and not text):
        raise ValidationError(key, value=value)
    return text


def check_name(value: str) -> str:
    """A member display name, checked and normalised (see `check_text`)."""
    return check_text(value, "pbx.invalid_name", required=True)


def check_reason(value: str) -> str:
    """A pause reason (may be empty), checked and normalised (see `check_text`)."""
    return check_text(value, "pbx.invalid_reason", required=False)


def check_line(value: int | None) -> int | None:
    """A 0-based line index, or None for "at the end"."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValidationError("pbx.invalid_line", value=str(value))
    return value


def check_members(members: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Check a wanted queue ((extension, name) in line order): plain values, no repeats."""
    checked = [(check_extension(ext), check_name(name)) for ext, name in members]
    seen: set[str] = set()
    for extension, _ in checked:
        if extension in seen:
            raise ValidationError("pbx.duplicate_extension", value=extension)
        seen.add(extension)
    return checked


class InterfacePattern:
    """Maps extensions to Asterisk interfaces and back, e.g. `PJSIP/{extension}`."""

    def __init__(self, pattern: str = "SIP/{extension}") -> None:
        prefix, sep, suffix = pattern.partition("{extension}")
        if not sep or "{extension}" in suffix or not prefix:
            raise ValidationError("pbx.invalid_interface", value=pattern)
        for part in (prefix, suffix):
            if part and not _INTERFACE_CHARS.fullmatch(part):
                raise ValidationError("pbx.invalid_interface", value=pattern)
        self.pattern = pattern
        self._regex = re.compile(re.escape(prefix) + r"([0-9]+)" + re.escape(suffix))

    def interface(self, extension: str) -> str:
        """The interface (dial string) of a checked extension."""
        return self.pattern.replace("{extension}", check_extension(extension))

    def extension(self, interface: str) -> str | None:
        """The extension of an interface following the pattern, or None."""
        match = self._regex.fullmatch(interface)
        return match.group(1) if match else None


def asterisk_quote(value: str) -> str:
    """Quote one argument for Asterisk's CLI parser (double quotes, backslash escapes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def remote_command(cli: str) -> str:
    """The shell command line that runs one Asterisk CLI command on the PBX host."""
    return f"asterisk -rx {shlex.quote(cli)}"


def show_command(queue: str) -> str:
    """`queue show Q`."""
    return f"queue show {check_queue_name(queue)}"


def add_command(queue: str, interface: str, penalty: int, name: str) -> str:
    """`queue add member IFACE to Q penalty N as "NAME" state_interface IFACE`."""
    check_line(penalty)
    return (
        f"queue add member {_check_interface(interface)} to {check_queue_name(queue)}"
        f" penalty {penalty} as {asterisk_quote(check_name(name))}"
        f" state_interface {interface}"
    )


def remove_command(queue: str, interface: str) -> str:
    """`queue remove member IFACE from Q`."""
    return f"queue remove member {_check_interface(interface)} from {check_queue_name(queue)}"


def pause_command(queue: str, interface: str, reason: str = "") -> str:
    """`queue pause member IFACE queue Q [reason "R"]`."""
    command = f"queue pause member {_check_interface(interface)} queue {check_queue_name(queue)}"
    reason = check_reason(reason)
    return f"{command} reason {asterisk_quote(reason)}" if reason else command


def unpause_command(queue: str, interface: str) -> str:
    """`queue unpause member IFACE queue Q`."""
    return f"queue unpause member {_check_interface(interface)} queue {check_queue_name(queue)}"


def _check_interface(interface: str) -> str:
    if not _INTERFACE_CHARS.fullmatch(interface):
        raise ValidationError("pbx.invalid_interface", value=interface)
    return interface


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

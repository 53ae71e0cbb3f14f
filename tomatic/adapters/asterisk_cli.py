"""Asterisk queue CLI (16–22): input checks and command building.

Pure functions only; `asterisk_ssh.py` runs what is built here and `asterisk_output.py` reads
what Asterisk answers. Every value that
ends up in a command is checked first, so nothing a user types reaches the remote
shell unchecked. Two quoting layers apply: Asterisk's own argument parser (double
quotes group words, backslash escapes) and the remote POSIX shell (`shlex.quote`).
"""

from __future__ import annotations

import re
import shlex
import unicodedata

from tomatic.domain.errors import ValidationError
from tomatic.domain.queue import MemberRefusal

_EXTENSION = re.compile(r"[0-9]{1,10}")
_QUEUE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TEXT = re.compile(r"(?:[^\W_]|[ '’.-])*")
_INTERFACE_CHARS = re.compile(r"[A-Za-z0-9/@._:-]+")
MAX_TEXT = 80
MEMBER_NAME_BYTES = 79
"""Asterisk keeps a queue member's name in 80 bytes (`membername[80]`, the last one NUL)."""


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
    """A member display name, checked and normalised (see `check_text`), and cut to what
    Asterisk keeps of it (`MEMBER_NAME_BYTES`) at a whole character: a longer name would come
    back cut, garbled when cut inside a letter, and never match what was sent."""
    name = check_text(value, "pbx.invalid_name", required=True)
    return name.encode()[:MEMBER_NAME_BYTES].decode("utf-8", "ignore").rstrip()


def check_reason(value: str) -> str:
    """A pause reason (may be empty), checked and normalised (see `check_text`)."""
    return check_text(value, "pbx.invalid_reason", required=False)


def check_line(value: int | None) -> int | None:
    """A 0-based line index, or None for "at the end"."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValidationError("pbx.invalid_line", value=str(value))
    return value


def screen_members(
    members: list[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[MemberRefusal]]:
    """Split a wanted queue into the members that can be sent to the PBX (checked and
    normalised, in line order) and those that cannot, each with the reason."""
    accepted: list[tuple[str, str]] = []
    refused: list[MemberRefusal] = []
    for extension, name in members:
        try:
            checked = (check_extension(extension), check_name(name))
            if checked[0] in {ext for ext, _ in accepted}:
                raise ValidationError("pbx.duplicate_extension", value=extension)
        except ValidationError as error:
            refused.append(_refusal(extension, name, error))
            continue
        accepted.append(checked)
    return accepted, refused


def _refusal(extension: str, name: str, error: ValidationError) -> MemberRefusal:
    params = {key: str(value) for key, value in error.params.items()}
    return MemberRefusal(extension=str(extension), name=str(name), key=error.key, params=params)


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

"""What the simulated Asterisk prints for `queue show`: members and the queue's counters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Member:
    """Queue member state inside the simulated Asterisk."""

    interface: str
    name: str
    penalty: int = 0
    state_interface: str = ""
    paused: bool = False
    reason: str = ""
    device: str = "Not in use"
    in_call: bool = False
    calls: int = 0
    last_call_secs: int = 0


@dataclass
class QueueStats:
    """A queue's counters as Asterisk keeps them: calls completed and abandoned since it
    started, and hold and talk times smoothed like its `recalc_holdtime` does."""

    completed: int = 0
    abandoned: int = 0
    holdtime: int = 0
    talktime: int = 0

    def completed_call(self, hold: int, talk: int) -> None:
        """Count one answered call."""
        self.holdtime = (self.holdtime * 3 + hold) // 4
        self.talktime = (self.talktime * 3 + talk) // 4
        self.completed += 1


def render_queue(queue: str, members: dict[str, Member], stats: QueueStats) -> str:
    """`queue show` output; members come in hash-like order, not line order."""
    lines = [
        f"{queue} has 0 calls (max unlimited) in 'rrordered' strategy ({stats.holdtime}s holdtime,"
        f" {stats.talktime}s talktime), W:0, C:{stats.completed}, A:{stats.abandoned},"
        " SL:0.0%, SL2:0.0% within 0s"
    ]
    if members:
        lines.append("   Members: ")
        for interface in sorted(members, reverse=True):
            lines.append("      " + render_member(members[interface]))
    else:
        lines.append("   No Members")
    lines += ["   No Callers", ""]
    return "\n".join(lines) + "\n"


def render_member(m: Member) -> str:
    """One member line as Asterisk 18 prints it."""
    text = m.name
    if m.name.lower() != m.interface.lower():
        state = f" from {m.state_interface}" if m.state_interface else ""
        text += f" ({m.interface}{state})"
    if m.penalty:
        text += f" with penalty {m.penalty}"
    text += " (ringinuse disabled) (dynamic)"
    if m.in_call:
        text += " (in call)"
    if m.paused:
        text += f" (paused{':' + m.reason if m.reason else ''} was 30 secs ago)"
    text += f" ({m.device})"
    if m.calls:
        text += f" has taken {m.calls} calls (last was {m.last_call_secs} secs ago)"
    else:
        text += " has taken no calls yet"
    return text + " (login was 600 secs ago)"

"""The live PBX queue as the rest of Tomàtic sees it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class MemberState(StrEnum):
    """What a queue member is doing right now."""

    AVAILABLE = "available"
    RINGING = "ringing"
    IN_CALL = "in_call"
    PAUSED = "paused"
    UNAVAILABLE = "unavailable"


class QueueMember(BaseModel):
    """One member (agent) of the PBX queue, in line order."""

    extension: str
    person: str = ""
    name: str = ""
    state: MemberState = MemberState.AVAILABLE
    paused: bool = False
    pause_reason: str = ""
    calls_taken: int = 0
    seconds_since_last_call: int | None = None

    @property
    def disconnected(self) -> bool:
        """True when the PBX cannot reach the member's phone."""
        return self.state == MemberState.UNAVAILABLE


class MemberRefusal(BaseModel):
    """A member the PBX would not take, and why: `key` names a catalogue sentence that
    `params` fill in (e.g. `pbx.invalid_name` with the name)."""

    extension: str
    name: str
    key: str
    params: dict[str, str] = {}


class QueueCounters(BaseModel):
    """The PBX's running counters of the queue at one moment (Asterisk's `queue show`).

    `completed` and `abandoned` count calls since the PBX last started (they go back to 0
    when it restarts); `holdtime` and `talktime` are the PBX's own running averages in
    seconds; `members` maps each member's extension to the calls it has taken since it
    joined the queue.
    """

    completed: int = 0
    abandoned: int = 0
    holdtime: int = 0
    talktime: int = 0
    waiting: int = 0
    members: dict[str, int] = {}

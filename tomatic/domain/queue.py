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

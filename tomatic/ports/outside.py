"""Ports to the outside world: the PBX, the ERP, chat, the solver workers, the clock.

Adapters in tomatic/adapters (and bot/ for Slack) implement them; tests use fakes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from tomatic.domain.calls import Call
from tomatic.domain.customer import Invoice, Partner, Reading, SearchResult
from tomatic.domain.directory import DirectoryMatch
from tomatic.domain.queue import MemberRefusal, QueueCounters, QueueMember


class PbxQueue(Protocol):
    """The PBX call queue. Members are identified by extension, listed in line order.

    Every method raises a `tomatic.domain.errors.PbxError` subclass on failure:
    UnknownMemberError, PbxUnreachableError or PbxRefusedError.
    """

    async def status(self) -> list[QueueMember]:
        """Current members in line order with their live state."""
        ...

    async def set_members(self, members: list[tuple[str, str]]) -> list[MemberRefusal]:
        """Reconcile the queue to `members` ((extension, display name) in line order)
        with the fewest changes, keeping the pauses of members who stay.

        A member the PBX cannot take (a bad extension or name, or refused by the PBX) is
        left out and returned with the reason; the others are loaded all the same.
        """
        ...

    async def add(self, extension: str, name: str, line: int | None = None) -> None:
        """Add a member (at the end, or with the penalty of `line`, 0-based)."""
        ...

    async def remove(self, extension: str) -> None:
        """Remove a member."""
        ...

    async def pause(self, extension: str, reason: str = "") -> None:
        """Pause a member with an optional reason."""
        ...

    async def resume(self, extension: str) -> None:
        """Unpause a member."""
        ...

    async def clear(self) -> None:
        """Remove every member."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...

    async def counters(self) -> QueueCounters | None:
        """The PBX's running counters of the queue now; None when this PBX keeps none."""
        ...


class CustomerData(Protocol):
    """The ERP, as far as call info needs it. Raises CustomerDataError when unavailable."""

    async def search(self, field: str, value: str, limit: int) -> list[Partner]:
        """Partners (with their contracts) matching `value` in `field`."""
        ...

    async def partner(self, erp_id: int) -> Partner | None:
        """One partner (with their contracts) by ERP id; None when there is none."""
        ...

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """Latest invoices of a contract."""
        ...

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """Latest meter readings of a contract."""
        ...


class CallNotifier(Protocol):
    """Tells an operator about an incoming call, privately, and fills in the customer card."""

    async def send_call_dm(self, slack_user_id: str, lang: str, call: Call) -> str:
        """DM "call from <phone> at HH:MM"; returns a reference for `update_call_dm`,
        "" when the DM could not be delivered (the adapter logs why)."""
        ...

    async def update_call_dm(
        self, ref: str, lang: str, call: Call, result: SearchResult | None
    ) -> None:
        """Replace that DM with the customer card (`result` None: customer data unavailable)."""
        ...


class Clock(Protocol):
    """Where the current time comes from (frozen in tests, advanced in the sandbox)."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware in the team's zone."""
        ...


class UserInfo(Protocol):
    """What the chat platform tells about one of its users."""

    user_id: str
    email: str
    locale: str
    real_name: str


class UserDirectory(Protocol):
    """The chat platform's user directory (Slack `users.info`, `users.lookupByEmail`)."""

    async def lookup(self, user_id: str) -> UserInfo | None:
        """The user's e-mail, locale and name, or None when unknown."""
        ...

    async def by_email(self, email: str) -> DirectoryMatch:
        """The account with that e-mail (and its locale), or that there is none or it is
        deactivated. Raises DirectoryUnavailableError when the directory cannot answer."""
        ...


class Notifier(Protocol):
    """Outbound messages to people and the team channel.

    `kind` names a renderer in `handlers/blocks` (e.g. `timetable.published`) that turns
    `payload` (plain data: ids, dates, numbers) into a message in the recipient's language.
    A ref is an opaque string to update the message later.
    """

    async def to_person(self, person: Any, kind: str, payload: dict[str, Any]) -> str | None:
        """DM a person (a domain Person with a Slack user id); None if they cannot be reached."""
        ...

    async def to_people(self, kind: str, messages: list[tuple[Any, dict[str, Any]]]) -> int:
        """DM many people at once (a publish, turn reminders): `(person, payload)` pairs,
        paced for the platform's limits without holding up other messages; how many
        were delivered."""
        ...

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        """Post to the team channel; None when no team channel is configured."""
        ...

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        """Replace a message sent before."""
        ...

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> bool:
        """Share a file (an image) in a channel or a user's DM (`where` = channel or user id);
        False when it could not be (Slack refused it or did not answer: logged, not raised)."""
        ...


class SolverRunner(Protocol):
    """Runs planner jobs away from the event loop (worker processes in production)."""

    async def solve(
        self,
        run_id: str,
        problem_json: str,
        options: dict[str, Any],
        on_progress: Any = None,
    ) -> str:
        """Solve and return the solution JSON; `on_progress(dict)` gets each better solution.

        Raises `SolverCrashedError` when the worker dies.
        """
        ...

    def cancel(self, run_id: str) -> bool:
        """Ask a running job to stop, keeping its best solution; False if not running."""
        ...


class DatabaseBackups(Protocol):
    """Copies of the database in a backup folder, the oldest beyond a number deleted."""

    async def back_up(self, at: dt.datetime) -> tuple[str, list[str]]:
        """Write the copy of moment `at` and prune; (file written, files deleted)."""
        ...

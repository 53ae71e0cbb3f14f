"""Persons linked to their chat account: what the directory says and what a link did.

A person is reachable (DMs, call cards, mentions) once their chat user id is stored on
them. The id is found by e-mail; a lookup that fails says nothing about the person and is
simply tried again at the next sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Found = Literal["member", "unknown", "deactivated"]

LinkState = Literal["linked", "unchanged", "unknown", "deactivated", "no_email", "failed", "taken"]
"""What linking one person did (or would do, in a dry run):

- `linked`: the id was stored or changed; `unchanged`: it was already the stored one;
- `unknown`: the directory does not know the e-mail (a link made before is kept);
- `deactivated`: the account is deactivated (a stored link is removed);
- `no_email`: nothing to look up; `failed`: the directory did not answer (`detail` says why);
- `taken`: the account is linked to another person (`detail` names them).
"""


@dataclass(frozen=True)
class DirectoryMatch:
    """The directory's answer for one e-mail: the account and its locale when found."""

    found: Found
    user_id: str = ""
    locale: str = ""


@dataclass(frozen=True)
class LinkOutcome:
    """What linking one person did."""

    person: str
    email: str
    state: LinkState
    user_id: str = ""
    detail: str = ""


@dataclass
class LinkReport:
    """Every outcome of a sync, in the order people were checked."""

    outcomes: list[LinkOutcome] = field(default_factory=list)
    dry_run: bool = False

    def of(self, *states: LinkState) -> list[LinkOutcome]:
        """The outcomes in any of `states`."""
        return [outcome for outcome in self.outcomes if outcome.state in states]

    @property
    def linked(self) -> int:
        """People linked to a live account (new or already)."""
        return len(self.of("linked", "unchanged"))

    @property
    def counts(self) -> dict[str, int]:
        """How many outcomes of each state (only the states that occurred)."""
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
        return counts

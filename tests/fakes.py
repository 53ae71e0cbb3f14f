"""Ten-line fakes with inspectable state, for the ports that talk to the outside."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

from tomatic.domain.directory import DirectoryMatch
from tomatic.domain.errors import DirectoryUnavailableError


class FakeNotifier:
    """Records every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []  # (to, kind, payload)
        self.updates: list[tuple[str, str, dict[str, Any]]] = []
        self.files: list[tuple[str, str, bytes]] = []

    async def to_person(self, person: Any, kind: str, payload: dict[str, Any]) -> str | None:
        self.sent.append((person.id, kind, payload))
        return f"D-{person.id}:{len(self.sent)}"

    async def to_people(self, kind: str, messages: list[tuple[Any, dict[str, Any]]]) -> int:
        return sum([bool(await self.to_person(p, kind, payload)) for p, payload in messages])

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        self.sent.append(("#team", kind, payload))
        return f"C-team:{len(self.sent)}"

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        self.updates.append((ref, kind, payload))

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> bool:
        self.files.append((where, filename, content))
        return True

    def kinds(self, to: str | None = None) -> list[str]:
        return [kind for who, kind, _ in self.sent if to is None or who == to]


class RecordingClient:
    """Stands in for Slack's AsyncWebClient in listener tests; records every Web API call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, method: str) -> Any:
        async def call(**kwargs: Any) -> dict[str, Any]:
            self.calls.append((method, kwargs))
            return {"ok": True}

        return call

    def of(self, method: str) -> list[dict[str, Any]]:
        """The arguments of every call to one Web API method, in order."""
        return [kwargs for name, kwargs in self.calls if name == method]


class FakeDirectory:
    """A chat directory: `add` members (deactivated or not), `failing` e-mails raise."""

    def __init__(self) -> None:
        self.members: dict[str, tuple[str, str, bool]] = {}  # e-mail → (id, locale, deleted)
        self.failing: set[str] = set()
        self.asked: list[str] = []
        self.delay_s = 0.0

    def add(self, email: str, user_id: str, locale: str = "", deleted: bool = False) -> None:
        self.members[email.lower()] = (user_id, locale, deleted)

    async def lookup(self, user_id: str) -> Any:
        for email, (member_id, locale, _) in self.members.items():
            if member_id == user_id:
                return SimpleNamespace(user_id=user_id, email=email, locale=locale, real_name="")
        return None

    async def by_email(self, email: str) -> DirectoryMatch:
        self.asked.append(email)
        await asyncio.sleep(self.delay_s)
        if email.lower() in self.failing:
            raise DirectoryUnavailableError(reason="ratelimited")
        if email.lower() not in self.members:
            return DirectoryMatch("unknown")
        user_id, locale, deleted = self.members[email.lower()]
        return DirectoryMatch("deactivated" if deleted else "member", user_id, locale)


class InstantRunner:
    """A SolverRunner that answers every problem at once with a grid of holes (`solved`
    counts the runs), for tests about everything around the planner."""

    def __init__(self) -> None:
        self.solved = 0

    async def solve(self, run_id: str, problem_json: str, options: dict, on_progress=None) -> str:
        problem = json.loads(problem_json)
        self.solved += 1
        turn = [None] * problem["nLines"]
        holes = [[turn] * problem["nHours"] for _ in problem["days"]]
        return json.dumps({"status": "feasible", "cost": 0, "timetable": holes})

    def cancel(self, run_id: str) -> bool:
        return False

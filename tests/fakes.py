"""Ten-line fakes with inspectable state, for the ports that talk to the outside."""

from __future__ import annotations

from typing import Any


class FakeNotifier:
    """Records every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []  # (to, kind, payload)
        self.updates: list[tuple[str, str, dict[str, Any]]] = []
        self.files: list[tuple[str, str, bytes]] = []

    async def to_person(self, person: Any, kind: str, payload: dict[str, Any]) -> str | None:
        self.sent.append((person.id, kind, payload))
        return f"D-{person.id}:{len(self.sent)}"

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        self.sent.append(("#team", kind, payload))
        return f"C-team:{len(self.sent)}"

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        self.updates.append((ref, kind, payload))

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> None:
        self.files.append((where, filename, content))

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

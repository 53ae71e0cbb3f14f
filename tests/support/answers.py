"""`/tomatic …` run as bolt runs it, and what the user got judged as Slack and a reader would.

`slash` acknowledges, dispatches and hands failures to the one error handler, like bolt;
it records every reply, every modal opened and every message sent meanwhile.
`problems_of` lists what is wrong with the answer: nothing shown, a raw catalogue key, an
unfilled placeholder, a traceback, the "something went wrong" of a crash, or a payload
Slack would refuse (`tests/support/blockkit.py`).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from structlog.testing import capture_logs

from handlers.blocks.messages import render
from handlers.commands.slash import handle_tomatic
from tests.fakes import FakeNotifier, RecordingClient
from tests.support.blockkit import message_problems, view_problems
from tests.support.slack import RESPONSE_URL, as_bolt
from tomatic.i18n import LANGUAGES, catalogue

HANG_S = 30.0
"""Not a deadline (Slack's 3 s are for the acknowledgement, which comes first): a command
still running after this long is stuck."""

NAMESPACES = sorted({key.split(".")[0] for key in catalogue("en")})
RAW_KEY = re.compile(rf"\b(?:{'|'.join(NAMESPACES)})\.[a-z_]+(?:\.[a-z_]+)*\b")
PLACEHOLDERS = {
    name
    for lang in LANGUAGES
    for template in catalogue(lang).values()
    for name in re.findall(r"\{([a-z_]+)\}", template)
}
TRACEBACK = re.compile(r"Traceback|\b[A-Z][A-Za-z]+(?:Error|Exception)\b|File \"")
PYTHON = re.compile(r"\bNone\b|object at 0x|datetime\.|\b(?:Person|BusyEntry|Timetable)\(")
"""What Python shows of its values, which no sentence should."""


@dataclass
class Answer:
    """What one command showed: private replies, modals, messages sent, and failures logged."""

    typed: str
    replies: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    crashes: list[dict[str, Any]] = field(default_factory=list)
    acknowledged_first: bool = False

    @property
    def shown(self) -> bool:
        return bool(self.replies or self.views)


class CheckingNotifier(FakeNotifier):
    """Records like FakeNotifier, and renders every message the way the Slack notifier does,
    so that its text and blocks are judged too (`rendered`: kind, text, blocks)."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[tuple[str, str, list[dict[str, Any]] | None]] = []

    def _render(self, kind: str, payload: dict[str, Any], lang: str = "en") -> None:
        self.rendered.append((kind, *render(kind, payload, lang)))

    async def to_person(self, person: Any, kind: str, payload: dict[str, Any]) -> str | None:
        self._render(kind, payload, person.language or "en")
        return await super().to_person(person, kind, payload)

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        self._render(kind, payload)
        return await super().to_channel(kind, payload)

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        self._render(kind, payload, lang)
        await super().update(ref, kind, payload, lang)


async def slash(services: Any, user: str, text: str, client: Any = None) -> Answer:
    """Run `/tomatic text` as `user`, as bolt would; what they got."""
    client = client or RecordingClient()
    answer = Answer(text)
    done_before: list[int] = []
    seen = len(getattr(client, "calls", []))

    async def ack(*_args: Any, **_kwargs: Any) -> None:
        done_before.append(len(answer.replies) + len(getattr(client, "calls", [])) - seen)

    async def respond(**kwargs: Any) -> None:
        answer.replies.append(kwargs)

    command = {"text": text, "user_id": user, "channel_id": "D0", "trigger_id": "1.2.3"}
    command["response_url"] = RESPONSE_URL
    context = {"services": services}
    with capture_logs() as logs:
        work = as_bolt(
            handle_tomatic(ack, command, respond, client, context),
            command,
            context,
            client,
            respond,
        )
        await asyncio.wait_for(work, HANG_S)
    answer.acknowledged_first = done_before == [0]
    for method, kwargs in getattr(client, "calls", [])[seen:]:
        target = answer.views if method.startswith("views_") else answer.messages
        target.append(kwargs.get("view") or kwargs)
    answer.crashes = [e for e in logs if e.get("event") == "listener failed"]
    return answer


def problems_of(answer: Answer) -> list[str]:
    """Why the user would be let down by this answer (empty when it is a good one)."""
    found = [] if answer.acknowledged_first else ["not acknowledged first, or twice"]
    found += [f"crashed: {c.get('error')}" for c in answer.crashes]
    if not answer.shown:
        found.append("nothing shown")
    for reply in answer.replies:
        found += sentence_problems(reply.get("text") or "", answer.typed)
        if reply.get("blocks"):
            found += message_problems(reply["blocks"])
            found += sentence_problems(texts_in(reply["blocks"]), answer.typed, whole=False)
    for view in answer.views:
        found += view_problems(view)
        found += sentence_problems(texts_in(view), answer.typed, whole=False)
    for message in answer.messages:
        found += message_problems(message.get("blocks") or [])
    return found


def sentence_problems(text: str, typed: str, whole: bool = True) -> list[str]:
    """A raw key, an unfilled placeholder or a traceback in `text` (that the user did not
    type themselves); with `whole`, also an empty text."""
    found = [] if text.strip() or not whole else ["an empty text"]
    found += [f"raw key {k}" for k in RAW_KEY.findall(text) if k not in typed]
    found += [
        f"unfilled {{{name}}}"
        for name in re.findall(r"\{([a-z_]+)\}", text)
        if name in PLACEHOLDERS and f"{{{name}}}" not in typed
    ]
    found += [f"traceback-like {m}" for m in TRACEBACK.findall(text) if m not in typed]
    found += [f"python value {m}" for m in PYTHON.findall(text) if m not in typed]
    return found


def texts_in(payload: Any) -> str:
    """Every text object's text in blocks (or a view), one a line: what people read."""
    if isinstance(payload, list):
        return "\n".join(texts_in(item) for item in payload)
    if not isinstance(payload, dict):
        return ""
    if payload.get("type") in ("mrkdwn", "plain_text") and isinstance(payload.get("text"), str):
        return payload["text"]
    return "\n".join(
        texts_in(value) for value in payload.values() if isinstance(value, list | dict)
    )


def rendered_problems(notifier: CheckingNotifier, typed: str = "") -> list[str]:
    """What is wrong with the messages the services sent (text and blocks), knowing what
    was `typed` (a `says` repeats it)."""
    found = []
    for kind, text, blocks in notifier.rendered:
        found += [f"{kind}: {p}" for p in sentence_problems(text, typed)]
        found += [f"{kind}: {p}" for p in message_problems(blocks or [])]
        found += [f"{kind}: {p}" for p in sentence_problems(texts_in(blocks), typed, whole=False)]
    return found

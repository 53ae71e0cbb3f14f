"""Structured logs: JSON lines, or a readable console format in a terminal.

Logs never carry what people send us: request bodies, `response_url`s, search text or
comments. Our own events name ids and reasons only, and `redact_fields` blanks the few
keys that could hold such content. Other libraries (slack-bolt, slack-sdk, aiohttp…) may
quote requests in their messages, and bolt gives each of its loggers a level of its own,
so the handler filters them instead of their loggers: below WARNING they are dropped
whatever TOMATIC_LOG_LEVEL says, and what remains is cut to one scrubbed line.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import MutableMapping
from types import TracebackType
from typing import Any, TextIO

import structlog

OWN_LOGGERS = ("tomatic", "bot", "handlers")
LIBRARY_FLOOR = logging.WARNING
SENSITIVE_KEYS = frozenset({"body", "payload", "response_url", "text", "query", "comment"})
MAX_LINE = 300

_LABELLED = re.compile(r"\b(body|payload|response_url|text|query|comment)\b\s*[:=].*", re.I | re.S)
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I)
_BLOB = re.compile(r"[{\[].*[}\]]", re.S)
_FORM = re.compile(r"\S*=\S*&\S*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def scrub(text: str) -> str:
    """The first line of `text` without request content: labelled bodies, URLs, JSON or
    dict reprs, form-encoded data and quoted values (an exception's usual way of naming its
    input) are replaced by placeholders; at most MAX_LINE characters."""
    line = text.strip().split("\n", 1)[0]
    line = _LABELLED.sub(lambda m: m.group(1) + ": <not logged>", line)
    line = _FORM.sub("<form>", _BLOB.sub("{…}", _URL.sub("<url>", line)))
    line = _QUOTED.sub("'…'", line)
    return line if len(line) <= MAX_LINE else line[:MAX_LINE] + "…"


def is_own(logger_name: str) -> bool:
    """Whether a logger belongs to this service (not to a library)."""
    return logger_name.split(".", 1)[0] in OWN_LOGGERS


class LibraryRecordFilter(logging.Filter):
    """On the handler: other libraries' records below LIBRARY_FLOOR are dropped, the rest
    reduced to a scrubbed line, whatever level their loggers were given."""

    def filter(self, record: logging.LogRecord) -> bool:
        if is_own(record.name):
            return True
        if record.levelno < LIBRARY_FLOOR:
            return False
        record.msg, record.args = scrub(record.getMessage()), None
        return True


def redact_fields(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: values of keys that could hold request content are blanked."""
    for key in SENSITIVE_KEYS & event_dict.keys():
        event_dict[key] = "<not logged>"
    return event_dict


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def safe_traceback(exc_info: ExcInfo) -> str:
    """A traceback (frames, chained causes) whose exception messages are scrubbed."""
    text = ""
    current: BaseException | None = exc_info[1]
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        kind = f"{type(current).__module__}.{type(current).__qualname__}"
        text = f"Traceback (most recent call last):\n{frames}{kind}: {scrub(str(current))}" + text
        current = current.__cause__ or current.__context__
        if current is not None:
            text = "\n\nwhich led to:\n\n" + text
    return text


def configure_logging(
    level: str = "INFO", json: bool | None = None, cache: bool = True, stream: TextIO | None = None
) -> None:
    """Route structlog and the standard library through one renderer on `stream` (stdout)."""
    stream = stream or sys.stdout
    use_json = (not stream.isatty()) if json is None else json
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if use_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=cache,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            redact_fields,
            structlog.processors.ExceptionRenderer(safe_traceback),
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(LibraryRecordFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiohttp.access", "slack_bolt", "slack_sdk", "asyncssh", "apscheduler"):
        logging.getLogger(noisy).setLevel(LIBRARY_FLOOR)

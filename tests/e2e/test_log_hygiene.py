"""Issue 14 item 2: what people send never reaches the log, whatever TOMATIC_LOG_LEVEL says."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import structlog
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.app import create_app
from bot.logs import configure_logging
from bot.sandbox import signed_headers
from tests.conftest import make_settings
from tests.support.listener import listening
from tomatic.domain.errors import ValidationError

SECRET = "0ddba11c0ffee0ddba11c0ffee000000"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def log_lines() -> Iterator[Callable[[], list[str]]]:
    """Logging as `tomatic serve` sets it up at TOMATIC_LOG_LEVEL=DEBUG; the lines since
    the last call."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    output = io.StringIO()
    configure_logging("DEBUG", json=True, cache=False, stream=output)

    def lines() -> list[str]:
        text = output.getvalue()
        output.seek(0)
        output.truncate()
        return text.splitlines()

    yield lines
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    structlog.reset_defaults()


def secret_command() -> str:
    return urlencode(
        {
            "command": "/tomatic",
            "text": "search SECRETSEARCH customer",
            "user_id": "U0BERNAT",
            "response_url": "https://hooks.slack.com/commands/T0/1/SECRETHOOK",
            "comment": "SECRETCOMMENT about a medical appointment",
        }
    )


async def test_an_unsigned_200kb_post_and_a_stale_signed_one_leave_no_body_in_the_log(
    aiohttp_client, tmp_path: Path, log_lines
):
    async with listening() as slack:
        settings = make_settings(
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-logs",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=slack.url + "api/",
            TOMATIC_LOG_LEVEL="debug",
        )
        client = await aiohttp_client(create_app(settings))
        log_lines()  # forget the start-up lines
        big = ("SECRETBODY " * 20_000).encode()
        unsigned = await client.post("/slack/events", data=big, headers={"Content-Type": FORM})
        body = secret_command()
        stale = signed_headers(SECRET, body, FORM, now=time.time() - 3600)
        stale_reply = await client.post("/slack/events", data=body, headers=stale)
        assert (unsigned.status, stale_reply.status) == (401, 401)
        assert slack.requests == []

    lines = log_lines()
    text = "\n".join(lines)
    for secret in ("SECRETBODY", "SECRETSEARCH", "SECRETHOOK", "SECRETCOMMENT", "hooks.slack"):
        assert secret not in text
    events = [json.loads(line) for line in lines]
    refused = [e for e in events if e.get("path") == "/slack/events"]
    assert [(e["event"], e["reason"], e["status"]) for e in refused] == [
        ("request rejected", "bad_timestamp", 401),
        ("request rejected", "stale_timestamp", 401),
    ]
    assert len(text) < 2000


async def test_bolts_own_signature_log_is_dropped_although_bolt_sets_its_loggers_to_debug(
    log_lines,
):
    """Bolt logs the whole body of a request it cannot verify, at INFO, on a logger whose
    level it sets itself: the handler filter drops it all the same."""
    bolt = AsyncApp(signing_secret=SECRET, token="xoxb-unused")
    assert logging.getLogger("slack_bolt.RequestVerification").getEffectiveLevel() == logging.DEBUG
    request = AsyncBoltRequest(body=secret_command(), headers={"content-type": FORM})
    response = await bolt.async_dispatch(request)
    logging.getLogger("slack_sdk.web").debug("Sending a request - body: SECRETSEARCH")
    logging.getLogger("slack_bolt.App").warning("Unhandled request ({'text': 'SECRETSEARCH'})")
    assert response.status == 401
    text = "\n".join(log_lines())
    assert "SECRET" not in text and "hooks.slack" not in text
    assert "Unhandled request" in text  # a library's warning still says what happened


def test_our_own_events_never_carry_request_content(log_lines) -> None:
    log = structlog.get_logger("tomatic.test")
    log.info("search done", user="U0BERNAT", query="SECRETSEARCH", text="SECRETSEARCH")
    typed = {"search": "SECRET" + "SEARCH", "comment": "SECRET" + "COMMENT"}  # not in the source
    hook = "https://hooks.slack.com/commands/" + typed["search"]
    for failing in (
        lambda: int(typed["search"]),
        lambda: ValidationError("busy.bad_reason", value=typed["comment"]),
        lambda: urlopen_like(hook),
    ):
        try:
            raise_it(failing)
        except Exception as error:
            log.error("listener failed", exc_info=error)
    lines = log_lines()
    assert "SECRET" not in "\n".join(lines) and "hooks.slack" not in "\n".join(lines)
    first = json.loads(lines[0])
    assert first["user"] == "U0BERNAT" and first["query"] == "<not logged>"
    exceptions = [json.loads(line)["exception"] for line in lines[1:]]
    assert "builtins.ValueError: invalid literal for int() with base 10: '…'" in exceptions[0]
    assert "tomatic.domain.errors.ValidationError: busy.bad_reason {…}" in exceptions[1]
    assert "builtins.OSError: cannot reach <url>" in exceptions[2]


def raise_it(failing) -> None:
    result = failing()
    if isinstance(result, Exception):
        raise result


def urlopen_like(url: str) -> None:
    raise OSError(f"cannot reach {url}")

"""PBX checks through the SSH adapter: reachable with a known host key, the queue exists."""

from __future__ import annotations

import datetime as dt

from bot.doctor.report import Check, failed, passed
from bot.pbx import build_pbx
from bot.settings import Settings
from tomatic.domain.errors import PbxRefusedError, PbxUnreachableError, TomaticError
from tomatic.i18n import t

HOST_KEY_WORDS = ("host key",)
"""asyncssh says "Host key is not trusted…" (or similar) when the key is unknown."""
LOGIN_WORDS = ("permission denied",)
"""…and "Permission denied for user … on host …" when the PBX refuses the login."""


async def check_pbx(settings: Settings) -> list[Check]:
    """Two lines: SSH to the PBX, and the queue."""
    if settings.pbx != "asterisk-ssh":
        return [failed("pbx", "fake"), failed("pbx_queue", "unknown")]
    where = {"host": settings.pbx_host, "port": settings.pbx_port}
    queue = settings.pbx_queue
    try:
        pbx = build_pbx(settings, lambda: dt.datetime.now(settings.zone))
    except TomaticError as error:  # e.g. a queue name Asterisk would not accept
        reason = t(settings.language, error.key, **error.params)
        return [failed("pbx", "refused", reason=reason, **where), failed("pbx_queue", "unknown")]
    try:
        members = await pbx.status()
    except PbxUnreachableError as error:
        reason = str(error.params.get("reason", "timeout"))
        key = "host_key" if any(w in reason.lower() for w in HOST_KEY_WORDS) else "down"
        key = "login" if any(w in reason.lower() for w in LOGIN_WORDS) else key
        return [failed("pbx", key, reason=reason, **where), failed("pbx_queue", "unknown")]
    except PbxRefusedError as error:
        if error.key == "pbx.no_such_queue":
            return [passed("pbx", **where), failed("pbx_queue", "missing", queue=queue)]
        reason = error.params.get("detail", error.key)
        return [failed("pbx", "refused", reason=reason, **where), failed("pbx_queue", "unknown")]
    finally:
        await pbx.close()
    return [passed("pbx", **where), passed("pbx_queue", queue=queue, count=len(members))]

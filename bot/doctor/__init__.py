"""`tomatic doctor`: the configuration checked against the real systems, one line per check.

Every check runs (concurrently, each with its own timeout) and says what it found or what
to do. The settings themselves are checked by loading them: if they do not load, nothing
else can be checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from bot.doctor.erp import check_erp
from bot.doctor.local import check_backups, check_config, check_database, check_ringring_token
from bot.doctor.pbx import check_pbx
from bot.doctor.report import Check, failed, passed, summary
from bot.doctor.slack import check_slack
from bot.doctor.web import check_public_url
from bot.settings import Settings

__all__ = ["Check", "run_checks", "summary"]


async def run_checks(settings: Settings) -> list[Check]:
    """Every check, in a fixed order."""
    config_check, config = check_config(settings)
    slack, erp, pbx, web = await asyncio.gather(
        guarded(check_slack(settings), "slack_token"),
        guarded(check_erp(settings, config), "erp_login"),
        guarded(check_pbx(settings), "pbx"),
        guarded(check_public_url(settings), "public_url"),
    )
    return [
        passed("settings"),
        config_check,
        check_database(settings.db_path),
        check_backups(settings, config),
        *slack,
        *erp,
        *pbx,
        check_ringring_token(settings),
        *web,
    ]


async def guarded(check: Awaitable[Check | list[Check]], name: str) -> list[Check]:
    """The check's lines; a check that breaks is one failed line naming the error."""
    try:
        found = await check
    except Exception as error:  # a doctor reports, whatever went wrong in one check
        return [failed(name, "error", reason=f"{type(error).__name__}: {error}")]
    return found if isinstance(found, list) else [found]

"""`tomatic doctor`: check the configuration against the real systems before the phones ring."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.runner import EXIT_FAILED, EXIT_OK
from bot.doctor import run_checks, summary
from bot.doctor.report import failed
from bot.settings import Settings, describe_error


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `doctor`."""
    parser = sub.add_parser(
        "doctor",
        help="check settings, database, Slack, ERP, PBX and public URL; exit 0 when all pass",
    )
    parser.set_defaults(handler=doctor)


def doctor(args: argparse.Namespace) -> int:
    """One line per check, then a summary; exit 0 only when every check passed."""
    try:
        settings = Settings()
    except Exception as error:  # pydantic's ValidationError and bad .env files alike
        print(failed("settings", "bad", problem=describe_error(error)).line("en"))
        return EXIT_FAILED
    checks = asyncio.run(run_checks(settings))
    for check in checks:
        print(check.line(settings.language), flush=True)
    print(summary(checks, settings.language))
    return EXIT_OK if all(check.ok for check in checks) else EXIT_FAILED

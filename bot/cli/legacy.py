"""`tomatic import-legacy DIR` and `tomatic export-legacy DIR`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from bot.cli.runner import EXIT_USAGE, fail, load_settings, run_with_services
from bot.cli.slack import print_report
from bot.config_file import load_planning_config
from bot.slack_pacing import bulk_sending
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import open_database
from tomatic.adapters.sqlite.legacy_import import export_bundle, import_bundle
from tomatic.domain.model import monday_of
from tomatic.legacy import directory
from tomatic.legacy.directory import read_legacy_dir, write_legacy_dir
from tomatic.services import Services

LEGACY_FILES = (
    directory.PERSONS,
    directory.IDEAL_LOADS,
    directory.WEEKLY_BUSY,
    directory.CONFIG,
    directory.CREDIT,
    directory.ONESHOT_BUSY,
    directory.VACATIONS,
    directory.HOLIDAYS,
    directory.LEAVES,
    directory.FORCED_TURNS,
    directory.TIMETABLES,
)
"""What `import-legacy` reads: a folder with none of them is not the original's."""


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the legacy import/export commands."""
    imp = sub.add_parser("import-legacy", help="import the original Tomàtic's files from DIR")
    imp.add_argument("dir", type=Path)
    imp.add_argument(
        "--week",
        type=_week,
        default=None,
        help="Monday the day-off file and shift credit belong to (default: next Monday)",
    )
    imp.set_defaults(handler=import_legacy)
    exp = sub.add_parser("export-legacy", help="write the original Tomàtic's files into DIR")
    exp.add_argument("dir", type=Path)
    exp.set_defaults(handler=export_legacy)


def _week(text: str) -> dt.date:
    try:
        return monday_of(dt.date.fromisoformat(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def import_legacy(args: argparse.Namespace) -> int:
    """Import what parses; name every rejected line; exit 1 if any was rejected."""
    if not args.dir.is_dir():
        return fail(f"{args.dir} is not a directory", EXIT_USAGE)
    if not any((args.dir / name).exists() for name in LEGACY_FILES):
        known = ", ".join(LEGACY_FILES[:4])
        return fail(
            f"{args.dir} holds none of the original Tomàtic's files ({known}…):"
            " nothing was imported — give the folder that holds them",
            EXIT_USAGE,
        )
    settings = load_settings()
    week = args.week or monday_of(dt.date.today()) + dt.timedelta(days=7)
    bundle, errors = read_legacy_dir(args.dir)
    db = open_database(settings.db_path)
    try:
        report = import_bundle(db, bundle, week)
    except ValueError as error:
        return fail(f"nothing imported: {error}", EXIT_USAGE)
    finally:
        db.conn.close()
    rejected = errors + report.rejected
    for line in rejected:
        print(line)
    changes = ", ".join(f"{n} {kind}" for kind, n in report.changed.items() if n) or "nothing new"
    print(f"Imported {changes} (days off and credit for the week of {week}).")
    print(f"{len(rejected)} line(s) could not be imported." if rejected else "Every line imported.")
    if settings.slack_bot_token is not None:
        run_with_services(_link_imported, settings)
    return 1 if rejected else 0


async def _link_imported(services: Services) -> int:
    """Link the people who have no Slack link yet (new ones, new e-mails) by e-mail."""
    print("Linking to Slack…")
    with bulk_sending():
        report = await services.linking.sync(only_unlinked=True)
    linked = len([p for p in await services.persons.list() if p.slack_user_id])
    print_report(report, len(report.outcomes))
    print(f"{linked} persons in all are linked to Slack.")
    return 0


def export_legacy(args: argparse.Namespace) -> int:
    """Write every stored entity back in the original formats."""
    settings = load_settings()
    db = open_database(settings.db_path)
    try:
        config = load_planning_config(settings.config_path, SqliteConfigOverrides(db).all())
        files = write_legacy_dir(export_bundle(db, config), args.dir)
    except OSError as error:  # a folder that cannot be made or written
        return fail(f"cannot write into {args.dir}: {error.strerror} ({error.filename})")
    finally:
        db.conn.close()
    print(f"Wrote {len(files)} file(s) into {args.dir}.")
    return 0

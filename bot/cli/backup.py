"""`tomatic backup DIR [--keep N]` and `tomatic restore FILE [--yes]`."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

from bot.cli.runner import EXIT_FAILED, EXIT_OK, fail, load_settings, sentence
from tomatic.adapters.sqlite.backup import (
    backup_name,
    check_backup,
    copy_database,
    prune,
    restore_database,
)
from tomatic.domain.errors import TomaticError
from tomatic.i18n import t

YES = {"y", "yes", "s", "si", "sí"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `backup` and `restore`."""
    backup = sub.add_parser(
        "backup", help="copy the database into DIR (consistent while the service runs)"
    )
    backup.add_argument("dir", type=Path, help="folder for the copy (created if needed)")
    backup.add_argument(
        "--keep", type=_positive, default=None, help="then delete all but the newest N copies"
    )
    backup.set_defaults(handler=back_up)
    restoring = sub.add_parser("restore", help="replace the database with a backup (asks first)")
    restoring.add_argument("file", type=Path, help="a copy written by `tomatic backup`")
    restoring.add_argument("--yes", action="store_true", help="replace without asking")
    restoring.set_defaults(handler=restore)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of copies, 1 or more")
    return int(text)


def back_up(args: argparse.Namespace) -> int:
    """Write `tomatic-YYYYMMDD-HHMMSS.db` into the folder, then prune with --keep."""
    settings = load_settings()
    lang, database = settings.language, settings.db_path
    target = args.dir / backup_name(dt.datetime.now(settings.zone))
    try:
        written = copy_database(database, target)
        deleted = prune(args.dir, args.keep) if args.keep else []
    except TomaticError as error:
        return fail(sentence(error, lang))
    except (OSError, sqlite3.Error) as error:
        return fail(t(lang, "backup.failed", folder=args.dir, reason=error))
    print(t(lang, "backup.written", database=database, file=written))
    if deleted:
        print(t(lang, "backup.deleted", count=len(deleted), keep=args.keep))
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    """Check the copy, ask before replacing an existing database, restore and migrate."""
    settings = load_settings()
    lang, database = settings.language, settings.db_path
    try:
        check_backup(args.file)
    except TomaticError as error:
        return fail(sentence(error, lang))
    in_use = database.exists() and database.stat().st_size > 0
    if in_use and not args.yes:
        if not sys.stdin.isatty():
            return fail(t(lang, "restore.needs_yes", database=database))
        question = t(lang, "restore.question", database=database, file=args.file)
        if input(question).strip().lower() not in YES:
            print(t(lang, "restore.cancelled"))
            return EXIT_FAILED
    try:
        kept = restore_database(args.file, database)
    except TomaticError as error:
        return fail(sentence(error, lang))
    except (OSError, sqlite3.Error) as error:
        return fail(t(lang, "restore.failed", database=database, reason=error))
    if kept:
        print(t(lang, "restore.kept_damaged", database=database, kept=kept))
    print(t(lang, "restore.done", file=args.file, database=database))
    return EXIT_OK

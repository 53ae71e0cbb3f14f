"""Backups of the SQLite database through SQLite's online backup API, and restoring one.

The backup API copies a consistent snapshot even while the service keeps writing (the
database is in WAL mode, so readers and the one writer do not block each other). A copy is
written next to its final name and renamed when complete and checked, so a backup folder
never holds half a file under a backup's name.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from tomatic.adapters.sqlite.db import MIGRATIONS, open_database
from tomatic.domain.errors import NotFoundError, TomaticError, ValidationError

PREFIX, SUFFIX = "tomatic-", ".db"
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_NAME = re.compile(r"tomatic-\d{8}-\d{6}\.db")
"""What `backup_name` writes: only such files are pruned, never `tomatic-before-upgrade.db`."""


def backup_name(at: dt.datetime) -> str:
    """`tomatic-20261130-033000.db`: names sort in time order."""
    return f"{PREFIX}{at:%Y%m%d-%H%M%S}{SUFFIX}"


def _connect_existing(path: Path) -> sqlite3.Connection:
    """A connection to the database at `path`, which must exist (never creates one)."""
    if not path.is_file():
        raise NotFoundError("backup.no_database", path=str(path))
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=rw", uri=True)


def copy_database(source: Path, target: Path) -> Path:
    """A checked, self-contained copy of the database `source` at `target`, readable by its
    owner only, like the database."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect_existing(source)
    try:
        os.close(os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))  # personal data
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        finally:
            dst.close()
        check_backup(partial)
    except ValidationError as error:  # the copy is page for page the database: it is damaged
        partial.unlink(missing_ok=True)
        key = "backup.database_damaged" if error.key == "backup.damaged" else error.key
        raise ValidationError(key, **(error.params | {"path": str(source)})) from None
    except BaseException:  # a full disk, say: no half copy stays behind night after night
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    partial.replace(target)
    return target


def check_backup(path: Path) -> int:
    """The schema version of the Tomàtic database at `path`, refusing anything else.

    Raises:
        NotFoundError: no such file.
        ValidationError: not a database, damaged, not Tomàtic's, or newer than this version.
    """
    if not path.is_file():
        raise NotFoundError("backup.no_file", path=str(path))
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            version = _version(conn) if "schema_version" in tables else None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        key = "backup.damaged" if _has_sqlite_header(path) else "backup.not_a_database"
        raise ValidationError(key, path=str(path)) from None
    if verdict != "ok":
        raise ValidationError("backup.damaged", path=str(path))
    if version is None or "persons" not in tables:
        raise ValidationError("backup.not_tomatic", path=str(path))
    if version > len(MIGRATIONS):
        raise ValidationError("backup.too_new", path=str(path), version=version)
    return version


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts like an SQLite database (a truncated copy still does)."""
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `directory`; the deleted paths."""
    copies = sorted(
        p for p in directory.glob(f"{PREFIX}*{SUFFIX}") if BACKUP_NAME.fullmatch(p.name)
    )
    doomed = copies[:-keep] if keep > 0 else copies
    for path in doomed:
        path.unlink()
    return doomed


def restore_database(backup: Path, target: Path) -> Path | None:
    """Replace the database at `target` (created if absent) with the checked `backup`,
    then bring it up to this version's schema.

    A `target` too damaged to be written over (not a database any more, or malformed) is
    moved aside, with its -wal and -shm files, to `<name>.damaged`: the path returned.
    """
    check_backup(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    try:
        _copy_into(backup, target)
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise
        kept = _move_aside(target)
        _copy_into(backup, target)
    open_database(target).conn.close()  # migrations, WAL mode
    return kept


def _copy_into(backup: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{quote(str(backup.resolve()))}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _move_aside(database: Path) -> Path:
    """Rename a damaged database and its -wal/-shm files to `*.damaged`; the new name."""
    for suffix in ("-wal", "-shm", ""):
        path = database.with_name(database.name + suffix)
        if path.exists():
            path.replace(path.with_name(path.name + ".damaged"))
    return database.with_name(database.name + ".damaged")


class SqliteBackups:
    """Timestamped copies of the database in a folder, keeping the newest `keep`."""

    def __init__(self, database: Path, directory: Path, keep: int) -> None:
        self.database = database
        self.directory = directory
        self.keep = keep

    async def back_up(self, at: dt.datetime) -> tuple[str, list[str]]:
        """Write the copy of moment `at`, then prune; (file written, files deleted)."""
        return await asyncio.to_thread(self._back_up, at)

    def _back_up(self, at: dt.datetime) -> tuple[str, list[str]]:
        try:
            written = copy_database(self.database, self.directory / backup_name(at))
            deleted = prune(self.directory, self.keep)
        except (OSError, sqlite3.Error) as error:
            raise TomaticError(
                "backup.failed", folder=str(self.directory), reason=str(error)
            ) from error
        return str(written), [str(path) for path in deleted]

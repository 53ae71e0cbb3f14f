"""Opening the database, migrations, the dedicated DB thread and the audit log."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

T = TypeVar("T")

MIGRATIONS: list[str] = [
    # 1: people, availability, calendar
    """
    CREATE TABLE IF NOT EXISTS persons (
        id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
        extension TEXT NOT NULL DEFAULT '', erp_user TEXT NOT NULL DEFAULT '',
        table_id INTEGER NOT NULL DEFAULT -1, color TEXT NOT NULL DEFAULT 'aaaaff',
        ideal_load INTEGER, slack_user_id TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS memberships (
        person TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        grp TEXT NOT NULL, PRIMARY KEY (person, grp));
    CREATE TABLE IF NOT EXISTS busy (
        id TEXT PRIMARY KEY, person TEXT NOT NULL, weekday TEXT, date TEXT,
        turns TEXT NOT NULL, optional INTEGER NOT NULL, reason TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'busy', created_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS busy_person ON busy(person);
    CREATE TABLE IF NOT EXISTS holidays (date TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS leaves (
        week TEXT NOT NULL, person TEXT NOT NULL, PRIMARY KEY (week, person));
    CREATE TABLE IF NOT EXISTS credit_baseline (
        person TEXT PRIMARY KEY, credit REAL NOT NULL, as_of TEXT);
    CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        before TEXT, after TEXT);
    """,
    # 2: timetables, forced turns, planning runs
    """
    CREATE TABLE IF NOT EXISTS timetables (
        week TEXT NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL,
        data TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (week, version));
    CREATE TABLE IF NOT EXISTS forced_turns (
        day TEXT NOT NULL, hour INTEGER NOT NULL, line INTEGER NOT NULL,
        person TEXT NOT NULL, PRIMARY KEY (day, hour, line));
    CREATE TABLE IF NOT EXISTS planner_runs (
        id TEXT PRIMARY KEY, week TEXT NOT NULL, params TEXT NOT NULL, state TEXT NOT NULL,
        created_at TEXT NOT NULL, created_by TEXT NOT NULL DEFAULT '', started_at TEXT,
        finished_at TEXT, problem TEXT, solution TEXT, progress TEXT NOT NULL DEFAULT '[]',
        error TEXT);
    """,
    # 3: planning settings imported or changed at run time, over the YAML file
    """
    CREATE TABLE IF NOT EXISTS config_overrides (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 4: the timetable version a planner run produced
    """
    ALTER TABLE planner_runs ADD COLUMN version INTEGER;
    """,
    # 5: incoming calls, their annotations and the categories to annotate them with
    """
    CREATE TABLE IF NOT EXISTS calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT, call_id TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
        phone TEXT NOT NULL, extension TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL DEFAULT '', candidates TEXT NOT NULL DEFAULT '[]');
    CREATE INDEX IF NOT EXISTS calls_operator ON calls(operator, at);
    CREATE TABLE IF NOT EXISTS call_annotations (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id) ON DELETE CASCADE,
        categories TEXT NOT NULL, partner_erp_id INTEGER, partner_name TEXT NOT NULL DEFAULT '',
        contract TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
        annotated_at TEXT NOT NULL, annotated_by TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS call_categories (
        code TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL);
    """,
    # 6: swap requests of timetable turns
    """
    CREATE TABLE IF NOT EXISTS swap_requests (
        id TEXT PRIMARY KEY, week TEXT NOT NULL, state TEXT NOT NULL, starts_at TEXT NOT NULL,
        data TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS swap_requests_state ON swap_requests(state, starts_at);
    """,
    # 7: secret per-person links (calendar feeds, read-only timetable pages)
    """
    CREATE TABLE IF NOT EXISTS tokens (
        kind TEXT NOT NULL, token TEXT PRIMARY KEY, person TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS tokens_person ON tokens(kind, person, revoked);
    """,
    # 8: automated jobs: occurrences already done (no message twice) and monitor alerts
    """
    CREATE TABLE IF NOT EXISTS job_runs (
        job TEXT NOT NULL, occurrence TEXT NOT NULL, done_at TEXT NOT NULL,
        PRIMARY KEY (job, occurrence));
    CREATE TABLE IF NOT EXISTS monitor_alerts (
        extension TEXT PRIMARY KEY, since TEXT NOT NULL);
    """,
    # 9: samples of the PBX's queue counters (call statistics are their differences)
    """
    CREATE TABLE IF NOT EXISTS queue_samples (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, reason TEXT NOT NULL,
        completed INTEGER NOT NULL, abandoned INTEGER NOT NULL, holdtime INTEGER NOT NULL,
        talktime INTEGER NOT NULL, waiting INTEGER NOT NULL, members TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS queue_samples_at ON queue_samples(at);
    """,
    # 10: private links of persons deleted before links were deleted with their person
    """
    DELETE FROM tokens WHERE person NOT IN (SELECT id FROM persons);
    """,
    # 11: planner runs: the message that follows each, the parameters of its error
    """
    ALTER TABLE planner_runs ADD COLUMN message TEXT;
    ALTER TABLE planner_runs ADD COLUMN error_params TEXT;
    CREATE INDEX IF NOT EXISTS planner_runs_week ON planner_runs(week);
    CREATE INDEX IF NOT EXISTS planner_runs_state ON planner_runs(state);
    """,
    # 12: the fairness ledger: each published week's discomfort per person
    """
    CREATE TABLE IF NOT EXISTS discomfort_weeks (
        week TEXT PRIMARY KEY, version INTEGER NOT NULL, fingerprint TEXT NOT NULL,
        recorded_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS discomfort (
        week TEXT NOT NULL REFERENCES discomfort_weeks(week) ON DELETE CASCADE,
        person TEXT NOT NULL, points INTEGER NOT NULL, PRIMARY KEY (week, person));
    """,
]


def now_iso() -> str:
    """Current UTC time as ISO text, for rows."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open (creating folders) and migrate the database; WAL mode, foreign keys on.

    The file holds personal data: it and its -wal/-shm companions are readable by their
    owner only (0600), and a folder created for it is 0700."""
    if str(path) != ":memory:":
        _owner_only(Path(path))
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    migrate(db)
    return db


def _owner_only(path: Path) -> None:
    """Create `path` (and its folder) private to this user; tighten an existing file and
    its companions. SQLite creates the -wal and -shm files with the database's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists() and companion.stat().st_mode & 0o077:
            companion.chmod(0o600)


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending numbered migrations, each in its own transaction; idempotent."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = row[0] or 0
    for number, script in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with transaction(db):
            for statement in filter(str.strip, script.split(";")):
                db.execute(statement)
            db.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
    return len(MIGRATIONS)


class transaction:  # noqa: N801 - used as a context manager like a keyword
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; nests by doing nothing inside."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.conn = db.conn
        self.outer = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.outer = True

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if not self.outer:
            return
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def audit(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record one change (who, when, what, before/after) in the audit log."""
    db.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [now_iso(), actor, action, entity, entity_id, _dump(before), _dump(after)],
    )


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class DatabaseThread:
    """Runs every database call on one dedicated thread, off the event loop."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tomatic-db")

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Call `fn(*args)` on the DB thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args))

    def close(self) -> None:
        """Stop the thread and close the connection."""
        self._executor.shutdown(wait=True)
        self.db.conn.close()

    def healthy(self) -> bool:
        """True when a trivial query works."""
        try:
            return self.db.execute("SELECT 1").fetchone()[0] == 1
        except sqlite3.Error:
            return False

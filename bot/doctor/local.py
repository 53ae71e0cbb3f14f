"""Checks that need no other system: the planning configuration, the database, the tokens."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from bot.config_file import ConfigFileError, load_planning_config
from bot.doctor.report import Check, failed, passed
from bot.settings import Settings
from tomatic.adapters.sqlite.backup import BACKUP_NAME
from tomatic.adapters.sqlite.db import MIGRATIONS
from tomatic.domain.config import PlanningConfig

MIN_TOKEN_LENGTH = 24
MIN_TOKEN_SYMBOLS = 10
"""A ringring token shorter, or made of fewer different characters, is too easy to guess."""
STALE_BACKUP = dt.timedelta(hours=36)
"""A newest nightly copy older than this means the nightly backup has been failing."""


def check_config(settings: Settings) -> tuple[Check, PlanningConfig | None]:
    """The planning configuration file reads and validates."""
    try:
        config = load_planning_config(settings.config_path)
    except ConfigFileError as error:
        return failed("config", "bad", problem=str(error)), None
    if not settings.config_path.exists():
        return failed("config", "missing", path=settings.config_path), config
    return passed("config", path=settings.config_path), config


def check_database(path: Path) -> Check:
    """The database exists, is at this version's schema, and can be written."""
    if not path.exists():
        folder = path.resolve().parent
        while not folder.exists():  # the service creates missing folders
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            return failed("database", "no_folder", path=path)
        return failed("database", "missing", path=path)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=rw", uri=True, timeout=5)
        try:
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            conn.execute("BEGIN IMMEDIATE")  # takes the write lock: proves it can be written
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error as error:
        return failed("database", "unusable", path=path, reason=error)
    if version < len(MIGRATIONS):
        return failed("database", "old", path=path, version=version, latest=len(MIGRATIONS))
    return passed("database", path=path, version=version)


def check_ringring_token(settings: Settings) -> Check:
    """The token the PBX sends with each call is set and hard to guess."""
    if settings.ringring_token is None:
        return failed("ringring", "unset")
    token = settings.ringring_token.get_secret_value()
    if len(token) < MIN_TOKEN_LENGTH or len(set(token)) < MIN_TOKEN_SYMBOLS:
        return failed("ringring", "weak", length=len(token))
    return passed("ringring", length=len(token))


def check_backups(settings: Settings, config: PlanningConfig | None) -> Check:
    """The nightly copy is on, its folder can be written, and the newest copy is recent."""
    folder = settings.backup_dir
    if folder is None:
        return failed("backups", "unset")
    at = config.backup_time if config is not None else PlanningConfig().backup_time
    if at is None:
        return failed("backups", "off", config=settings.config_path)
    existing = folder.resolve()
    while not existing.exists():  # the job creates missing folders
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return failed("backups", "not_writable", folder=folder)
    copies = sorted(p for p in folder.glob("tomatic-*.db") if BACKUP_NAME.fullmatch(p.name))
    if not copies:
        return passed("backups", "none_yet", folder=folder, time=at)
    newest = copies[-1]
    age = dt.datetime.now() - dt.datetime.fromtimestamp(newest.stat().st_mtime)
    if age > STALE_BACKUP:
        hours = int(age.total_seconds() // 3600)
        return failed("backups", "stale", folder=folder, file=newest.name, hours=hours)
    return passed("backups", folder=folder, count=len(copies), file=newest.name)

"""Issue 14 item 7: the database holds personal data, so only its owner may read it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tomatic.adapters.sqlite.db import MIGRATIONS, open_database


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """A typical umask (022) that would leave new files world-readable (0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_and_shm_files_are_0600(tmp_path: Path) -> None:
    path = tmp_path / "var" / "tomatic.db"
    db = open_database(path)
    db.execute("INSERT INTO holidays (date, name) VALUES ('2026-12-25', 'Nadal')")
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    assert all(companion.exists() for companion in companions)  # WAL mode, not yet checkpointed
    assert [mode(p) for p in (path, *companions)] == [0o600, 0o600, 0o600]
    assert mode(path.parent) == 0o700
    db.conn.close()


def test_an_existing_world_readable_database_is_tightened_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "tomatic.db"
    db = open_database(path)
    db.execute("INSERT INTO holidays (date, name) VALUES ('2026-12-25', 'Nadal')")
    db.conn.close()
    path.chmod(0o644)
    reopened = open_database(path)
    assert mode(path) == 0o600
    assert reopened.execute("SELECT name FROM holidays").fetchall() == [("Nadal",)]
    reopened.conn.close()


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    open_database(tmp_path / "tomatic.db").conn.close()
    assert mode(tmp_path) == 0o755 and mode(tmp_path / "tomatic.db") == 0o600


def test_upgrading_drops_the_links_of_persons_deleted_before_links_went_with_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tomatic.db"
    db = open_database(path)
    db.execute("INSERT INTO persons (id, name) VALUES ('anna', 'Anna')")
    for token, person in (("kept", "anna"), ("orphan", "gone")):
        db.execute(
            "INSERT INTO tokens (kind, token, person, created_at) VALUES ('calendar', ?, ?, 'x')",
            [token, person],
        )
    [upgrade] = [script for script in MIGRATIONS if "DELETE FROM tokens" in script]
    db.execute(upgrade)
    assert [row[0] for row in db.execute("SELECT token FROM tokens")] == ["kept"]
    db.conn.close()

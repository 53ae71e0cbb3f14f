"""`tomatic backup`, `tomatic restore` and the nightly backup job, on real SQLite files."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO
from tomatic.adapters.sqlite.backup import SqliteBackups
from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import TomaticError
from tomatic.domain.schedule import BACKUP_DATABASE, job_specs
from tomatic.services.backup import BackupService


class Terminal(io.StringIO):
    """Someone at a terminal, about to type the given answers."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def tomatic(tmp_path, monkeypatch, capsys):
    """Run `tomatic …` in-process on the database `TOMATIC_DB` (default `live.db`)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "live.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def add_team(tomatic) -> str:
    for person in ("anna", "bernat", "carla"):
        assert tomatic("person", "add", person, "--name", person.title())[0] == 0
    code, listed, _ = tomatic("person", "list", "--json")
    assert code == 0 and len(json.loads(listed)) == 3
    return listed


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_backup_restored_into_an_empty_database_lists_the_same_people(
    tomatic, tmp_path, monkeypatch
):
    listed = add_team(tomatic)
    code, out, _ = tomatic("backup", str(tmp_path / "copies"))
    [copy] = (tmp_path / "copies").glob("tomatic-*.db")
    assert code == 0 and str(copy) in out
    assert integrity(copy) == "ok"
    assert list(copy.parent.iterdir()) == [copy]  # one self-contained file, no -wal beside it
    assert copy.stat().st_mode & 0o777 == 0o600  # personal data, like the database
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "fresh" / "restored.db"))
    assert tomatic("restore", str(copy))[0] == 0
    assert tomatic("person", "list", "--json")[1] == listed


def test_a_backup_is_consistent_while_another_connection_is_writing(tomatic, tmp_path):
    add_team(tomatic)
    writer = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO persons (id, name) VALUES ('ghost', 'Not committed')")
    try:
        assert tomatic("backup", str(tmp_path / "copies"))[0] == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    [copy] = (tmp_path / "copies").glob("*.db")
    with sqlite3.connect(copy) as conn:
        ids = sorted(row[0] for row in conn.execute("SELECT id FROM persons"))
    assert ids == ["anna", "bernat", "carla"]


def test_keep_deletes_all_but_the_newest_copies(tomatic, tmp_path):
    add_team(tomatic)
    copies = tmp_path / "copies"
    copies.mkdir()
    for stamp in ("20240101-033000", "20240102-033000", "20240103-033000"):
        (copies / f"tomatic-{stamp}.db").write_bytes(b"old")
    (copies / "notes.txt").write_text("not a backup")
    (copies / "tomatic-before-upgrade.db").write_bytes(b"kept by hand")
    code, out, _ = tomatic("backup", str(copies), "--keep", "2")
    assert code == 0 and "Deleted 2 older copies" in out
    names = sorted(path.name for path in copies.iterdir())
    assert names[0] == "notes.txt" and names[1] == "tomatic-20240103-033000.db"
    assert names[-1] == "tomatic-before-upgrade.db" and len(names) == 4
    with pytest.raises(SystemExit) as refused:
        tomatic("backup", str(copies), "--keep", "0")
    assert refused.value.code == 2


def test_without_a_database_there_is_nothing_to_back_up(tomatic, tmp_path):
    code, _, err = tomatic("backup", str(tmp_path / "copies"))
    assert code == 1 and "There is no database at" in err and "Traceback" not in err


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign"])
def test_a_corrupt_or_foreign_file_is_refused_and_nothing_changes(tomatic, tmp_path, damage):
    listed = add_team(tomatic)
    bad = tmp_path / "bad.db"
    if damage == "garbage":
        bad.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        tomatic("backup", str(tmp_path / "copies"))
        [copy] = (tmp_path / "copies").glob("*.db")
        bad.write_bytes(copy.read_bytes()[:6000])
    else:
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE recipes (name TEXT)")
    code, _, err = tomatic("restore", str(bad), "--yes")
    assert code == 1 and "nothing was changed" in err
    assert tomatic("person", "list", "--json")[1] == listed


class TestRestoreAsksFirst:
    @pytest.fixture
    def copy(self, tomatic, tmp_path) -> Path:
        add_team(tomatic)
        tomatic("backup", str(tmp_path / "copies"))
        tomatic("person", "add", "dolors", "--name", "Dolors")
        return next((tmp_path / "copies").glob("*.db"))

    def people(self, tomatic) -> list[str]:
        return [p["id"] for p in json.loads(tomatic("person", "list", "--json")[1])]

    def test_without_a_terminal_it_needs_yes(self, tomatic, copy, monkeypatch):
        monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
        code, _, err = tomatic("restore", str(copy))
        assert code == 1 and "--yes" in err
        assert "dolors" in self.people(tomatic)

    def test_answering_no_changes_nothing(self, tomatic, copy, monkeypatch):
        monkeypatch.setattr("sys.stdin", Terminal("n\n"))
        code, out, _ = tomatic("restore", str(copy))
        assert code == 1 and "Replace the database" in out and "Nothing was changed" in out
        assert "dolors" in self.people(tomatic)

    def test_answering_yes_replaces_it(self, tomatic, copy, monkeypatch):
        monkeypatch.setattr("sys.stdin", Terminal("y\n"))
        assert tomatic("restore", str(copy))[0] == 0
        assert self.people(tomatic) == ["anna", "bernat", "carla"]

    def test_yes_replaces_without_asking(self, tomatic, copy):
        code, out, _ = tomatic("restore", str(copy), "--yes")
        assert code == 0 and "Replace" not in out and "Restored" in out
        assert self.people(tomatic) == ["anna", "bernat", "carla"]


class TestNightlyJob:
    def test_it_runs_every_night_at_the_configured_time(self):
        [spec] = [s for s in job_specs(PlanningConfig()) if s.id == BACKUP_DATABASE]
        assert [(c.days, c.hour, c.minute) for c in spec.crons] == [("mon-sun", "3", "30")]
        assert BACKUP_DATABASE not in {s.id for s in job_specs(PlanningConfig(backup_time=None))}

    def test_it_keeps_the_newest_copies(self, tomatic, tmp_path, monkeypatch):
        add_team(tomatic)
        monkeypatch.setenv("TOMATIC_BACKUP_DIR", str(tmp_path / "nightly"))
        monkeypatch.setenv("TOMATIC_BACKUP_KEEP", "2")
        for day in ("01", "02", "03"):
            code, out, _ = tomatic("run-job", BACKUP_DATABASE, "--at", f"2030-01-{day} 03:30")
            assert code == 0 and "The database was backed up to" in out
        names = sorted(path.name for path in (tmp_path / "nightly").iterdir())
        assert names == ["tomatic-20300102-033000.db", "tomatic-20300103-033000.db"]
        assert all(integrity(tmp_path / "nightly" / name) == "ok" for name in names)

    def test_without_a_folder_it_says_so(self, tomatic):
        add_team(tomatic)
        code, out, _ = tomatic("run-job", BACKUP_DATABASE)
        assert code == 0 and "TOMATIC_BACKUP_DIR" in out

    def test_a_failed_run_exits_1_for_scripts_and_cron(self, tomatic, tmp_path, monkeypatch):
        add_team(tomatic)
        (tmp_path / "a-file").write_text("a folder cannot be made here")
        monkeypatch.setenv("TOMATIC_BACKUP_DIR", str(tmp_path / "a-file" / "copies"))
        code, out, _ = tomatic("run-job", BACKUP_DATABASE, "--at", "2030-01-01 03:30")
        assert code == 1 and "failed" in out

    async def test_a_failed_backup_is_an_outcome_not_a_crash(self, tmp_path):
        blocked = tmp_path / "a-file"
        blocked.write_text("a folder cannot be made here")
        database = tmp_path / "live.db"
        sqlite3.connect(database).close()
        service = BackupService(SqliteBackups(database, blocked / "copies", keep=3))
        outcome = await service.back_up(dt.datetime(2030, 1, 1, 3, 30))
        assert outcome.key == "operations.outcome.backup_failed"
        assert outcome.params["folder"] == str(blocked / "copies")

    async def test_the_adapter_names_a_missing_database(self, tmp_path):
        backups = SqliteBackups(tmp_path / "absent.db", tmp_path / "copies", keep=3)
        with pytest.raises(TomaticError) as caught:
            await backups.back_up(dt.datetime(2030, 1, 1))
        assert caught.value.key == "backup.no_database"


def damage_pages(path: Path) -> None:
    """Overwrite a few pages in the middle of a database file with noise."""
    data = bytearray(path.read_bytes())
    data[8192:20480] = bytes(range(256)) * 48
    path.write_bytes(bytes(data))


class TestADamagedDatabase:
    @pytest.fixture
    def damaged(self, tomatic, tmp_path) -> Path:
        add_team(tomatic)
        for n in range(200):  # enough rows for pages beyond the first few
            tomatic("person", "add", f"p{n}", "--name", f"Person {n} d'Olot (tarda)")
        live = tmp_path / "live.db"
        with sqlite3.connect(live) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        damage_pages(live)
        return live

    def test_a_backup_says_the_database_is_damaged_and_leaves_no_partial_file(
        self, tomatic, tmp_path, damaged
    ):
        code, _, err = tomatic("backup", str(tmp_path / "copies"))
        assert code == 1 and f"The database {damaged} is damaged" in err
        assert ".partial" not in err and list((tmp_path / "copies").iterdir()) == []

    def test_the_nightly_job_fails_with_a_sentence_and_exit_1(
        self, tomatic, tmp_path, monkeypatch, damaged
    ):
        monkeypatch.setenv("TOMATIC_BACKUP_DIR", str(tmp_path / "nightly"))
        code, out, _ = tomatic("run-job", BACKUP_DATABASE, "--at", "2030-01-01 03:30")
        said = out.splitlines()[-1]
        assert code == 1 and "{" not in said
        assert said.startswith(f"The database was not backed up: The database {damaged} is damaged")
        assert list((tmp_path / "nightly").iterdir()) == []


def test_a_truncated_copy_is_called_damaged_not_foreign(tomatic, tmp_path):
    add_team(tomatic)
    tomatic("backup", str(tmp_path / "copies"))
    [copy] = (tmp_path / "copies").glob("*.db")
    cut = tmp_path / "cut.db"
    cut.write_bytes(copy.read_bytes()[:6000])
    code, _, err = tomatic("restore", str(cut), "--yes")
    assert code == 1 and "cut.db is damaged" in err and "not an SQLite database" not in err


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_moved_aside_and_replaced(tomatic, tmp_path, damage):
    listed = add_team(tomatic)
    tomatic("backup", str(tmp_path / "copies"))
    [copy] = (tmp_path / "copies").glob("*.db")
    live = tmp_path / "live.db"
    if damage == "garbage":
        live.write_bytes(b"the disk ate it" * 1000)
    else:
        live.write_bytes(live.read_bytes()[:8192])
    code, out, err = tomatic("restore", str(copy), "--yes")
    assert code == 0, err
    assert f"{live} was damaged: it was moved aside to {live}.damaged" in out
    assert (tmp_path / "live.db.damaged").exists()
    assert tomatic("person", "list", "--json")[1] == listed

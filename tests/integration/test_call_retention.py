"""Call records are kept TOMATIC_CALL_RETENTION_DAYS days: the nightly job deletes older ones
with the customers their search found, their annotations, comments and audit rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.settings import Settings, describe_error
from tests.conftest import REPO
from tomatic.adapters.sqlite.storage import open_storage
from tomatic.domain.calls import Annotation, Call, Candidate
from tomatic.domain.config import PlanningConfig
from tomatic.domain.schedule import PURGE_CALLS, job_specs

ZONE = ZoneInfo("Europe/Madrid")
NIGHT = dt.datetime(2030, 1, 31, 3, 15, tzinfo=ZONE)


@pytest.fixture
def tomatic(tmp_path, monkeypatch, capsys):
    """Run `tomatic …` in-process on `live.db`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "live.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))

    def run(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(list(argv))
        return code, capsys.readouterr().out

    return run


async def record_calls(path, *ages_in_days: int) -> None:
    """One annotated call per age, named `c<age>`, with a customer and a comment."""
    storage = open_storage(path)
    try:
        for age in ages_in_days:
            at = NIGHT - dt.timedelta(days=age, hours=1)
            await storage.stores.calls.add(Call(call_id=f"c{age}", at=at, phone="629436216"))
            found = [Candidate(erp_id=1001, name="Romero Garcia, María", vat="20339082K")]
            await storage.stores.calls.set_candidates(f"c{age}", found)
            note = Annotation(
                categories=["FA01"], comment="Her son is ill", annotated_at=at, annotated_by="anna"
            )
            await storage.stores.calls.annotate(f"c{age}", note)
    finally:
        storage.close()


def rows(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_the_purge_runs_every_night():
    [spec] = [s for s in job_specs(PlanningConfig()) if s.id == PURGE_CALLS]
    assert [(c.days, c.hour, c.minute) for c in spec.crons] == [("mon-sun", "3", "15")]


def test_the_job_deletes_calls_older_than_the_retention_and_all_they_held(
    tomatic, tmp_path, monkeypatch
):
    database = tmp_path / "live.db"
    asyncio.run(record_calls(database, 400, 31, 29, 0))
    monkeypatch.setenv("TOMATIC_CALL_RETENTION_DAYS", "30")
    code, out = tomatic("run-job", PURGE_CALLS, "--at", "2030-01-31 03:15")
    assert code == 0 and "2 call records older than 30 days deleted." in out
    assert rows(database, "SELECT call_id FROM calls ORDER BY id") == [("c29",), ("c0",)]
    assert rows(database, "SELECT call_id FROM call_annotations ORDER BY call_id") == [
        ("c0",),
        ("c29",),
    ]
    audited = rows(database, "SELECT entity_id FROM audit WHERE entity = 'call' ORDER BY 1")
    assert audited == [("c0",), ("c29",)]
    code, again = tomatic("run-job", PURGE_CALLS, "--at", "2030-01-31 03:15")
    assert code == 0 and "0 call records older than 30 days deleted." in again


def test_by_default_a_year_of_calls_is_kept(tomatic, tmp_path):
    asyncio.run(record_calls(tmp_path / "live.db", 366, 364))
    code, out = tomatic("run-job", PURGE_CALLS, "--at", "2030-01-31 03:15")
    assert code == 0 and "1 call records older than 365 days deleted." in out


@pytest.mark.parametrize("days", ["0", "-1", "forever", "36501"])
def test_a_retention_that_is_no_number_of_days_stops_the_start(monkeypatch, days):
    monkeypatch.setenv("TOMATIC_CALL_RETENTION_DAYS", days)
    with pytest.raises(ValueError) as refused:
        Settings()
    assert describe_error(refused.value).startswith(
        "invalid settings: TOMATIC_CALL_RETENTION_DAYS:"
    )

"""Shared fixtures: settings built explicitly, services on in-memory stores."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import structlog

from bot.container import build_services
from bot.settings import Settings
from bot.workers import ProcessPoolSolverRunner
from tests.fakes import FakeNotifier
from tomatic.adapters.memory import memory_stores
from tomatic.adapters.sqlite.storage import open_storage
from tomatic.domain.model import Person
from tomatic.ports import Notifier, PbxQueue, SolverRunner, Stores
from tomatic.services import Services

REPO = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Europe/Madrid")
# A Thursday: "next week" starts on Monday 2026-11-30.
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZONE)


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings from explicit values only (no environment, no .env)."""
    values: dict[str, object] = {
        "TOMATIC_DB": str(tmp_path / "tomatic.db"),
        "TOMATIC_CONFIG": str(REPO / "data" / "config.yaml"),
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith(("SLACK_", "TOMATIC_")):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _logging_as_found() -> Iterator[None]:
    """A test that runs `tomatic serve` configures logging onto its own captured stdout, with
    structlog caching each logger at first use: undone after the test, so later tests'
    `capture_logs` see every line and nothing writes to a closed stream."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    if root.handlers != handlers:
        root.handlers[:] = handlers
        root.setLevel(level)
        structlog.reset_defaults()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings on a temporary database."""
    return make_settings(tmp_path)


@pytest.fixture
def stores() -> Stores:
    """Every store, in memory."""
    return memory_stores()


@pytest.fixture
def notifier() -> FakeNotifier:
    """Records what the services send."""
    return FakeNotifier()


@pytest.fixture
def runner() -> Iterator[SolverRunner]:
    """The planner's worker processes (started only when a run needs them)."""
    workers = ProcessPoolSolverRunner(workers=1)
    yield workers
    workers.close()


def services_on(
    settings: Settings, stores: Stores, notifier: Notifier, runner: SolverRunner, **more: Any
) -> Services:
    """Real services on the given stores and runner, with the frozen clock (`more`: other
    arguments of `build_services`); close them when done."""
    return build_services(
        settings, notifier, None, stores=stores, now=lambda: NOW, runner=runner, **more
    )


@pytest.fixture
def pbx() -> PbxQueue | None:
    """The PBX of `services`: None, the settings' own (a fake); a test module that wants the
    PBX in hand overrides this fixture."""
    return None


@pytest.fixture
async def services(
    settings: Settings,
    stores: Stores,
    notifier: FakeNotifier,
    runner: SolverRunner,
    pbx: PbxQueue | None,
) -> AsyncIterator[Services]:
    """Real services on in-memory stores, with a frozen clock and a recording notifier."""
    built = services_on(settings, stores, notifier, runner, pbx=pbx)
    yield built
    await built.close()


@pytest.fixture
async def sqlite_stores(settings: Settings) -> AsyncIterator[Stores]:
    """Every store on the SQLite file of `settings` (for tests that also run the CLI on it)."""
    storage = open_storage(settings.db_path)
    yield storage.stores
    storage.close()


@pytest.fixture
async def coordinator(services: Services) -> Person:
    """Anna, a coordinator."""
    return await services.persons.create(
        None, "anna", {"name": "Anna Puig", "email": "anna@example.coop", "groups": ["admin"]}
    )


@pytest.fixture
async def operator(services: Services) -> Person:
    """Bernat, an operator."""
    return await services.persons.create(
        None, "bernat", {"name": "Bernat", "email": "bernat@example.coop", "extension": "3002"}
    )

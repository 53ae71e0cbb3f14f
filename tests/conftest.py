"""Shared fixtures: settings built explicitly, services on a temporary database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.container import build_services
from bot.settings import Settings
from tomatic.domain.model import Person

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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings on a temporary database."""
    return make_settings(tmp_path)


@pytest.fixture
async def services(settings: Settings):
    """Real services on a temporary SQLite file, with a frozen clock."""
    built, resources = build_services(settings, directory=None, now=lambda: NOW)
    yield built
    await resources.close()


@pytest.fixture
async def coordinator(services) -> Person:
    """Anna, a coordinator."""
    return await services.persons.create(
        None, "anna", {"name": "Anna Puig", "email": "anna@example.coop", "groups": ["admin"]}
    )


@pytest.fixture
async def operator(services) -> Person:
    """Bernat, an operator."""
    return await services.persons.create(
        None, "bernat", {"name": "Bernat", "email": "bernat@example.coop", "extension": "3002"}
    )

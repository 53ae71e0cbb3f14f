"""The stores under test: in memory, or SQLite on a temporary file (each on its own thread)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tomatic.adapters.memory import memory_stores
from tomatic.adapters.sqlite.storage import open_storage
from tomatic.ports.stores import Stores


@pytest.fixture(params=["memory", "sqlite"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Stores]:
    """Every store, once per implementation."""
    if request.param == "memory":
        yield memory_stores()
        return
    storage = open_storage(tmp_path / "contract.db")
    try:
        yield storage.stores
    finally:
        storage.close()

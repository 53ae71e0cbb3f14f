"""An open SQLite database as the composition root needs it: every store, the settings stored
in the database, a health check and an end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import DatabaseThread, open_database
from tomatic.adapters.sqlite.ledger import SqliteDiscomfortStore
from tomatic.adapters.sqlite.samples import SqliteQueueSampleStore
from tomatic.adapters.sqlite.stores import (
    SqliteBusyStore,
    SqliteCallStore,
    SqliteJobStateStore,
    SqlitePersonStore,
    SqliteRunStore,
    SqliteSwapStore,
    SqliteTimetableStore,
    SqliteTokenStore,
)
from tomatic.ports.stores import Stores


@dataclass
class SqliteStorage:
    """An open database: its stores, the settings stored in it, its health and its end."""

    thread: DatabaseThread
    stores: Stores

    def config_overrides(self) -> dict[str, Any]:
        """The planning settings stored in the database (e.g. by `import-legacy`)."""
        return SqliteConfigOverrides(self.thread.db).all()

    async def healthy(self) -> bool:
        """True when a trivial query works."""
        return await self.thread.run(self.thread.healthy)

    def close(self) -> None:
        """Stop the database thread and close the connection."""
        self.thread.close()


def open_storage(path: Path | str) -> SqliteStorage:
    """Open (creating and migrating) the database at `path` with every store on one thread."""
    thread = DatabaseThread(open_database(path))
    timetables = SqliteTimetableStore(thread)
    stores = Stores(
        persons=SqlitePersonStore(thread),
        busy=SqliteBusyStore(thread),
        timetables=timetables,
        forced=timetables,
        runs=SqliteRunStore(thread),
        swaps=SqliteSwapStore(thread),
        tokens=SqliteTokenStore(thread),
        calls=SqliteCallStore(thread),
        jobs=SqliteJobStateStore(thread),
        samples=SqliteQueueSampleStore(thread),
        discomfort=SqliteDiscomfortStore(thread),
    )
    return SqliteStorage(thread, stores)

"""Every store in memory: the same behaviour as SQLite (the contract suite checks it), for
tests and throw-away demos."""

from __future__ import annotations

from tomatic.adapters.memory.ledger import InMemoryDiscomfortStore
from tomatic.adapters.memory.people import InMemoryBusyStore, InMemoryPersonStore
from tomatic.adapters.memory.records import (
    InMemoryCallStore,
    InMemoryJobStateStore,
    InMemoryRunStore,
    InMemorySwapStore,
    InMemoryTokenStore,
)
from tomatic.adapters.memory.samples import InMemoryQueueSampleStore
from tomatic.adapters.memory.timetables import InMemoryTimetableStore
from tomatic.ports.stores import Stores


def memory_stores() -> Stores:
    """A fresh, empty set of in-memory stores."""
    timetables = InMemoryTimetableStore()
    tokens = InMemoryTokenStore()
    return Stores(
        persons=InMemoryPersonStore(tokens),
        busy=InMemoryBusyStore(),
        timetables=timetables,
        forced=timetables,
        runs=InMemoryRunStore(),
        swaps=InMemorySwapStore(),
        tokens=tokens,
        calls=InMemoryCallStore(),
        jobs=InMemoryJobStateStore(),
        samples=InMemoryQueueSampleStore(),
        discomfort=InMemoryDiscomfortStore(),
    )

"""Ports: the small interfaces the core needs from the outside world and from storage.

Adapters in `tomatic/adapters` (and `bot/` for Slack) implement them; tests use the
in-memory stores and small fakes.
"""

from tomatic.ports.metrics import Metrics
from tomatic.ports.outside import (
    CallNotifier,
    Clock,
    CustomerData,
    DatabaseBackups,
    Notifier,
    PbxQueue,
    SolverRunner,
    UserDirectory,
    UserInfo,
)
from tomatic.ports.stores import (
    BusyStore,
    CallStore,
    DiscomfortStore,
    ForcedTurnStore,
    JobStateStore,
    PersonStore,
    QueueSampleStore,
    RunStore,
    Stores,
    SwapStore,
    TimetableStore,
    TokenStore,
)

__all__ = [
    "BusyStore",
    "CallNotifier",
    "CallStore",
    "Clock",
    "CustomerData",
    "DiscomfortStore",
    "DatabaseBackups",
    "ForcedTurnStore",
    "JobStateStore",
    "Metrics",
    "Notifier",
    "PbxQueue",
    "PersonStore",
    "QueueSampleStore",
    "RunStore",
    "SolverRunner",
    "Stores",
    "SwapStore",
    "TimetableStore",
    "TokenStore",
    "UserDirectory",
    "UserInfo",
]

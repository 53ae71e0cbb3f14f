"""Use cases of Tomàtic. `Services` is what the Slack handlers, jobs and CLI talk to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from tomatic.domain.config import PlanningConfig
from tomatic.ports import Metrics, Notifier
from tomatic.services.availability import AvailabilityService
from tomatic.services.backup import BackupService
from tomatic.services.callinfo import CallInfoService
from tomatic.services.candidates import CandidateService
from tomatic.services.cells import CellService
from tomatic.services.fairness import FairnessService
from tomatic.services.home import HomeService
from tomatic.services.identity import IdentityService
from tomatic.services.linking import LinkService
from tomatic.services.operations import OperationsService
from tomatic.services.persons import PersonService
from tomatic.services.plan_watch import PlanWatcher
from tomatic.services.planning import PlanningService
from tomatic.services.queue import QueueService
from tomatic.services.replan import ReplanService
from tomatic.services.stats import StatsService
from tomatic.services.swaps import SwapService
from tomatic.services.timetable import TimetableService
from tomatic.services.views import TimetableViewService


@dataclass(frozen=True)
class Services:
    """Every service, each built once by `bot.container.build_services`."""

    config: PlanningConfig
    language: str
    now: Callable[[], dt.datetime]
    notifier: Notifier
    metrics: Metrics
    identity: IdentityService
    persons: PersonService
    linking: LinkService
    availability: AvailabilityService
    planning: PlanningService
    fairness: FairnessService
    timetable: TimetableService
    cells: CellService
    candidates: CandidateService
    swaps: SwapService
    plans: PlanWatcher
    replan: ReplanService
    views: TimetableViewService
    callinfo: CallInfoService
    queue: QueueService
    operations: OperationsService
    home: HomeService
    stats: StatsService
    healthy: Callable[[], Awaitable[bool]]
    """True when the storage answers."""
    backups: BackupService
    close: Callable[[], Coroutine[Any, Any, None]]
    """Release what `build_services` opened: the database, the PBX connection, the workers."""

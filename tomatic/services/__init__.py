"""Use cases of Tomàtic. `Services` is what the Slack handlers, jobs and CLI talk to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.config import PlanningConfig
from tomatic.services.availability import AvailabilityService
from tomatic.services.backup import BackupService
from tomatic.services.callinfo import CallInfoService
from tomatic.services.home import HomeService
from tomatic.services.identity import IdentityService
from tomatic.services.operations import OperationsService
from tomatic.services.persons import PersonService
from tomatic.services.planning import PlanningService
from tomatic.services.queue import QueueService
from tomatic.services.timetable import TimetableService
from tomatic.services.views import TimetableViewService


@dataclass
class Services:
    """Every service, built once by `bot.container.build_services`."""

    config: PlanningConfig
    language: str
    identity: IdentityService
    persons: PersonService
    availability: AvailabilityService
    now: Callable[[], dt.datetime]
    healthy: Callable[[], Awaitable[bool]]
    queue: QueueService | None = None
    planning: PlanningService | None = None
    notifier: Any = None
    callinfo: CallInfoService | None = None
    timetable: TimetableService | None = None
    views: TimetableViewService | None = None
    operations: OperationsService | None = None
    home: HomeService | None = None
    backups: BackupService | None = None
    extra: dict[str, Any] = field(default_factory=dict)

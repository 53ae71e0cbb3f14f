"""The composition root: settings → adapters → services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.config_file import load_planning_config
from bot.pbx import build_pbx
from bot.settings import Settings
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import DatabaseThread, open_database
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.runs import SqliteRuns
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.ports import UserDirectory
from tomatic.services import Services
from tomatic.services.availability import AvailabilityService
from tomatic.services.identity import IdentityService
from tomatic.services.persons import PersonService
from tomatic.services.planning import PlanningService
from tomatic.services.queue import QueueService
from tomatic.services.storage import Threaded


@dataclass
class Resources:
    """What must be closed when the service stops."""

    db: DatabaseThread
    closers: list[Callable[[], Any]] = field(default_factory=list)

    async def close(self) -> None:
        """Close everything, the database last."""
        for closer in reversed(self.closers):
            result = closer()
            if hasattr(result, "__await__"):
                await result
        self.db.close()


def build_services(
    settings: Settings,
    directory: UserDirectory | None = None,
    now: Callable[[], dt.datetime] | None = None,
) -> tuple[Services, Resources]:
    """Build every adapter and service from the settings."""
    thread = DatabaseThread(open_database(settings.db_path))
    config = load_planning_config(settings.config_path, SqliteConfigOverrides(thread.db).all())
    zone = settings.zone
    clock = now or (lambda: dt.datetime.now(zone))
    persons = Threaded(SqlitePersons(thread.db), thread)
    busy = Threaded(SqliteBusy(thread.db), thread)
    identity = IdentityService(persons, directory, settings.language)

    async def healthy() -> bool:
        return await thread.run(thread.healthy)

    services = Services(
        config=config,
        language=settings.language,
        identity=identity,
        persons=PersonService(persons, identity),
        availability=AvailabilityService(busy, identity, config, lambda: clock().date()),
        now=clock,
        healthy=healthy,
    )
    stores = {
        "persons": persons,
        "busy": busy,
        "timetables": Threaded(SqliteTimetables(thread.db), thread),
        "runs": Threaded(SqliteRuns(thread.db), thread),
    }
    services.planning = PlanningService(stores, config, None, clock)
    services.extra["stores"] = stores
    pbx = build_pbx(settings, clock)
    services.queue = QueueService(pbx, persons, identity)
    return services, Resources(db=thread, closers=[pbx.close])

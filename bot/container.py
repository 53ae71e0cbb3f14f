"""The composition root: settings → adapters → services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config_file import load_planning_config
from bot.pbx import build_pbx
from bot.settings import Settings
from tomatic.adapters.categories import load_categories
from tomatic.adapters.erp_demo import DemoCustomerData
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.adapters.png_timetable import render_png
from tomatic.adapters.sqlite.backup import SqliteBackups
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.calls import SqliteCalls
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import DatabaseThread, open_database
from tomatic.adapters.sqlite.jobstate import SqliteJobState
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.runs import SqliteRuns
from tomatic.adapters.sqlite.swaps import SqliteSwaps
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.adapters.sqlite.tokens import SqliteTokens
from tomatic.domain.config import PlanningConfig
from tomatic.domain.customer import ErpMapping
from tomatic.planner.candidates import candidates
from tomatic.planner.instance import load_problem
from tomatic.ports import CustomerData, UserDirectory
from tomatic.services import Services
from tomatic.services.availability import AvailabilityService
from tomatic.services.backup import BackupService
from tomatic.services.callinfo import CallInfoService
from tomatic.services.home import HomeService
from tomatic.services.identity import IdentityService
from tomatic.services.operations import OperationsService
from tomatic.services.persons import PersonService
from tomatic.services.planning import PlanningService
from tomatic.services.queue import QueueService
from tomatic.services.storage import Threaded
from tomatic.services.timetable import TimetableService
from tomatic.services.views import TimetableViewService


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


REPO = Path(__file__).resolve().parents[1]
"""Where `data/` lives, whatever the working directory."""


def build_customer_data(settings: Settings, config: PlanningConfig) -> CustomerData:
    """The ERP adapter the settings name (the demo JSON, or Odoo/OpenERP over XML-RPC)."""
    if settings.erp == "demo":
        return DemoCustomerData(REPO / "data" / "demo_erp.json")
    names = ("erp_url", "erp_db", "erp_user", "erp_password")
    missing = [f"TOMATIC_{name.upper()}" for name in names if not getattr(settings, name)]
    if missing:
        raise ValueError("TOMATIC_ERP=odoo needs " + ", ".join(missing))
    mapping = ErpMapping.model_validate(config.erp) if config.erp else None
    url, db, user = settings.erp_url or "", settings.erp_db or "", settings.erp_user or ""
    password = settings.erp_password.get_secret_value() if settings.erp_password else ""
    return OdooCustomerData(url, db, user, password, mapping)


def find_candidates(problem: dict, grid: list, day: int, hour: int) -> list[dict]:
    """The planner's candidate finder over a problem JSON dict, for the timetable service."""
    return candidates(load_problem(problem), grid, day, hour)


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
    stores["swaps"] = Threaded(SqliteSwaps(thread.db), thread)
    services.timetable = TimetableService(
        stores,
        config,
        services.planning,
        lambda: services.notifier,
        identity,
        clock,
        find_candidates,
    )
    services.planning.listeners.append(services.timetable.plans.on_run)
    stores["tokens"] = Threaded(SqliteTokens(thread.db), thread)
    services.views = TimetableViewService(
        stores, config, clock, settings.base_url, render_png, settings.language
    )
    stores["calls"] = Threaded(SqliteCalls(thread.db), thread)
    customers = build_customer_data(settings, config)
    categories = load_categories(REPO / "data" / "categories.yaml")
    services.callinfo = CallInfoService(
        customers, stores["calls"], persons, clock, settings.language, None, categories
    )
    pbx = build_pbx(settings, clock)
    services.queue = QueueService(pbx, persons, identity)
    stores["jobstate"] = Threaded(SqliteJobState(thread.db), thread)
    services.operations = OperationsService(
        stores, config, services.queue, pbx, identity, lambda: services.notifier,
        services.planning, lambda: services.timetable,
    )  # fmt: skip
    services.home = HomeService(
        stores, services.queue, services.availability, services.callinfo, identity, clock
    )
    services.backups = BackupService(build_backups(settings))
    return services, Resources(db=thread, closers=[pbx.close])


def build_backups(settings: Settings) -> SqliteBackups | None:
    """Nightly copies into TOMATIC_BACKUP_DIR, when set."""
    if settings.backup_dir is None:
        return None
    return SqliteBackups(settings.db_path, settings.backup_dir, settings.backup_keep)

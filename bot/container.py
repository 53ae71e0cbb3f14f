"""The composition root: settings → adapters → services, each built once, in dependency order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

from bot.config_file import load_planning_config
from bot.pbx import build_pbx
from bot.settings import Settings
from bot.workers import ProcessPoolSolverRunner, owner_alive, this_process
from tomatic.adapters.categories import load_categories
from tomatic.adapters.erp_demo import DemoCustomerData
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.adapters.metered import Metered
from tomatic.adapters.png_stats import render_stats_png
from tomatic.adapters.png_timetable import render_png
from tomatic.adapters.prometheus_metrics import PrometheusMetrics
from tomatic.adapters.sqlite.backup import SqliteBackups
from tomatic.adapters.sqlite.storage import open_storage
from tomatic.domain.config import PlanningConfig
from tomatic.domain.customer import ErpMapping
from tomatic.domain.model import Person
from tomatic.planner.discomfort import discomfort_of
from tomatic.ports import (
    CallNotifier,
    CustomerData,
    Metrics,
    Notifier,
    PbxQueue,
    SolverRunner,
    Stores,
    UserDirectory,
)
from tomatic.services import Services
from tomatic.services.availability import AvailabilityService
from tomatic.services.backup import BackupService
from tomatic.services.callinfo import CallInfoService
from tomatic.services.candidates import CandidateService
from tomatic.services.cells import CellService
from tomatic.services.fairness import FairnessService
from tomatic.services.home import HomeService
from tomatic.services.identity import IdentityService
from tomatic.services.linking import LinkService
from tomatic.services.notices import ChangeNotices, NoticedTimetables
from tomatic.services.operations import OperationsService
from tomatic.services.persons import PersonService
from tomatic.services.plan_watch import PlanWatcher
from tomatic.services.planning import PlanningService, RunEvents
from tomatic.services.queue import QueueService
from tomatic.services.replan import ReplanService
from tomatic.services.run_metrics import RunMetrics
from tomatic.services.stats import StatsService
from tomatic.services.swaps import SwapService
from tomatic.services.timetable import TimetableService
from tomatic.services.views import TimetableViewService
from tomatic.services.week_problems import WeekProblems

REPO = Path(__file__).resolve().parents[1]
"""Where `data/` lives, whatever the working directory."""

Closer = Callable[[], Awaitable[None] | None]
MIN_ACTIVE_RUNS = 2
"""Planner runs under way at once, at least (twice the workers otherwise): more wait."""


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


def build_backups(settings: Settings) -> SqliteBackups | None:
    """Nightly copies into TOMATIC_BACKUP_DIR, when set."""
    if settings.backup_dir is None:
        return None
    return SqliteBackups(settings.db_path, settings.backup_dir, settings.backup_keep)


async def _always_healthy() -> bool:
    return True


def build_services(
    settings: Settings,
    notifier: Notifier,
    directory: UserDirectory | None,
    *,
    stores: Stores | None = None,
    now: Callable[[], dt.datetime] | None = None,
    runner: SolverRunner | None = None,
    pbx: PbxQueue | None = None,
    call_notifier: CallNotifier | None = None,
    metrics: Metrics | None = None,
) -> Services:
    """Build every adapter and service from the settings.

    `stores` (default: SQLite at `TOMATIC_DB`), `now` (default: the team's wall clock) and
    `runner` (default: worker processes) and `pbx` (default: the one the settings name) may be
    given, by tests for instance; what is given stays the caller's to close. `call_notifier`
    delivers incoming calls (none: calls are only recorded). `metrics` (default: a registry
    of their own) hear about PBX and ERP calls, timed at the port, and the rest.
    """
    closers: list[Closer] = []
    healthy = _always_healthy
    overrides: dict[str, Any] = {}
    own_storage = stores is None
    if stores is None:
        storage = open_storage(settings.db_path)
        stores, healthy, overrides = storage.stores, storage.healthy, storage.config_overrides()
        closers.append(storage.close)
    if runner is None:
        runner = ProcessPoolSolverRunner(settings.solver_workers)
        closers.append(runner.close)
    config = load_planning_config(settings.config_path, overrides)
    zone = settings.zone
    clock = now or (lambda: dt.datetime.now(zone))
    if pbx is None:
        pbx = build_pbx(settings, clock)
        closers.append(pbx.close)
    metrics = metrics or PrometheusMetrics()
    pbx = cast(PbxQueue, Metered(pbx, "pbx", metrics))
    customers = cast(CustomerData, Metered(build_customer_data(settings, config), "erp", metrics))

    identity = IdentityService(stores.persons, directory, settings.language)
    timetables = NoticedTimetables(
        stores.timetables, ChangeNotices(stores.persons, notifier, clock)
    )
    linking = LinkService(stores.persons, directory)
    events = RunEvents()
    problems = WeekProblems(stores.persons, stores.busy, timetables, stores.forced, config)
    fairness = FairnessService(
        problems,
        timetables,
        stores.discomfort,
        stores.persons,
        identity,
        discomfort_of,
        config,
        clock,
    )
    planning = PlanningService(
        problems,
        fairness,
        timetables,
        stores.runs,
        runner,
        config,
        clock,
        events,
        owner=this_process(),
        alive=owner_alive,
        max_active=max(MIN_ACTIVE_RUNS, 2 * settings.solver_workers),
    )
    closers.append(planning.close)
    timetable = TimetableService(timetables, stores.persons, notifier, identity, config, clock)
    cells = CellService(
        timetable,
        timetables,
        stores.forced,
        stores.persons,
        stores.busy,
        identity,
        config,
        clock,
    )
    candidates = CandidateService(timetable, planning, stores.persons)
    plans = PlanWatcher(planning, timetable, stores.persons, notifier, identity)
    events.subscribe(plans.on_run)
    timetable.subscribe(plans.on_version)
    timetable.subscribe(fairness.on_version)
    events.subscribe(RunMetrics(metrics).on_run)
    availability = AvailabilityService(
        stores.busy, stores.persons, identity, config, lambda: clock().date()
    )
    callinfo = CallInfoService(
        customers,
        stores.calls,
        stores.persons,
        clock,
        settings.language,
        call_notifier,
        load_categories(REPO / "data" / "categories.yaml"),
        retention_days=settings.call_retention_days,
    )
    queue = QueueService(pbx, stores.persons, identity)
    stats = StatsService(pbx, stores.samples, stores.persons, zone, clock, render_stats_png)

    async def close() -> None:
        for closer in reversed(closers):
            result = closer()
            if result is not None:
                await result

    return Services(
        config=config,
        language=settings.language,
        now=clock,
        notifier=notifier,
        metrics=metrics,
        identity=identity,
        persons=PersonService(stores.persons, identity, linking),
        linking=linking,
        availability=availability,
        planning=planning,
        fairness=fairness,
        timetable=timetable,
        cells=cells,
        candidates=candidates,
        swaps=SwapService(
            stores.swaps,
            timetable,
            cells,
            candidates,
            stores.persons,
            notifier,
            identity,
            config,
            clock,
        ),
        plans=plans,
        replan=ReplanService(
            timetables,
            stores.persons,
            stores.busy,
            planning,
            runner,
            identity,
            config,
            clock,
        ),
        views=TimetableViewService(
            timetables,
            stores.persons,
            stores.tokens,
            stores.busy,
            config,
            clock,
            settings.base_url,
            render_png,
            settings.language,
        ),
        callinfo=callinfo,
        queue=queue,
        operations=OperationsService(
            timetables,
            stores.persons,
            stores.busy,
            stores.jobs,
            queue,
            pbx,
            planning,
            timetable,
            notifier,
            identity,
            config,
            stats,
        ),
        home=HomeService(timetables, queue, availability, callinfo, identity, clock),
        stats=stats,
        backups=BackupService(build_backups(settings) if own_storage else None),
        healthy=healthy,
        close=close,
    )


class SilentNotifier:
    """A `Notifier` for the command line without Slack: nobody is reachable, nothing is sent."""

    async def to_person(self, person: Person, kind: str, payload: dict[str, Any]) -> str | None:
        return None

    async def to_people(self, kind: str, messages: list[tuple[Person, dict[str, Any]]]) -> int:
        return 0

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        return None

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        return None

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> bool:
        return False

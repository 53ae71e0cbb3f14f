"""Demo data for the sandbox: a team, their availability, holidays and a published week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import structlog
import yaml

from bot.sandbox import SandboxUser
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.domain.model import BusyEntry, Holiday, Person, monday_of

log = structlog.get_logger("tomatic.demo")
DEMO_TEAM = Path(__file__).resolve().parents[1] / "data" / "demo_team.yaml"
ACTOR = "demo"
GUESTS = (
    ("ca", "ca-ES", "Convidada (sense registrar)"),
    ("es", "es-ES", "Invitada (sin registrar)"),
    ("en", "en-US", "Guest (not registered)"),
)
"""Strangers to try the sandbox as, one in each language (their Slack name and locale)."""


def demo_data() -> dict[str, Any]:
    """The demo team file."""
    return yaml.safe_load(DEMO_TEAM.read_text(encoding="utf-8"))


def seed_if_empty(db: Any) -> bool:
    """Store the demo team on an empty database; True when it did."""
    persons = SqlitePersons(db)
    if persons.all():
        return False
    data = demo_data()
    for row in data["persons"]:
        fields = {k: v for k, v in row.items() if k not in ("slack", "locale")}
        persons.save(
            Person(**fields, slack_user_id=row["slack"], language=row["locale"][:2]), ACTOR
        )
    busy = SqliteBusy(db)
    busy.add_many([BusyEntry(**row) for row in data["busy"]], ACTOR)
    busy.save_holidays([Holiday(**row) for row in data["holidays"]], ACTOR)
    SqliteConfigOverrides(db).save({"lines": data["lines"]}, ACTOR)
    log.info("demo data stored", persons=len(data["persons"]))
    return True


def sandbox_users(db: Any) -> list[SandboxUser]:
    """One sandbox Slack user per person with a Slack id, plus a stranger in each language."""
    locales = {row["id"]: row["locale"] for row in demo_data()["persons"]}
    users = [
        SandboxUser(
            id=p.slack_user_id,
            name=p.id,
            real_name=p.display_name,
            email=p.email or f"{p.id}@demo.tomatic.coop",
            locale=locales.get(p.id, "en-US"),
            is_admin=p.is_admin,
        )
        for p in SqlitePersons(db).all()
        if p.slack_user_id
    ]
    users += [
        SandboxUser(
            id=f"U0GUEST{lang.upper()}",
            name=f"guest-{lang}",
            real_name=name,
            email=f"guest-{lang}@example.org",
            locale=locale,
        )
        for lang, locale, name in GUESTS
    ]
    return users


def demo_week(today: dt.date) -> dt.date:
    """The week to show planned: this one (next one on weekends)."""
    monday = monday_of(today)
    return monday + dt.timedelta(days=7) if today.weekday() >= 5 else monday

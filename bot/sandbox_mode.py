"""Without Slack tokens: seed the demo team and serve the Slack sandbox at /sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import structlog
from aiohttp import web

from bot.config_file import load_planning_config
from bot.demo import demo_week, sandbox_users, seed_if_empty
from bot.demo_calls import seed_call_history
from bot.sandbox import DemoAction, Sandbox, SandboxUser
from bot.settings import Settings, is_loopback
from bot.verification import REJECTED
from tomatic.adapters.sqlite.config import SqliteConfigOverrides
from tomatic.adapters.sqlite.db import open_database
from tomatic.domain.errors import NotFoundError
from tomatic.domain.model import Person
from tomatic.domain.weeks import week_end
from tomatic.services import Services

log = structlog.get_logger("tomatic.sandbox")
SANDBOX = web.AppKey("sandbox", Sandbox)
TEAM_CHANNEL = "C0TEAM"
DEMO_ERP = Path(__file__).resolve().parents[1] / "data" / "demo_erp.json"
DEMO_TASK = web.AppKey("demo_task", asyncio.Task[None])
DEMO_ACTOR = Person(id="demo", name="Demo", groups=["admin"])
"""Who publishes the demo week (quietly: nobody is told)."""


class UnsafeSandboxError(Exception):
    """Serving the sandbox with these settings would expose it or real systems."""


def refuse_unsafe_sandbox(settings: Settings) -> None:
    """Without Slack tokens anyone who reaches the sandbox acts as anyone: serve it on
    loopback only, on the fake PBX and the demo ERP. Raises with one line naming the variable."""
    tokens = "or set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to serve Slack instead"
    if not is_loopback(settings.host):
        raise UnsafeSandboxError(
            f"TOMATIC_HOST={settings.host}: without Slack tokens the sandbox lets anyone act as"
            f" anyone, so it is served on this machine only; use 127.0.0.1, {tokens}"
        )
    if settings.pbx != "fake":
        raise UnsafeSandboxError(
            f"TOMATIC_PBX={settings.pbx}: the sandbox (no Slack tokens) drives the fake PBX"
            f" only; unset TOMATIC_PBX, {tokens}"
        )
    if settings.erp != "demo":
        raise UnsafeSandboxError(
            f"TOMATIC_ERP={settings.erp}: the sandbox (no Slack tokens) reads the demo ERP"
            f" only; unset TOMATIC_ERP, {tokens}"
        )


def sandbox_page_url(app: web.Application) -> str:
    """The address to open the sandbox at, with the key its page needs."""
    return app[SANDBOX].page_url


def prepare_database(settings: Settings) -> list[SandboxUser]:
    """Seed an empty database with the demo team and its recent calls; the sandbox's Slack
    users."""
    db = open_database(settings.db_path)
    try:
        seed_if_empty(db)
        config = load_planning_config(settings.config_path, SqliteConfigOverrides(db).all())
        today = dt.datetime.now(settings.zone).date()
        seed_call_history(db, config.hours, config.lines, settings.zone, today)
        return sandbox_users(db)
    finally:
        db.conn.close()


def mount_sandbox(
    app: web.Application,
    settings: Settings,
    token: str,
    secret: str,
    services: Services,
    users: list[SandboxUser],
    ringring_token: str | None,
    actions: list[DemoAction],
) -> Sandbox:
    """Serve the sandbox under /sandbox/, talking to this very app, for `users` (see
    `prepare_database`), with the demo buttons `actions` after "Simulate incoming call"."""
    actions = [simulate_call_action(settings, services, ringring_token), *actions]
    root = settings.local_url
    sandbox = Sandbox(
        bot_token=token,
        signing_secret=secret,
        events_url=f"{root}/slack/events",
        users=users,
        team_channel=TEAM_CHANNEL,
        base_url=f"{root}/sandbox/",
        demo_actions=actions,
        on_refused=_note_refusal,
    )
    app[SANDBOX] = sandbox
    app.middlewares.append(_sandbox_slash)
    app.router.add_get("/", _to_sandbox)
    app.add_subapp("/sandbox/", sandbox.web_app())
    app.cleanup_ctx.append(_close_sandbox)
    return sandbox


def _note_refusal(request: web.Request, reason: str) -> None:
    request[REJECTED] = reason  # the access log's line says why


@web.middleware
async def _sandbox_slash(request: web.Request, handler: Any) -> web.StreamResponse:
    """`/sandbox` (the address printed at start) → `/sandbox/`."""
    if request.path == "/sandbox":
        raise web.HTTPFound("/sandbox/")
    return await handler(request)


async def _to_sandbox(request: web.Request) -> web.Response:
    raise web.HTTPFound("/sandbox/")


async def _close_sandbox(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[SANDBOX].close()


async def publish_demo_week(services: Services) -> None:
    """Plan and publish the demo week once, in the background, if it has no timetable
    (next week's once this one is over: past weeks are not planned)."""
    now = services.now()
    week = demo_week(now.date())
    if now >= week_end(week, services.config.hours, now.tzinfo or dt.UTC):
        week += dt.timedelta(days=7)
    try:
        await services.timetable.current(week)
        return
    except NotFoundError:
        pass
    run = await services.planning.start(week, "demo", time_limit=20)
    done = await services.planning.wait(run.id)
    if done.version:
        await services.timetable.publish(DEMO_ACTOR, week, done.version, announce=False)
        log.info("demo week published", week=str(week), cost=done.best_cost)


def start_demo_planning(app: web.Application, services: Services) -> None:
    """Kick off `publish_demo_week` without delaying the start."""
    task = asyncio.get_running_loop().create_task(publish_demo_week(services))
    app[DEMO_TASK] = task  # kept alive for the app's life


def simulate_call_action(settings: Settings, services: Services, token: str | None) -> DemoAction:
    """ "Simulate incoming call": a demo customer's phone rings an operator's extension,
    through `/api/info/ringring` like the PBX would."""

    async def handler(user_id: str) -> str | None:
        extension, who = await _extension_for(services, user_id)
        if extension is None:
            return "Nobody has an extension: add one with /tomatic me."
        phone = random.choice(_demo_phones())
        url = f"{settings.local_url}/api/info/ringring"
        params = {"phone": phone, "ext": extension}
        headers = {"Authorization": f"Bearer {token or ''}"}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=params, headers=headers) as resp,
        ):
            if resp.status != 200:
                return f"The ringring notification was refused ({resp.status})."
        return f"{phone} is calling extension {extension} ({who})."

    return DemoAction(id="simulate-call", label="Simulate incoming call", handler=handler)


async def _extension_for(services: Services, user_id: str) -> tuple[str | None, str]:
    person = await services.identity.find(user_id)
    if person is None or not person.extension:
        people = [p for p in await services.persons.list() if p.extension]
        person = random.choice(people) if people else None
    return (person.extension, person.display_name) if person else (None, "")


def _demo_phones() -> list[str]:
    data = json.loads(DEMO_ERP.read_text(encoding="utf-8"))
    return [phone for partner in data["partners"] for phone in partner.get("phones", [])]

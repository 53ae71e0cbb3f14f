"""`tomatic jobs` (the automated jobs and their next run) and `tomatic run-job <id> [--at]`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import handlers.commands  # noqa: F401 - registers every message renderer too
from bot.cli.runner import fail, load_settings, run_with_services
from bot.jobs import JOBS, describe, run_logged
from bot.scheduler import next_runs
from bot.settings import Settings
from handlers.blocks.messages import render
from tomatic.domain.model import Person
from tomatic.domain.schedule import job_specs
from tomatic.ports import Notifier
from tomatic.services import Services


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `jobs` and `run-job`."""
    jobs = sub.add_parser("jobs", help="the automated jobs and when each runs next")
    jobs.set_defaults(handler=list_jobs)
    run = sub.add_parser("run-job", help="run one automated job now, or as if at a given time")
    run.add_argument("job_id", choices=sorted(JOBS), metavar="id", help=", ".join(sorted(JOBS)))
    run.add_argument("--at", type=_moment, default=None, help='"YYYY-MM-DD HH:MM" (team zone)')
    run.set_defaults(handler=run_job)


def _moment(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise argparse.ArgumentTypeError(f'{text!r} is not like "2026-11-30 09:00"') from error


def list_jobs(args: argparse.Namespace) -> int:
    """Print each job id with its next run."""
    settings = load_settings()

    async def go(services: Services) -> int:
        zone = settings.zone
        for job_id, when in next_runs(services.config, zone, dt.datetime.now(zone)):
            print(f"{job_id:<18} {when:%a %Y-%m-%d %H:%M}" if when else f"{job_id:<18} never")
        return 0

    return run_with_services(go, settings)


def run_job(args: argparse.Namespace) -> int:
    """Run one job as if at `--at` (default now); print what it did and what it sent."""
    settings = load_settings()
    zone = settings.zone
    at = args.at.replace(tzinfo=zone) if args.at else dt.datetime.now(zone)

    async def go(services: Services) -> int:
        return await _run(args.job_id, services, at)

    return run_with_services(go, settings, notifier_for(settings))


async def _run(job_id: str, services: Services, at: dt.datetime) -> int:
    if job_id not in {spec.id for spec in job_specs(services.config)}:
        return fail(f"{job_id} is not configured (see `tomatic jobs`)")
    outcome = await run_logged(job_id, services, at)
    print(describe(outcome, "en"))
    return 1 if outcome.key.endswith("_failed") else 0  # as `run_logged` counts a failure


class PrintNotifier:
    """Without Slack tokens: print what would have been sent."""

    def __init__(self, language: str) -> None:
        self.language = language

    async def to_person(self, person: Person, kind: str, payload: dict[str, Any]) -> str | None:
        """Print a DM."""
        print(f"DM {person.id}: {render(kind, payload, self.language)[0]}")
        return f"D-{person.id}"

    async def to_people(self, kind: str, messages: list[tuple[Any, dict[str, Any]]]) -> int:
        """Print each DM."""
        return len([await self.to_person(person, kind, data) for person, data in messages])

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        """Print a team-channel post."""
        print(f"#team: {render(kind, payload, self.language)[0]}")
        return "C-team"

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        """Print an update."""
        print(f"update {ref}: {render(kind, payload, lang)[0]}")

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> bool:
        """Mention a file."""
        print(f"file {filename} to {where}")
        return True


def notifier_for(settings: Settings) -> Notifier:
    """Slack when tokens and a team channel are configured, else print to stdout."""
    token = settings.slack_bot_token
    if token is None or not settings.team_channel:
        return PrintNotifier(settings.language)
    from bot.slack_client import build_client
    from bot.slack_directory import SlackUserDirectory
    from bot.slack_notifier import SlackNotifier

    client = build_client(
        token.get_secret_value(), settings.slack_api_url, settings.slack_rate_factor
    )
    directory = SlackUserDirectory(client)
    return SlackNotifier(client, settings.team_channel, directory, settings.language)

"""`tomatic slack sync [--dry-run]`: link everyone to their Slack account by e-mail."""

from __future__ import annotations

import argparse

from bot.cli.runner import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, load_settings, run_with_services
from bot.slack_pacing import bulk_sending
from tomatic.domain.directory import LinkOutcome, LinkReport, LinkState
from tomatic.services import Services

NO_SLACK = "SLACK_BOT_TOKEN is not set: there is no Slack workspace to link people to"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `slack …`."""
    slack = sub.add_parser("slack", help="persons and their Slack accounts")
    verbs = slack.add_subparsers(dest="verb", required=True)
    sync = verbs.add_parser(
        "sync",
        help="link every person to their Slack account by e-mail (paced for Slack's limits)",
        description="Looks each person's e-mail up on Slack (users.lookupByEmail) and stores "
        "their Slack id and language, so that they get DMs, call cards and mentions. Ends "
        "with who Slack does not know. Exit 0 when everyone could be checked, 1 otherwise.",
    )
    sync.add_argument("--dry-run", action="store_true", help="look everyone up, store nothing")
    sync.set_defaults(handler=slack_sync)


def slack_sync(args: argparse.Namespace) -> int:
    """Sync with progress, then the summary; exit 1 when some lookups failed."""
    settings = load_settings()
    if settings.slack_bot_token is None:
        return fail(NO_SLACK, EXIT_USAGE)

    async def go(services: Services) -> int:
        with bulk_sending():
            report = await services.linking.sync(args.dry_run, on_progress=print_progress)
        print_report(report, len(report.outcomes))
        return EXIT_FAILED if report.of("failed") else EXIT_OK

    return run_with_services(go, settings)


STATE_WORDS = {
    "linked": "linked",
    "unchanged": "already linked",
    "unknown": "not known to Slack",
    "deactivated": "deactivated on Slack",
    "no_email": "no e-mail",
    "failed": "not checked",
    "taken": "Slack account linked to someone else",
}


def print_progress(done: int, total: int, outcome: LinkOutcome) -> None:
    """One line per person as the sync goes."""
    width = len(str(total))
    detail = f" ({outcome.user_id or outcome.detail})" if outcome.user_id or outcome.detail else ""
    print(f"[{done:>{width}}/{total}] {outcome.person}: {STATE_WORDS[outcome.state]}{detail}")


def print_report(report: LinkReport, people: int) -> None:
    """How many are linked, then each person Slack does not know or could not be checked."""
    would = "would be " if report.dry_run else ""
    new = len(report.of("linked"))
    print(f"{report.linked} of {people} persons {would}linked to Slack ({new} newly).")
    sections: list[tuple[LinkState, str]] = [
        ("unknown", "Slack does not know the e-mail of"),
        ("deactivated", "Deactivated on Slack (unlinked)"),
        ("taken", "Their Slack account is already linked to another person"),
        ("no_email", "No e-mail to look up"),
        ("failed", "Not checked: Slack did not answer (run the sync again later)"),
    ]
    for state, title in sections:
        outcomes = report.of(state)
        if outcomes:
            print(f"{title} ({len(outcomes)}):")
            for outcome in outcomes:
                print("  " + _line(outcome))


def _line(outcome: LinkOutcome) -> str:
    email = f" <{outcome.email}>" if outcome.email else ""
    if outcome.state == "taken":
        return f"{outcome.person}{email}: {outcome.user_id} is {outcome.detail}'s"
    if outcome.state == "failed":
        return f"{outcome.person}{email}: {outcome.detail}"
    return f"{outcome.person}{email}"

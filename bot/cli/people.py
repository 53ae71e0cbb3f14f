"""`tomatic person add|list`."""

from __future__ import annotations

import argparse
import json

from bot.cli.runner import EXIT_FAILED, fail, run_with_services, sentence
from tomatic.domain.fields import InvalidFieldsError
from tomatic.domain.model import Person
from tomatic.services import Services


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `person …`."""
    person = sub.add_parser("person", help="manage persons from the command line")
    verbs = person.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="add a person (the first coordinator, typically)")
    add.add_argument("id")
    add.add_argument("--name", default=None, help="letters, digits, spaces and ' . - ( ); ≤ 80")
    add.add_argument("--email", default="")
    add.add_argument("--extension", default="")
    add.add_argument("--ideal-load", type=int, default=None)
    add.add_argument("--admin", action="store_true", help="make them a coordinator")
    add.set_defaults(handler=person_add)
    listing = verbs.add_parser("list", help="everyone")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=person_list)


def person_add(args: argparse.Namespace) -> int:
    """Create a person."""
    fields: dict[str, object] = {"email": args.email, "extension": args.extension}
    if args.name is not None:
        fields["name"] = args.name
    if args.ideal_load is not None:
        fields["ideal_load"] = args.ideal_load
    if args.admin:
        fields["groups"] = ["admin"]

    async def go(services: Services) -> int:
        try:
            person = await services.persons.create(None, args.id, fields)
        except InvalidFieldsError as error:
            for field, each in error.fields.items():
                fail(f"{field}: {sentence(each, services.language)}")
            return EXIT_FAILED
        role = " (coordinator)" if person.is_admin else ""
        print(f"Added {person.display_name} ({person.id}){role}.")
        if services.linking.enabled:
            print(slack_link_line(person))
        return 0

    return run_with_services(go)


def slack_link_line(person: Person) -> str:
    """Whether a person just added could be linked to their Slack account."""
    if person.slack_user_id:
        return f"Linked to Slack as {person.slack_user_id}."
    return (
        "Not linked to Slack (no account with that e-mail, or Slack did not answer): "
        "`tomatic slack sync` tries again, and they are linked as soon as they use /tomatic."
    )


def person_list(args: argparse.Namespace) -> int:
    """Print everyone, as a table or JSON."""

    async def go(services: Services) -> int:
        persons = await services.persons.list()
        if args.json:
            print(json.dumps([p.model_dump() for p in persons], ensure_ascii=False, indent=2))
            return 0
        for p in persons:
            groups = ",".join(p.groups)
            print(f"{p.id:<10} {p.display_name:<24} {p.extension:<6} {p.email:<32} {groups}")
        return 0

    return run_with_services(go)

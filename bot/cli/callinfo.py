"""`tomatic import-categories FILE`: the call categories offered when annotating."""

from __future__ import annotations

import argparse

from bot.cli.runner import fail, run_with_services, sentence
from tomatic.adapters.categories import load_categories
from tomatic.domain.errors import TomaticError
from tomatic.services import Services

FILE_HELP = (
    "categories YAML: data/categories.yaml format, "
    "or the original call registry's or callinfo's categories.yaml"
)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `import-categories`."""
    parser = sub.add_parser(
        "import-categories",
        help="replace the call categories with those of a YAML file (ours or the original's)",
    )
    parser.add_argument("file", help=FILE_HELP)
    parser.add_argument("--dry-run", action="store_true", help="only show what would be imported")
    parser.set_defaults(handler=import_categories)


def import_categories(args: argparse.Namespace) -> int:
    """Read the file, then store its categories (or just list them with --dry-run)."""
    try:
        categories = load_categories(args.file)
    except TomaticError as error:
        return fail(sentence(error))
    except OSError as error:
        return fail(f"cannot read {args.file}: {error.strerror}")
    for category in categories:
        state = "" if category.enabled else " (disabled)"
        print(f"{category.label('en')} [{category.section or '-'}]{state}")
    if args.dry_run:
        return 0

    async def go(services: Services) -> int:
        count = await services.callinfo.import_categories(categories, "cli")
        print(f"Imported {count} categories.")
        return 0

    return run_with_services(go)

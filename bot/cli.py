"""The `tomatic` command line: serve, people, imports, planning, queue."""

from __future__ import annotations

import argparse
import sys

from bot import cli_people, cli_serve


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand with its arguments."""
    parser = argparse.ArgumentParser(prog="tomatic", description="Tomàtic phone-support planner")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_serve.add_commands(sub)
    cli_people.add_commands(sub)
    for module in _optional_modules():
        module.add_commands(sub)
    return parser


def _optional_modules() -> list:
    """Command groups that live in their own modules."""
    from bot import cli_callinfo, cli_jobs, cli_legacy, cli_planning, cli_queue

    return [cli_legacy, cli_planning, cli_queue, cli_callinfo, cli_jobs]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `tomatic` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

"""The `tomatic` command line: the parser of every subcommand and the console script's `main`."""

from __future__ import annotations

import argparse
import io
import os
import sys

import tomatic
from bot.cli import (
    backup,
    callinfo,
    doctor,
    jobs,
    legacy,
    people,
    planning,
    queue,
    serve,
    slack,
)
from bot.cli.runner import EXIT_CLOSED_PIPE

COMMAND_GROUPS = (serve, doctor, people, slack, legacy, planning, queue, callinfo, jobs, backup)


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand with its arguments; options may come before or after positionals."""
    parser = argparse.ArgumentParser(prog="tomatic", description="Tomàtic phone-support planner")
    parser.add_argument("--version", action="version", version=f"%(prog)s {tomatic.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `tomatic` console script: parse, run the command, its exit status."""
    args = build_parser().parse_args(argv)
    try:
        status = int(args.handler(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    return status


def _closed_pipe() -> int:
    """The reader went away (`tomatic person list | head`): stop quietly.

    Later writes, including the interpreter's final flush, go to /dev/null so that Python
    prints no second error on the way out.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a file descriptor (captured in tests): nothing to silence
    return EXIT_CLOSED_PIPE

"""`tomatic queue show|add|remove|pause|resume|clear|set`: the live PBX queue from a shell."""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable

from bot.cli.runner import fail, run_with_services
from tomatic.i18n import t
from tomatic.services import Services
from tomatic.services.queue import BoardEntry, QueueChange, QueueService

Job = Callable[[QueueService], Awaitable[int]]
TARGET_HELP = "a person id or an extension"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `queue …`."""
    queue = sub.add_parser("queue", help="the live PBX call queue")
    verbs = queue.add_subparsers(dest="verb", required=True)
    show = verbs.add_parser("show", help="members in line order with their state")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    show.set_defaults(handler=queue_show)
    add = verbs.add_parser("add", help="add one member to the end")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("target", nargs="?", help="a person id or a person's extension")
    who.add_argument("--extension", help="an extension of nobody in the team, added anyway")
    add.set_defaults(handler=queue_change)
    for verb, text in (("remove", "take out"), ("resume", "unpause")):
        parser = verbs.add_parser(verb, help=f"{text} one member")
        parser.add_argument("target", help=TARGET_HELP)
        parser.set_defaults(handler=queue_change)
    pause = verbs.add_parser("pause", help="pause one member")
    pause.add_argument("target", help=TARGET_HELP)
    pause.add_argument("--reason", default="", help="shown on the board (plain text)")
    pause.set_defaults(handler=queue_change)
    clear = verbs.add_parser("clear", help="remove every member")
    clear.set_defaults(handler=queue_clear)
    members = verbs.add_parser("set", help="make exactly these the members, in line order")
    members.add_argument("targets", nargs="+", metavar="target", help=TARGET_HELP)
    members.set_defaults(handler=queue_set)


def run(job: Job) -> int:
    """Run one queue job through the shared runner."""

    async def go(services: Services) -> int:
        return await job(services.queue)

    return run_with_services(go)


def queue_show(args: argparse.Namespace) -> int:
    """Print the board as a table or JSON."""

    async def go(queue: QueueService) -> int:
        print_board(await queue.board(), as_json=args.json)
        return 0

    return run(go)


def queue_change(args: argparse.Namespace) -> int:
    """add / remove / pause / resume one member, then print the board."""

    async def go(queue: QueueService) -> int:
        if args.verb == "pause":
            change = await queue.pause(None, args.target, args.reason)
        elif args.verb == "add" and args.extension is not None:
            change = await queue.add(None, args.extension, any_extension=True)
        else:
            change = await getattr(queue, args.verb)(None, args.target)
        print(change_line(args.verb, change))
        print_board(change.board)
        return 0

    return run(go)


def queue_clear(args: argparse.Namespace) -> int:
    """Empty the queue."""

    async def go(queue: QueueService) -> int:
        await queue.clear()
        print(t("en", "queue.cleared"))
        return 0

    return run(go)


def queue_set(args: argparse.Namespace) -> int:
    """Make the given persons (or their extensions) the queue, in this order; whoever the
    PBX refuses is left out and named on stderr (exit status 1), the rest are loaded."""

    async def go(queue: QueueService) -> int:
        loaded = await queue.load(args.targets, strict=True)
        print(t("en", "queue.loaded", count=len(loaded.board)))
        print_board(loaded.board)
        for item in loaded.missing:
            reason = t("en", item.key, **item.params)
            fail(
                t("en", "queue.not_loaded", name=item.name, extension=item.extension, reason=reason)
            )
        return 1 if loaded.missing else 0

    return run(go)


def change_line(verb: str, change: QueueChange) -> str:
    """What happened, in one sentence."""
    key = {"add": "added", "remove": "removed", "pause": "paused", "resume": "resumed"}[verb]
    return t("en", f"queue.{key}", name=change.subject.name, extension=change.subject.extension)


def print_board(board: list[BoardEntry], as_json: bool = False) -> None:
    """The board as a fixed-width table (or JSON), in line order."""
    if as_json:
        print(json.dumps([entry.model_dump(mode="json") for entry in board], indent=2))
        return
    if not board:
        print(t("en", "queue.empty"))
        return
    print(f"{'#':>2}  {'EXT':<6} {'PERSON':<10} {'NAME':<24} {'STATE':<24} {'CALLS':>5}")
    for line, entry in enumerate(board, start=1):
        print(
            f"{line:>2}  {entry.extension:<6} {entry.person or '-':<10} {entry.name:<24} "
            f"{state_label(entry):<24} {entry.calls:>5}"
        )


def state_label(entry: BoardEntry) -> str:
    """The state as one word, with pause and reason when paused."""
    label = entry.state.value
    if entry.paused and label != "paused":
        label += "+paused"
    return f"{label} ({entry.reason})" if entry.paused and entry.reason else label

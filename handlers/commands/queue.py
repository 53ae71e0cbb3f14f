"""`/tomatic queue`, `pause [@user] [reason]`, `resume [@user]`, `add [@user]`, `remove [@user]`."""

from __future__ import annotations

import re

from handlers.blocks import queue_missing  # noqa: F401 - registers the missing-members notice
from handlers.blocks.limits import escape
from handlers.blocks.queue import Viewer, queue_board_blocks
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.services.identity import MENTION_RE
from tomatic.services.queue import QueueChange

EXTENSION_RE = re.compile(r"^[0-9]{1,10}$")
ANY_EXTENSION = "--extension"


@subcommand("queue", "cua", "cola", example="/tomatic queue")
async def handle_queue(ctx: Ctx) -> Reply:
    """The live board, on the page where I am."""
    viewer = Viewer.of(await ctx.me())
    entries = await ctx.services.queue.board()
    blocks = queue_board_blocks(entries, ctx.lang, viewer, updated=ctx.services.now())
    return Reply(ctx.t("queue.title"), blocks)


@subcommand("pause", "pausa", example="/tomatic pause @anna lunch")
async def handle_pause(ctx: Ctx) -> Reply:
    """Pause yourself or someone, with an optional reason."""
    target, words = split_target(ctx.args)
    change = await ctx.services.queue.pause(await ctx.me(), target, " ".join(words))
    return await change_reply(ctx, change, "queue.paused")


@subcommand("resume", "reprèn", "reprende", "reanuda", example="/tomatic resume @anna")
async def handle_resume(ctx: Ctx) -> Reply:
    """Take calls again (yourself or someone)."""
    change = await ctx.services.queue.resume(await ctx.me(), first(ctx.args))
    return await change_reply(ctx, change, "queue.resumed")


@subcommand("add", "afegeix", "añade", example="/tomatic add @anna")
async def handle_add(ctx: Ctx) -> Reply:
    """Join the queue (yourself or someone); `--extension N` adds a phone of nobody."""
    explicit = bool(ctx.args) and ctx.args[0].lower() == ANY_EXTENSION
    target = first(ctx.args[1:]) if explicit else first(ctx.args)
    if explicit and not target:
        return Reply(ctx.t("queue.any_extension_usage"))
    change = await ctx.services.queue.add(await ctx.me(), target, any_extension=explicit)
    return await change_reply(ctx, change, "queue.added")


@subcommand("remove", "treu", "quita", example="/tomatic remove @anna")
async def handle_remove(ctx: Ctx) -> Reply:
    """Leave the queue (yourself or someone)."""
    change = await ctx.services.queue.remove(await ctx.me(), first(ctx.args))
    return await change_reply(ctx, change, "queue.removed")


async def change_reply(ctx: Ctx, change: QueueChange, key: str) -> Reply:
    """A one-line notice followed by the new board, on the page of the member changed."""
    name, extension = escape(change.subject.name), change.subject.extension
    notice = ctx.t(key, name=name, extension=extension)
    viewer = Viewer.of(await ctx.me())
    blocks = queue_board_blocks(
        change.board, ctx.lang, viewer, focus=extension, updated=ctx.services.now(), notice=notice
    )
    return Reply(notice, blocks)


def split_target(words: list[str]) -> tuple[str | None, list[str]]:
    """A leading mention or extension names the target; the rest is the free-text reason."""
    if words and is_target(words[0]):
        return words[0], words[1:]
    return None, words


def is_target(word: str) -> bool:
    """Whether a word can only be a person reference (not the first word of a reason)."""
    return bool(MENTION_RE.match(word) or EXTENSION_RE.match(word))


def first(words: list[str]) -> str | None:
    """The first argument, if any."""
    return words[0] if words else None

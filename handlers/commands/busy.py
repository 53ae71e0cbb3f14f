"""`/tomatic busy [@user]`, `busy add …`, `busy remove <id>`."""

from __future__ import annotations

from handlers.blocks.busy import busy_list_blocks, entry_line
from handlers.blocks.limits import escape
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.model import Person
from tomatic.services.identity import MENTION_RE

ADD_WORDS = ("add", "afegeix", "añade", "nova", "new")
REMOVE_WORDS = ("remove", "rm", "delete", "esborra", "borra", "elimina")


@subcommand(
    "busy",
    "indisponibilitats",
    "indisponibilitat",
    "ocupat",
    "ocupado",
    "indisponible",
    example="/tomatic busy add dm 0011 optional Team meeting",
)
async def handle_busy(ctx: Ctx) -> Reply:
    """List, add or remove busy entries."""
    me = await ctx.me()
    verb = ctx.args[0].lower() if ctx.args else ""
    if verb in ADD_WORDS:
        subject, words = await _subject(ctx, me, ctx.args[1:])
        entry = await ctx.services.availability.add_from_words(me, subject, words)
        line = entry_line(entry, ctx.services.config, ctx.lang)
        return Reply(ctx.t("busy.added", name=escape(subject.display_name)) + "\n" + line)
    if verb in REMOVE_WORDS:
        if len(ctx.args) != 2:
            return Reply(ctx.t("busy.remove_usage"))
        entry = await ctx.services.availability.remove(me, ctx.args[1])
        return Reply(ctx.t("busy.removed", id=entry.id, reason=escape(entry.reason)))
    subject = await ctx.services.identity.target(ctx.args[0] if ctx.args else None, me)
    return await busy_reply(ctx, subject)


async def busy_reply(ctx: Ctx, subject: Person, page: int = 0) -> Reply:
    """One page of the busy list of `subject`, as the acting person may see it."""
    listing = await ctx.services.availability.listing(await ctx.me(), subject)
    blocks = busy_list_blocks(listing, ctx.services.config, ctx.lang, page)
    return Reply(ctx.t("busy.title", name=escape(subject.display_name)), blocks)


async def _subject(ctx: Ctx, me: Person, words: list[str]) -> tuple[Person, list[str]]:
    if words and MENTION_RE.match(words[0]):
        return await ctx.services.identity.target(words[0], me), words[1:]
    return me, words

"""`/tomatic busy [@user]`, `busy add …`, `busy remove <id>`."""

from __future__ import annotations

from handlers.blocks.busy import busy_list_blocks, entry_line
from handlers.blocks.limits import escape
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.model import BusyEntry, Person
from tomatic.i18n.formats import day_text
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
        added = ctx.t("busy.added", name=escape(subject.display_name)) + "\n" + line
        return Reply(added + await clash_note(ctx, subject, entry))
    if verb in REMOVE_WORDS:
        if len(ctx.args) != 2:
            return Reply(ctx.t("busy.remove_usage"))
        entry = await ctx.services.availability.remove(me, ctx.args[1])
        return Reply(ctx.t("busy.removed", id=entry.id, reason=escape(entry.reason)))
    subject = await ctx.services.identity.target(ctx.args[0] if ctx.args else None, me)
    return await busy_reply(ctx, subject)


async def clash_note(ctx: Ctx, subject: Person, entry: BusyEntry) -> str:
    """A paragraph naming the subject's published turns still to come (this week and next)
    that a new entry covers, as they stay theirs until someone changes them; "" if none."""
    covered = [
        turn
        for turn in await ctx.services.timetable.mine(subject)
        if not turn.past
        and turn.day in entry.days_in_week(turn.week, [turn.day])
        and turn.hour in entry.busy_turns()
    ]
    if not covered:
        return ""
    listed = ", ".join(f"{day_text(ctx.lang, t.date)} {t.label}" for t in covered[:3])
    listed += " …" if len(covered) > 3 else ""
    return "\n" + ctx.t("busy.clashes", name=escape(subject.display_name), turns=listed)


async def busy_reply(ctx: Ctx, subject: Person, page: int = 0) -> Reply:
    """One page of the busy list of `subject`, as the acting person may see it."""
    listing = await ctx.services.availability.listing(await ctx.me(), subject)
    blocks = busy_list_blocks(listing, ctx.services.config, ctx.lang, page)
    return Reply(ctx.t("busy.title", name=escape(subject.display_name)), blocks)


async def _subject(ctx: Ctx, me: Person, words: list[str]) -> tuple[Person, list[str]]:
    if words and MENTION_RE.match(words[0]):
        return await ctx.services.identity.target(words[0], me), words[1:]
    return me, words

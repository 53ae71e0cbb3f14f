"""`/tomatic help`: what I can use, one example a line; coordinators get a second section."""

from __future__ import annotations

from handlers.blocks.common import Block, context, header, section
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply

# Each line is the subcommands it covers; its text is `help.line.<first name>` (operators)
# or `help.admin.<first name>` (coordinators): one example and a few words.
OPERATOR_LINES: dict[str, tuple[tuple[str, ...], ...]] = {
    "people": (("me",), ("persons",), ("busy",)),
    "timetable": (("who", "mine"), ("timetable", "changes"), ("swap",), ("calendar",)),
    "phones": (("queue",), ("pause", "resume", "add", "remove"), ("search",), ("calls", "stats")),
}
ADMIN_LINES: tuple[tuple[str, ...], ...] = (
    ("person",),
    ("plan", "publish"),
    ("set",),
    ("replan",),
    ("fairness",),
    ("forced",),
    ("others",),  # pause, busy… on someone else
    ("says",),
)


def covered() -> set[str]:
    """Every subcommand some help line presents (`help` itself is the footer's)."""
    lines = [*(line for group in OPERATOR_LINES.values() for line in group), *ADMIN_LINES]
    return {"help", *(name for line in lines for name in line)}


def help_blocks(ctx: Ctx, coordinator: bool, stranger: bool) -> list[Block]:
    """The operator's sections, then (for coordinators) theirs, then a short footer."""
    blocks: list[Block] = [header(ctx.t("help.title"))]
    if stranger:
        blocks.append(section(ctx.t("error.not_registered")))
    for key, group in OPERATOR_LINES.items():
        lines = [ctx.t(f"help.line.{line[0]}") for line in group]
        blocks.append(section("\n".join([f"*{ctx.t(f'help.section.{key}')}*", *lines])))
    if coordinator:
        lines = [ctx.t(f"help.admin.{line[0]}") for line in ADMIN_LINES]
        blocks.append(section("\n".join([f"*{ctx.t('help.section.admin')}*", *lines])))
    blocks.append(context(ctx.t("help.footer")))
    return blocks


@subcommand("help", "ajuda", "ayuda", example="/tomatic help")
async def handle_help(ctx: Ctx) -> Reply:
    """The commands I can use, grouped, one example each (strangers may ask too)."""
    person = await ctx.services.identity.find(ctx.user_id)
    coordinator = person is not None and person.is_admin
    return Reply(ctx.t("help.title"), help_blocks(ctx, coordinator, person is None))

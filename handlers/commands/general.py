"""`/tomatic help`."""

from __future__ import annotations

from handlers.blocks.common import Block, context, header, section
from handlers.commands.registry import SUBCOMMANDS, subcommand
from handlers.context import Ctx, Reply

SECTIONS: dict[str, tuple[str, ...]] = {
    "people": ("help", "me", "persons", "person", "busy"),
    "timetable": (
        "timetable",
        "who",
        "mine",
        "swap",
        "calendar",
        "plan",
        "publish",
        "set",
        "changes",
        "replan",
        "forced",
    ),
    "phones": ("queue", "pause", "resume", "add", "remove", "search", "calls", "stats", "says"),
}


def help_sections() -> dict[str, list[str]]:
    """Subcommand names by help section; any not placed yet go under `other`."""
    placed = {name for names in SECTIONS.values() for name in names}
    sections = {key: [n for n in names if n in SUBCOMMANDS] for key, names in SECTIONS.items()}
    rest = [name for name in SUBCOMMANDS if name not in placed]
    return {**sections, "other": rest} if rest else sections


@subcommand("help", "ajuda", "ayuda", example="/tomatic help")
async def handle_help(ctx: Ctx) -> Reply:
    """Every subcommand with one example each, grouped by what it is about."""
    blocks: list[Block] = [header(ctx.t("help.title"))]
    for key, names in help_sections().items():
        lines = [f"*{ctx.t(f'help.section.{key}')}*"]
        for name in names:
            entry = SUBCOMMANDS[name]
            admin = f" _{ctx.t('help.admins')}_" if entry.admin else ""
            lines.append(f"`{entry.example}` — {ctx.t(f'help.{name}')}{admin}")
        blocks.append(section("\n".join(lines)))
    blocks.append(context(ctx.t("help.footer")))
    return Reply(ctx.t("help.title"), blocks)

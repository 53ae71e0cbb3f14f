"""`/tomatic help`."""

from __future__ import annotations

from handlers.blocks.common import context, header, section
from handlers.commands.registry import SUBCOMMANDS, subcommand
from handlers.context import Ctx, Reply


@subcommand("help", "ajuda", "ayuda", example="/tomatic help")
async def handle_help(ctx: Ctx) -> Reply:
    """Every subcommand with one example each."""
    lines = []
    for entry in SUBCOMMANDS.values():
        admin = f" _{ctx.t('help.admins')}_" if entry.admin else ""
        lines.append(f"`{entry.example}` — {ctx.t(f'help.{entry.name}')}{admin}")
    blocks = [
        header(ctx.t("help.title")),
        section("\n".join(lines)),
        context(ctx.t("help.footer")),
    ]
    return Reply(ctx.t("help.title"), blocks)

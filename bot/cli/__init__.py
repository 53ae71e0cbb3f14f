"""The `tomatic` command line: one module per group of subcommands, one shared runner."""

from bot.cli.entry import build_parser, main

__all__ = ["build_parser", "main"]

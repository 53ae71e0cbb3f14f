"""Command group placeholder filled by its feature."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """No commands yet."""

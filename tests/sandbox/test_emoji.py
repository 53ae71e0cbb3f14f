"""Every emoji shortcode the bot writes is drawn by the sandbox page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


def _used() -> set[str]:
    files = [
        *ROOT.glob("handlers/**/*.py"),
        *ROOT.glob("bot/*.py"),
        *ROOT.glob("tomatic/i18n/*/*.yaml"),
    ]
    found: set[str] = set()
    for path in files:
        for match in SHORTCODE.finditer(path.read_text(encoding="utf-8")):
            if not match.group(1).isdigit():
                found.add(match.group(1))
    return found


def test_the_page_knows_every_emoji_the_bot_uses():
    script = (ROOT / "bot/sandbox/static/mrkdwn.js").read_text(encoding="utf-8")
    table = script[script.index("const EMOJI") : script.index("};")]
    known = set(re.findall(r"([a-z0-9_+-]+):\s*\"", table))
    assert _used() - known == set()

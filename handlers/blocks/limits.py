"""Slack's Block Kit limits in one place, and the helpers that keep payloads inside them.

The numbers are Slack's documented limits (`shared/spec/slack-platform.md`): Slack refuses a
payload over any of them (`invalid_blocks`), it never cuts it for us. So builders never slice
content silently: long lists are paged or end in "N more", long texts are split into several
blocks at line boundaries, and labels that must be short end in a visible "…".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
SECTION_FIELDS = 10
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
SELECT_OPTIONS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150
CHECKBOX_OPTIONS = 10
INPUT_LABEL = 2000
MODAL_TITLE = 24
CONFIRM_TEXT = 300
FIELD_ERROR = 150
"""Not a documented limit: a modal field error is a line under its input, kept short."""
PRIVATE_METADATA = 3000
ELLIPSIS = "…"

T = TypeVar("T")
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


def escape(text: str) -> str:
    """User-supplied text made inert in mrkdwn: `&`, `<` and `>` as Slack's entities.

    Unescaped, `<!channel>`, `<@U…>` or `<https://…|label>` inside a name, a busy reason or a
    comment would become a real channel ping, mention or disguised link.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_once(text: str) -> str:
    """`escape` for text that may be escaped already: a slash command's text comes from Slack
    with `&amp;`, `&lt;` and `&gt;`, which stay as they are; any other `&`, `<`, `>` (a name
    or a reason read from the database) is escaped."""
    return _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut at a word boundary and ended in "…".

    For labels only (button and option texts, titles): the full text stays reachable elsewhere
    (the option's value, a details view), and the "…" shows that it was shortened.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def split_text(lines: Sequence[str], limit: int = SECTION_TEXT) -> list[str]:
    """Join `lines` with newlines into as few texts of at most `limit` characters as possible.

    A line is never split across two texts; a single line longer than `limit` (which no
    reader takes in anyway) is shortened with a visible "…".
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = shorten(line, limit)
        extra = len(line) + (1 if current else 0)
        if current and size + extra > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
            extra = len(line)
        current.append(line)
        size += extra
    if current:
        chunks.append("\n".join(current))
    return chunks


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: its items, its 0-based number and what lies around it."""

    items: list[T]
    number: int
    count: int
    total: int
    size: int

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 0

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        return self.number < self.count - 1

    @property
    def first_index(self) -> int:
        """Index in the whole list of this page's first item."""
        return self.number * self.size if self.items else 0

    @property
    def after(self) -> int:
        """How many items come after this page."""
        return max(0, self.total - self.first_index - len(self.items))


def paginate(items: Sequence[T], number: int, size: int) -> Page[T]:
    """Page `number` (0-based, clamped to the pages there are) of `items`, `size` per page."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    total = len(items)
    count = max(1, -(-total // size))
    number = min(max(number, 0), count - 1)
    start = number * size
    return Page(list(items[start : start + size]), number, count, total, size)


def fold(text: str) -> str:
    """Lower-case `text` without accents, for type-ahead matching ("Júlia" ~ "julia")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(query: str, *texts: str) -> bool:
    """Whether every word of `query` is part of a word of `texts`, ignoring case and accents."""
    words = fold(query).replace("-", " ").split()
    haystack = [w for text in texts for w in fold(text).replace("-", " ").split()]
    return all(any(w in h for h in haystack) for w in words)

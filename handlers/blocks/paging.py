"""Previous/Next paging and "N more" lines, for lists longer than a message or view holds."""

from __future__ import annotations

from typing import Any

from handlers.blocks.common import Block, button, context, plain
from handlers.blocks.limits import OPTION_TEXT, SELECT_OPTIONS, Page, shorten
from tomatic.i18n import t


def page_value(state: str, number: int) -> str:
    """The value a pager button carries: the caller's state and the page to show."""
    return f"{number}|{state}"


def parse_page_value(value: str) -> tuple[int, str]:
    """(page number, caller state) from a pager button's value; page 0 when malformed."""
    number, _, state = value.partition("|")
    return (int(number) if number.isascii() and number.isdigit() else 0), state


def pager_blocks(page: Page[Any], lang: str, action_prefix: str, state: str) -> list[Block]:
    """Where the page sits in the list, and Previous/Next buttons; nothing for a single page.

    The buttons' action ids are `<action_prefix>.previous` and `<action_prefix>.next`; their
    value is `page_value(state, number)`.
    """
    if page.count <= 1:
        return []
    first = page.first_index + 1
    last = page.first_index + len(page.items)
    numbers = {"page": page.number + 1, "pages": page.count, "total": page.total}
    line = t(lang, "page.position", first=first, last=last, **numbers)
    buttons = []
    if page.has_previous:
        value = page_value(state, page.number - 1)
        buttons.append(button(t(lang, "page.previous"), f"{action_prefix}.previous", value))
    if page.has_next:
        value = page_value(state, page.number + 1)
        buttons.append(button(t(lang, "page.next"), f"{action_prefix}.next", value))
    return [context(line), {"type": "actions", "elements": buttons}]


def more_line(count: int, lang: str, url: str = "") -> Block | None:
    """A context line "… and N more" (with the full list's address when there is one)."""
    if count <= 0:
        return None
    if url:
        return context(t(lang, "page.more_on_page", count=count, url=url))
    return context(t(lang, "page.more", count=count))


def menu_answer(options: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """What a type-ahead menu answers (bolt's `ack` arguments): every matching option when
    they fit in a menu, else the first ones under a label saying how many matched and that
    typing more narrows them down."""
    if len(options) <= SELECT_OPTIONS:
        return {"options": options}
    label = t(lang, "page.first_matches", shown=SELECT_OPTIONS, total=len(options))
    group = {"label": plain(shorten(label, OPTION_TEXT)), "options": options[:SELECT_OPTIONS]}
    return {"option_groups": [group]}

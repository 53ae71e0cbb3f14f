"""The Block Kit limit helpers: escaping, visible shortening, splitting and paging."""

from __future__ import annotations

import pytest

from handlers.blocks.limits import (
    SECTION_TEXT,
    escape,
    fold,
    matches,
    paginate,
    shorten,
    split_text,
)
from handlers.blocks.paging import more_line, page_value, pager_blocks, parse_page_value
from tests.support.blockkit import assert_message_ok, message_problems


def test_escape_makes_mentions_and_links_inert() -> None:
    evil = "<!channel> <https://evil.example/login|Session expired> & co"
    assert escape(evil) == (
        "&lt;!channel&gt; &lt;https://evil.example/login|Session expired&gt; &amp; co"
    )


def test_shorten_keeps_short_text_and_marks_a_cut() -> None:
    assert shorten("Anna Puig", 75) == "Anna Puig"
    cut = shorten("word " * 30, 75)
    assert len(cut) <= 75 and cut.endswith("…")
    assert len(shorten("x" * 200, 75)) == 75


def test_split_text_never_cuts_a_line_and_keeps_every_line() -> None:
    lines = [f"{i:04d} " + "é" * 90 for i in range(300)]
    chunks = split_text(lines)
    assert all(len(chunk) <= SECTION_TEXT for chunk in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_split_text_shortens_only_a_line_longer_than_the_limit() -> None:
    chunks = split_text(["short", "y" * 5000], limit=100)
    assert chunks[0] == "short" and chunks[1].endswith("…") and len(chunks[1]) == 100


def test_paginate_clamps_and_counts() -> None:
    items = list(range(61))
    first = paginate(items, 0, 25)
    last = paginate(items, 99, 25)
    assert (first.count, first.items[0], first.has_previous, first.has_next) == (3, 0, False, True)
    assert (last.number, last.items, last.after, last.has_next) == (
        2,
        list(range(50, 61)),
        0,
        False,
    )
    assert paginate(items, 1, 25).after == 11
    assert paginate([], 3, 10).items == [] and paginate([], 3, 10).count == 1


def test_pager_blocks_fit_and_carry_the_page_to_show() -> None:
    page = paginate(list(range(61)), 1, 25)
    blocks = pager_blocks(page, "ca", "tomatic.busy.page", "anna")
    assert_message_ok(blocks)
    assert "Pàgina 2 de 3" in blocks[0]["elements"][0]["text"]
    values = [b["value"] for b in blocks[1]["elements"]]
    assert [parse_page_value(v) for v in values] == [(0, "anna"), (2, "anna")]
    assert pager_blocks(paginate([1, 2], 0, 25), "en", "x", "") == []


def test_parse_page_value_refuses_unicode_digits() -> None:
    assert parse_page_value(page_value("s", 4)) == (4, "s")
    assert parse_page_value("²|s") == (0, "s")


def test_more_line_says_how_many_were_left_out() -> None:
    assert more_line(0, "en") is None
    line = more_line(12, "es", "https://tomatic.example/p/abc")
    assert line is not None and "12" in line["elements"][0]["text"]
    assert "https://tomatic.example/p/abc" in line["elements"][0]["text"]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("julia", "Júlia Puig", True),
        ("PUIG jú", "Júlia Puig", True),
        ("nuria", "Núria", True),
        ("alos", "Ona d'Alòs", True),
        ("xyz", "Júlia Puig", False),
        ("", "anything", True),
    ],
)
def test_matches_ignores_case_and_accents(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected
    assert fold("ÀÉÍÒÚ") == "aeiou"


def test_the_judges_refuse_what_slack_refuses() -> None:
    button = {"type": "button", "text": {"type": "plain_text", "text": "b" * 76}, "action_id": "a"}
    option = {"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}
    select = {"type": "static_select", "action_id": "s", "options": [option]}
    assert message_problems([{"type": "actions", "elements": [button]}])
    assert message_problems([{"type": "actions", "elements": [select]}])
    assert message_problems([{"type": "divider"}] * 51)
    long_field = {"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}
    assert message_problems([long_field])
    assert not message_problems([{"type": "divider"}] * 50)

"""The sandbox holds type-ahead answers to Slack's limits, as Slack would."""

from __future__ import annotations

import pytest

from bot.sandbox.suggestions import options_problems


def option(text: str, value: str = "v") -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def test_a_fair_answer_has_no_problems():
    assert options_problems({"options": [option("Factura")]}) == []
    group = {"label": {"type": "plain_text", "text": "First 100"}, "options": [option("a")]}
    assert options_problems({"option_groups": [group]}) == []
    assert options_problems({"options": []}) == []


@pytest.mark.parametrize(
    "answer",
    [
        {"options": [option("a")] * 101},
        {"options": [option("x" * 76)]},
        {"options": [option("a", "v" * 151)]},
        {"option_groups": [{"label": {"type": "mrkdwn", "text": "a"}, "options": []}]},
        {"option_groups": [{"label": {"type": "plain_text", "text": "a" * 76}, "options": []}]},
        {"option_groups": []},
        [],
    ],
)
def test_what_slack_refuses_is_named(answer):
    assert options_problems(answer)

"""`/tomatic says` keeps the coordinator's formatting and mentions, and only theirs."""

from __future__ import annotations

import pytest

from handlers.blocks.announce import announcement
from handlers.blocks.messages import render


@pytest.mark.parametrize(
    "written",
    [
        "*Good morning*, _team_! ~no~ `code`\n> quoted\n• list",
        "<!here> the queue is long",
        "<!channel|channel> and <!everyone>",
        "ask <@U0ANNA|anna> or <@U0BERNAT>",
        "in <#C0TEAM|team>, see <https://example.coop/guide|the guide> or <mailto:a@b.coop>",
        "R&amp;D &lt;3 costs &gt; 5 €",
        "<!subteam^S0COORD|@coordinators>",
    ],
)
def test_what_the_coordinator_wrote_goes_out_as_written(written):
    assert announcement(written) == written


@pytest.mark.parametrize(
    ("smuggled", "sent"),
    [
        (
            "<https://evil.example|Click <!channel>>",
            "&lt;https://evil.example|Click <!channel>>",
        ),
        ("<!chan nel>", "&lt;!chan nel>"),
        ("<javascript:alert(1)|x>", "&lt;javascript:alert(1)|x>"),
        ("<!date^123|x> & more", "&lt;!date^123|x> &amp; more"),
        ("a < b > c", "a &lt; b > c"),
        ("<@anna>", "&lt;@anna>"),
    ],
)
def test_anything_else_that_could_ping_or_disguise_a_link_is_inert(smuggled, sent):
    assert announcement(smuggled) == sent


def test_a_channel_mention_typed_as_text_stays_text():
    # Slack delivers a typed `<!channel>` (not `@channel`) as entities: it stays inert
    text, blocks = render("operations.says", {"text": "Hi &lt;!channel&gt; & co"}, "en")
    assert text == "Hi &lt;!channel&gt; &amp; co" and blocks is None


def test_a_name_pasted_with_raw_markup_cannot_ping_or_disguise():
    name = "<!channel <https://evil.example/login|Session expired: sign in"
    assert "<!" not in announcement(f"Welcome {name}") and "<https" not in announcement(name)

"""Channel posts mention the people they name; names of people not on Slack stay inert text."""

from __future__ import annotations

import handlers.blocks.operations  # noqa: F401 - registers the renderers
import handlers.blocks.timetable  # noqa: F401 - registers the renderers
from handlers.blocks.mentions import mention, mentions
from handlers.blocks.messages import render
from handlers.blocks.persons import persons_blocks
from tomatic.domain.model import Person

ANNA = Person(id="anna", name="Anna Puig", slack_user_id="U0ANNA").ref()
BERNAT = Person(id="bernat", name="Bernat", slack_user_id="U0BERNAT").ref()
HOSTILE = Person(id="eve", name="<!channel> & <https://evil.example|Eve>").ref()


def test_a_linked_person_is_a_mention_and_the_others_their_escaped_name() -> None:
    assert mention(ANNA) == "<@U0ANNA>"
    assert mention(HOSTILE) == "&lt;!channel&gt; &amp; &lt;https://evil.example|Eve&gt;"
    assert mentions([ANNA, HOSTILE, BERNAT]).count("<@") == 2
    assert mentions([]) == "—"


def test_a_stored_id_that_is_not_a_slack_id_is_not_turned_into_markup() -> None:
    forged = {"id": "x", "name": "X", "slack_user_id": "U1> <!here"}
    assert mention(forged) == "X"


def test_the_turn_warning_mentions_everyone_it_names() -> None:
    payload = {"start": "09:00", "label": "09:00–10:15", "minutes": 5, "date": "2026-11-30"}
    text, _ = render("operations.turn_warning", {**payload, "people": [ANNA, BERNAT]}, "en")
    assert text.endswith(": <@U0ANNA>, <@U0BERNAT>")


def test_the_disconnection_alert_mentions_and_escapes() -> None:
    text, _ = render("operations.disconnected", {"people": [ANNA, HOSTILE]}, "ca")
    assert "<@U0ANNA>" in text and "<!channel>" not in text


def test_a_swap_request_mentions_the_requester_and_the_candidates() -> None:
    payload = {
        "id": "ab12",
        "state": "open",
        "day": "dl",
        "date": "2026-11-30",
        "start": "09:00",
        "end": "10:15",
        "line": 2,
        "requester": BERNAT,
        "candidates": [ANNA, HOSTILE],
        "taken_by": None,
    }
    text, blocks = render("swap.request", payload, "en")
    assert text.startswith("<@U0BERNAT> offers their turn")
    candidates = blocks[1]["elements"][0]["text"]
    assert "<@U0ANNA>" in candidates and "&lt;!channel&gt;" in candidates
    taken, _ = render("swap.request", {**payload, "state": "taken", "taken_by": ANNA}, "en")
    assert "taken by <@U0ANNA>" in taken


def test_the_publish_announcement_mentions_who_published() -> None:
    payload = {"week": "2026-11-30", "version": 2, "by": ANNA, "replaced": None, "holes": 0}
    text, _ = render("timetable.published", payload, "en")
    assert "(by <@U0ANNA>)" in text


def test_a_reminder_dm_greets_by_the_escaped_name() -> None:
    payload = {"start": "09:00", "label": "09:00–10:15", "minutes": 5, "date": "2026-11-30"}
    text, _ = render("operations.your_turn", {**payload, "line": 1, **HOSTILE}, "en")
    assert text.startswith("Hi &lt;!channel&gt;")


def test_the_team_list_marks_who_is_not_linked_to_slack() -> None:
    team = [
        Person(id="anna", name="Anna Puig", slack_user_id="U0ANNA"),
        Person(id="olga", name="Olga *Bold*", email="olga@example.coop"),
    ]
    blocks = persons_blocks(team, "en")
    lines = blocks[1]["text"]["text"].splitlines()
    assert "not on Slack" not in lines[0]
    assert lines[1].startswith("• *Olga *Bold** `olga`") and "not on Slack" in lines[1]
    assert "1 not linked to Slack" in blocks[-1]["elements"][0]["text"]
    assert "not linked" not in str(persons_blocks(team[:1], "en"))

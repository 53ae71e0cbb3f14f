"""Slack's refusals are noticed (issue 13, item 3): the sandbox refuses a payload as Slack
would (`invalid_blocks`), the service logs an error naming the view, and the person gets
a short plain-text sentence instead of silence."""

from __future__ import annotations

import datetime as dt

from structlog.testing import capture_logs

from bot.sandbox import Sandbox
from bot.slack_callinfo import SlackCallNotifier
from bot.slack_client import build_client
from bot.slack_notifier import SlackNotifier
from tests.conftest import ZONE
from tests.e2e.conftest import TOKEN
from tomatic.domain.calls import Call
from tomatic.domain.model import Person

AT = dt.datetime(2026, 11, 30, 9, 5, tzinfo=ZONE)


def refusals(logs: list[dict]) -> list[dict]:
    return [entry for entry in logs if entry["event"] == "slack refused"]


async def test_a_refused_command_reply_is_logged_and_replaced_by_a_sentence(team):
    team.sandbox.faults.refuse("response_url", "invalid_blocks")
    with capture_logs() as logs:
        replies = await team.command("U0ANNA", "persons")
    [refused] = refusals(logs)
    assert refused["log_level"] == "error"
    what = (refused["method"], refused["view"], refused["error"])
    assert what == ("response_url", "/tomatic persons", "invalid_blocks")
    assert len(replies) == 1 and "invalid_blocks" in replies[0]
    assert "Slack" in replies[0] and team.sandbox.ephemerals("U0ANNA")[-1].blocks == []


async def test_a_refused_modal_is_logged_by_its_callback_id_and_the_person_told(team):
    team.sandbox.faults.refuse("views.open", "invalid_blocks")
    with capture_logs() as logs:
        replies = await team.command("U0ANNA", "person add carla")
    [refused] = refusals(logs)
    assert refused["log_level"] == "error"
    assert refused["method"] == "views.open" and refused["error"] == "invalid_blocks"
    assert refused["view"] and refused["view"] != "/tomatic person"
    assert team.sandbox.modal("U0ANNA") is None
    assert any("invalid_blocks" in reply for reply in replies)


async def test_a_refused_home_tab_is_replaced_by_a_plain_one(team):
    team.sandbox.faults.refuse("views.publish", "invalid_blocks")
    with capture_logs() as logs:
        await team.sandbox.open_home("U0ANNA")
        home = await team.sandbox.wait_for(lambda: team.sandbox.home("U0ANNA"), timeout=5)
    [refused] = refusals(logs)
    assert (refused["method"], refused["view"]) == ("views.publish", "home")
    assert home.blocks[0]["text"]["type"] == "plain_text"
    assert "invalid_blocks" in home.blocks[0]["text"]["text"]


async def test_a_dm_whose_blocks_are_refused_arrives_as_its_plain_text(stack):
    notifier = SlackNotifier(_client(stack.sandbox), "C0TEAM", _english, "en")
    stack.sandbox.faults.refuse("chat.postMessage", "invalid_blocks")
    anna = Person(id="anna", name="Anna", slack_user_id="U0ANNA", language="en")
    payload = {"week": "2026-11-30", "turns": []}
    with capture_logs() as logs:
        ref = await notifier.to_person(anna, "timetable.your_turns", payload)
    assert ref is not None
    [dm] = stack.sandbox.dms("U0ANNA")
    assert dm.text.startswith("Your phone turns in the week of 30/11/2026") and dm.blocks == []
    [failed] = [e for e in logs if e["event"] == "slack send failed"]
    what = (failed["log_level"], failed["person"], failed["kind"], failed["error"])
    assert what == ("error", "anna", "timetable.your_turns", "invalid_blocks")
    assert notifier.failures == {}


async def test_a_dm_slack_keeps_refusing_is_logged_and_counted(stack):
    notifier = SlackNotifier(_client(stack.sandbox), "C0TEAM", _english, "en")
    stack.sandbox.faults.refuse("chat.postMessage", "channel_not_found", times=3)
    anna = Person(id="anna", name="Anna", slack_user_id="U0ANNA", language="en")
    messages = [(anna, {"week": "2026-11-30", "turns": []})]
    assert await notifier.to_people("timetable.your_turns", messages) == 0
    assert notifier.failures == {"timetable.your_turns": 1}
    assert len(stack.sandbox.faults.refused) == 1  # an address error is not retried as text


async def test_a_refused_call_card_leaves_the_title_and_a_sentence(stack):
    calls = SlackCallNotifier(_client(stack.sandbox))
    call = Call(call_id="c-9", at=AT, phone="629436216", extension="3001", operator="anna")
    ref = await calls.send_call_dm("U0ANNA", "en", call)
    stack.sandbox.faults.refuse("chat.update", "invalid_blocks")
    with capture_logs() as logs:
        await calls.update_call_dm(ref, "en", call, None)
    [dm] = stack.sandbox.dms("U0ANNA")
    assert dm.edited and dm.blocks == [] and "invalid_blocks" in dm.text
    assert [e["call_id"] for e in logs if e["event"] == "slack send failed"] == ["c-9"]


def _client(sandbox: Sandbox):
    return build_client(TOKEN, sandbox.response_url_base() + "api/", rate_factor=100)


async def _english(_user_id: str) -> str:
    return "en"


async def test_a_file_slack_refuses_is_logged_and_reported_not_raised(stack):
    notifier = SlackNotifier(_client(stack.sandbox), "C0TEAM", _english, "en")
    stack.sandbox.faults.refuse("files.getUploadURLExternal", "not_in_channel")
    with capture_logs() as logs:
        shared = await notifier.upload("C0OTHER", "calls-2026-11-30.png", b"\x89PNG", "t", "")
    assert shared is False
    [failed] = [e for e in logs if e["event"] == "slack send failed"]
    assert (failed["log_level"], failed["method"], failed["error"]) == (
        "error",
        "files.upload",
        "not_in_channel",
    )
    assert notifier.failures == {"file": 1}
    assert await notifier.upload("U0ANNA", "calls-2026-11-30.png", b"\x89PNG", "t", "") is True

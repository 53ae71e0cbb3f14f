"""People and availability through the real app and the Slack sandbox (issues 13, 14, 17).

Anna is a coordinator (Catalan), Bernat an operator (Spanish) with extension 3002.
"""

from __future__ import annotations

import datetime as dt
import json

import aiohttp

from bot.sandbox import payloads
from bot.sandbox.api_views import view_json
from bot.sandbox.elements import state_values
from tests.support.bigteam import busy_entries
from tomatic.domain.model import BusyEntry, monday_of

RINGRING = "ringring-token-for-the-e2e-tests"
CALLER = "629436216"  # a partner of the demo ERP


def _text(message) -> str:
    return (message.text or "") + json.dumps(message.blocks or [], ensure_ascii=False)


def _entry_rows(message) -> str:
    return json.dumps([b for b in message.blocks or [] if b.get("type") == "section"])


async def test_the_sixtieth_busy_entry_is_reached_by_paging_and_removed(team):
    week = monday_of(dt.date.today()) + dt.timedelta(days=7)
    for fields in busy_entries("bernat", week, 60):
        await team.services.availability.busy.add(BusyEntry(**fields), "test")
    stored = await team.services.availability.busy.for_person("bernat")
    last = stored[-1]
    await team.command("U0BERNAT", "busy")
    sandbox = team.sandbox
    listing = sandbox.ephemerals("U0BERNAT")[-1]
    assert "&lt;" in _text(listing) and "<0>" not in _text(listing)  # reasons escaped
    for _ in range(5):
        if f"`{last.id}`" in _entry_rows(listing):
            break
        shown = _text(listing)
        await sandbox.click("U0BERNAT", listing, "tomatic.busy.page.next")
        await sandbox.wait_for(lambda shown=shown: _text(listing) != shown)
    assert f"`{last.id}`" in _entry_rows(listing)
    assert sandbox.problems == []

    await sandbox.click("U0BERNAT", listing, "tomatic.busy.remove", value=f"{last.id}|2")
    await sandbox.wait_for(lambda: f"`{last.id}`" not in _entry_rows(listing))
    assert await team.services.availability.busy.get(last.id) is None
    assert len(await team.services.availability.busy.for_person("bernat")) == 59
    assert sandbox.problems == []


async def test_an_operator_cannot_read_a_colleagues_busy_reason(team):
    await team.command("U0ANNA", "busy add dv 1111 required Medical appointment")
    seen_by_bernat = await team.command("U0BERNAT", "busy anna")
    assert "Medical" not in seen_by_bernat[-1] and "ocupado" in seen_by_bernat[-1]
    assert "tomatic.busy.remove" not in seen_by_bernat[-1]
    seen_by_anna = await team.command("U0ANNA", "busy anna")
    assert "Medical appointment" in seen_by_anna[-1]
    seen_by_anna = await team.command("U0ANNA", "busy bernat")
    assert "tomatic.busy.add" in seen_by_anna[-1]  # coordinators manage anyone's entries


async def test_an_operators_call_card_cannot_be_redirected_by_editing_an_extension(team):
    team.overrides["TOMATIC_RINGRING_TOKEN"] = RINGRING
    await team.restart()
    sandbox = team.sandbox
    await team.command("U0BERNAT", "me")
    card = sandbox.ephemerals("U0BERNAT")[-1]
    await sandbox.click("U0BERNAT", card, "tomatic.profile.edit")
    modal = await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))
    inputs = {b.get("block_id") for b in modal.blocks if b.get("type") == "input"}
    assert "extension" not in inputs and "3002" in json.dumps(modal.blocks)

    forged = state_values(modal.blocks, {}, inputs_only=False)
    forged["extension"] = {"extension": {"type": "plain_text_input", "value": "3005"}}
    view = view_json(sandbox.workspace, modal) | {"state": {"values": forged}}
    payload = payloads.view_submission_payload(sandbox.workspace, "U0BERNAT", view)
    reply = await sandbox.sender.send_payload(payload)
    assert "errors" in reply.json()
    assert (await team.services.persons.get("bernat")).extension == "3002"

    before = len(sandbox.dms("U0BERNAT"))
    async with aiohttp.ClientSession() as session:
        for extension, call in (("3005", "redirect-1"), ("3002", "genuine-1")):
            params = {"phone": CALLER, "ext": extension, "callid": call, "token": RINGRING}
            async with session.get(f"{team.url}/api/info/ringring", params=params) as answer:
                assert answer.status == 200
    await sandbox.wait_for(lambda: sandbox.dms("U0BERNAT")[before:], timeout=5)
    await sandbox.settle()
    cards = sandbox.dms("U0BERNAT")[before:]
    assert len(cards) == 1  # the call at his own extension only
    assert "Romero" in _text(cards[0])


async def test_an_operator_edits_their_profile_and_the_form_names_every_mistake(team):
    sandbox = team.sandbox
    await team.command("U0BERNAT", "me")
    await sandbox.click("U0BERNAT", sandbox.ephemerals("U0BERNAT")[-1], "tomatic.profile.edit")
    await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))
    reply = await sandbox.submit_view(
        "U0BERNAT", values={"name": "Bernat <!channel>", "email": "nope", "color": "#xyz"}
    )
    errors = reply.json()["errors"]
    assert set(errors) == {"name", "email", "color"}
    assert not any("`" in text for text in errors.values())
    reply = await sandbox.submit_view(
        "U0BERNAT", values={"name": "Bernat Roig (tarda)", "email": "", "color": "#2A9D8F"}
    )
    assert reply.status == 200 and sandbox.modal("U0BERNAT") is None
    bernat = await team.services.persons.get("bernat")
    assert (bernat.name, bernat.color, bernat.extension) == (
        "Bernat Roig (tarda)",
        "2a9d8f",
        "3002",
    )


async def test_the_busy_form_works_with_twelve_turns(team, tmp_path):
    hours = [f"{h:02d}:00" for h in range(8, 21)]
    config = tmp_path / "twelve.yaml"
    config.write_text(f"hours: {json.dumps(hours)}\nlines: 4\n", encoding="utf-8")
    team.overrides["TOMATIC_CONFIG"] = str(config)
    await team.restart()
    sandbox = team.sandbox
    await team.command("U0BERNAT", "busy")
    await sandbox.click("U0BERNAT", sandbox.ephemerals("U0BERNAT")[-1], "tomatic.busy.add")
    modal = await sandbox.wait_for(lambda: sandbox.modal("U0BERNAT"))
    [turns] = [b for b in modal.blocks if b.get("block_id") == "busy_turns"]
    assert len(turns["element"]["options"]) == 12
    reply = await sandbox.submit_view(
        "U0BERNAT",
        values={"busy_day": "dj", "busy_turns": ["10", "11"], "busy_reason": "Evening class"},
    )
    assert reply.status == 200 and sandbox.problems == []
    [entry] = await team.services.availability.busy.for_person("bernat")
    assert (entry.weekday, entry.turns) == ("dj", "0" * 10 + "11")
    listing = await sandbox.wait_for(
        lambda: [m for m in sandbox.ephemerals("U0BERNAT") if "Evening class" in _text(m)]
    )
    assert "18:00–19:00, 19:00–20:00" in _text(listing[-1])

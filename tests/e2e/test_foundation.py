"""Issue 2 end to end: signed Slack requests against the real app, Slack answered by the sandbox."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import aiohttp

from bot.sandbox import signed_headers
from tests.e2e.conftest import SECRET
from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.persons import SqlitePersons


async def test_health_reports_version_and_database(stack):
    async with aiohttp.ClientSession() as session, session.get(f"{stack.url}/healthz") as resp:
        body = await resp.json()
    assert resp.status == 200
    assert body["status"] == "ok" and body["database"] == "ok" and body["version"]


async def test_busy_add_then_list_and_it_survives_a_restart(team):
    replies = await team.command("U0BERNAT", "busy add dm 0011 optional Team meeting")
    assert "Team meeting" in replies[-1]
    listing = await team.command("U0BERNAT", "busy")
    assert "Team meeting" in listing[-1]
    assert "11:30" in listing[-1] and "12:45" in listing[-1]
    await team.restart()
    again = await team.command("U0BERNAT", "busy")
    assert "Team meeting" in again[-1]


async def test_replies_follow_the_users_slack_language(team):
    catalan = await team.command("U0ANNA", "busy add dl 1000 required Escola")
    assert "afegida" in catalan[-1].lower() or "afegit" in catalan[-1].lower()
    spanish = await team.command("U0BERNAT", "busy add xx 0011 optional Team")
    assert "no entiendo `xx` como un día" in spanish[-1].lower()


async def test_an_unregistered_user_is_told_and_nothing_changes(team):
    replies = await team.command("U0STRANGER", "busy add dm 0011 optional Sneaky")
    assert "not registered" in replies[-1]
    everyone = await team.services.persons.list()
    assert [e for e in SqliteBusy(team.db).all() if e.reason == "Sneaky"] == []
    assert {p.id for p in everyone} == {"anna", "bernat"}


async def test_a_forged_signature_gets_401_and_changes_nothing(team):
    hook = quote(team.sandbox.base_url + "hooks/response/H0FORGED", safe="")
    body = (
        "token=x&team_id=T0SANDBOX&channel_id=DU0BERNAT&user_id=U0BERNAT&user_name=bernat"
        "&command=%2Ftomatic&text=busy+add+dm+0011+optional+Forged&api_app_id=A0TOMATIC"
        f"&trigger_id=1.2.3&response_url={hook}"
    )
    form = "application/x-www-form-urlencoded"
    headers = signed_headers("wrong-secret", body, form)
    reply = await team.sandbox.send_raw(body, headers)
    assert reply.status == 401
    stale = signed_headers(SECRET, body, form, now=time.time() - 3600)
    assert (await team.sandbox.send_raw(body, stale)).status == 401
    busy = SqliteBusy(team.db)
    assert not [e for e in busy.all() if e.reason == "Forged"]
    good = signed_headers(SECRET, body, form)
    assert (await team.sandbox.send_raw(body, good)).status == 200  # the same body, signed right
    await team.sandbox.wait_for(lambda: bool(busy.all()))
    assert [e.reason for e in busy.all()] == ["Forged"]


async def test_the_busy_modal_validates_and_stores(team):
    await team.command("U0BERNAT", "busy")
    message = team.sandbox.ephemerals("U0BERNAT")[-1]
    await team.sandbox.click("U0BERNAT", message, "tomatic.busy.add")
    await team.sandbox.wait_for(lambda: team.sandbox.modal("U0BERNAT") is not None)
    reply = await team.sandbox.submit_view("U0BERNAT", values={"busy_reason": ""})
    assert "errors" in json.dumps(reply.json())
    reply = await team.sandbox.submit_view(
        "U0BERNAT", values={"busy_turns": ["0", "1"], "busy_reason": "Doctor", "busy_day": "dv"}
    )
    assert reply.status == 200
    entries = await team.services.availability.entries(await team.services.persons.get("bernat"))
    assert [(e.weekday, e.turns, e.reason) for e in entries] == [("dv", "1100", "Doctor")]


async def test_removing_an_entry_with_its_button_updates_the_list(team):
    await team.command("U0BERNAT", "busy add dj 0001 required Lunch")
    await team.command("U0BERNAT", "busy")
    message = team.sandbox.ephemerals("U0BERNAT")[-1]
    entry = SqliteBusy(team.db).all()[0]
    await team.sandbox.click("U0BERNAT", message, "tomatic.busy.remove", value=entry.id)
    await team.sandbox.wait_for(lambda: not _has_lunch(team))
    assert SqliteBusy(team.db).all() == []


def _has_lunch(team) -> bool:
    """Whether the last list still has a section (an entry row) about Lunch."""
    last = team.sandbox.ephemerals("U0BERNAT")[-1]
    rows = [b for b in getattr(last, "blocks", None) or [] if b.get("type") == "section"]
    return "Lunch" in json.dumps(rows)


async def test_only_coordinators_manage_people(team):
    refused = await team.command("U0BERNAT", "person remove anna")
    assert "coordinador" in refused[-1].lower()  # Bernat reads Spanish
    asked = await team.command("U0ANNA", "person remove bernat")
    assert "bernat" in asked[-1].lower()
    message = team.sandbox.ephemerals("U0ANNA")[-1]
    await team.sandbox.click("U0ANNA", message, "tomatic.person.remove", value="bernat")
    await team.sandbox.wait_for(lambda: "bernat" not in _ids(team))


def _ids(team) -> set[str]:
    return {p.id for p in SqlitePersons(team.db).all()}

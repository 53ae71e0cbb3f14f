"""Issue 7 §2 and §4 end to end: the timetable image, the private page and the calendar feed."""

from __future__ import annotations

import re

import aiohttp

from handlers import ids
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.timetable import Timetable

URL_RE = re.compile(r"http://127\.0\.0\.1:3000(/(?:calendar|timetable)/[^\s`|>]+)")


async def publish_default_week(team) -> Timetable:
    week = team.services.views.default_week()
    timetable = Timetable.empty(week, ["dl", "dm", "dx", "dj", "dv"], team.services.config.hours, 2)
    timetable.cells["dl"][0] = ["anna", "bernat"]
    timetable.cells["dx"][3] = [None, "bernat"]
    SqliteTimetables(team.db).save(timetable, "published", "anna")
    return timetable


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.text()


def path_in(text: str) -> str:
    found = URL_RE.search(text)
    assert found, text
    return found.group(1).replace("&amp;", "&")


async def test_calendar_link_serves_the_feed_until_a_new_link_replaces_it(team):
    timetable = await publish_default_week(team)
    replies = await team.command("U0BERNAT", "calendario")
    old = path_in(replies[-1])
    status, kind, body = await get(team.url + old)
    assert status == 200 and kind.startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 2 and "SUMMARY:Turno de teléfono" in body
    assert f"UID:{timetable.week.isoformat()}-dx-3-bernat@" in body

    message = team.sandbox.ephemerals("U0BERNAT")[-1]
    await team.sandbox.click("U0BERNAT", message, ids.CALENDAR_RENEW)
    await team.sandbox.wait_for(lambda: path_in(_text(team, "U0BERNAT")) != old, timeout=5)
    new = path_in(_text(team, "U0BERNAT"))
    assert (await get(team.url + old))[0] == 404
    assert (await get(team.url + new))[0] == 200
    assert (await get(team.url + "/calendar/made-up.ics"))[0] == 404


async def test_timetable_command_uploads_the_image_and_links_the_private_page(team):
    timetable = await publish_default_week(team)
    replies = await team.command("U0BERNAT", "horario")
    assert "```" in replies[-1] and "Bernat" in replies[-1]
    dm = team.sandbox.dm_channel("U0BERNAT")
    shared = await team.sandbox.wait_for(
        lambda: [f for m in team.sandbox.messages(dm) for f in m.files], timeout=5
    )
    assert shared[0].name == f"timetable-{timetable.week.isoformat()}.png"
    assert shared[0].content.startswith(b"\x89PNG")

    page = path_in(replies[-1])
    status, kind, body = await get(team.url + page)
    assert status == 200 and kind.startswith("text/html") and "Anna Puig" in body
    forged = page.split("?token=")[0] + "?token=forged"
    assert (await get(team.url + forged))[0] == 403
    assert (await get(team.url + page.split("?")[0]))[0] == 403
    other_week = page.replace(timetable.week.isoformat(), "2020-01-06")
    assert (await get(team.url + other_week))[0] == 404
    assert (await get(team.url + "/timetable/not-a-date.html?token=x"))[0] == 404


async def test_a_week_without_timetable_is_explained(team):
    replies = await team.command("U0ANNA", "graella 2025-06-04")
    assert "dilluns 2/6/2025" in replies[-1]
    assert not [m for m in team.sandbox.messages(team.sandbox.dm_channel("U0ANNA")) if m.files]


def _text(team, user: str) -> str:
    message = team.sandbox.ephemerals(user)[-1]
    return message.text + "\n" + str(message.blocks)

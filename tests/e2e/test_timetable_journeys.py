"""The timetable's "done when"s through the real app and the Slack sandbox, on the real clock:
the cell form at 300 people, numbers that could freeze the service, a set that tells both
people, and `swap` reading days like every command."""

from __future__ import annotations

import asyncio
import datetime as dt
import resource

import aiohttp

from handlers.blocks.limits import fold
from tests.support.bigteam import seed
from tests.support.bigteam import team as big_team
from tomatic.domain.dates import read_day
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable
from tomatic.services import Services


def next_week(services: Services) -> dt.date:
    return monday_of(services.now().date()) + dt.timedelta(days=7)


async def publish(services: Services, table: Timetable) -> None:
    await services.timetable.timetables.save(table, "published", "anna")


def week_of(services: Services, monday: dt.date, lines: int) -> Timetable:
    return Timetable.empty(monday, list(WEEKDAYS), services.config.hours, lines)


async def test_the_cell_form_sets_the_alphabetically_last_of_300_people(team):
    services, sandbox = team.services, team.sandbox
    people = [{k: v for k, v in p.items() if k != "groups"} for p in big_team(300)]
    await seed(services.persons.persons, people)
    ordered = sorted(people, key=lambda p: fold(p["name"]))
    last = ordered[-1]
    week = next_week(services)
    table = week_of(services, week, 40)
    others = [p["id"] for p in ordered[:-1]]
    for d, day in enumerate(WEEKDAYS):
        for hour, turn in enumerate(table.cells[day]):
            start = (d * len(table.cells[day]) + hour) * 40
            turn[:] = [others[(start + line) % len(others)] for line in range(40)]
    await publish(services, table)
    await sandbox.slash_command("U0ANNA", "/tomatic", "set")
    modal = await sandbox.wait_for(lambda: sandbox.modal("U0ANNA"), timeout=5)
    who = modal.blocks[-1]["element"]
    assert who["type"] == "external_select"
    offered = await sandbox.suggest("U0ANNA", modal.id, "cell_who", last["name"][:12])
    assert last["id"] in [o["value"] for o in offered]
    values = {"cell_week": week.isoformat(), "cell_day": "dl", "cell_turn": table.hours[0],
              "cell_line": "1", "cell_who": last["id"]}  # fmt: skip
    await sandbox.submit_view("U0ANNA", values=values)
    await sandbox.wait_for(lambda: sandbox.modal("U0ANNA") is None, timeout=10)
    _, stored = await services.timetable.published(week)
    assert stored.cell("dl", 0, 0) == last["id"]
    assert sandbox.problems == []


async def test_a_forced_turn_on_line_twenty_million_is_refused_and_nothing_freezes(team):
    services, sandbox = team.services, team.sandbox
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    health: list[int] = []

    async def probe_health() -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(10):
                async with session.get(team.url + "/healthz") as response:
                    health.append(response.status)
                await asyncio.sleep(0.02)

    replies, _ = await asyncio.gather(
        team.command("U0ANNA", "forced add dl 09:00 20000000 bernat"), probe_health()
    )
    assert "20000000" in replies[-1] and "1" in replies[-1]
    assert health == [200] * 10
    assert await services.cells.forced() == []
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kb < 100_000  # the old code reached 6.6 GB
    assert sandbox.problems == []


async def test_a_superscript_line_number_gets_a_sentence(team):
    monday = read_day(["dl"], team.services.now().date())[0].next_from(team.services.now().date())
    await publish(team.services, week_of(team.services, monday_of(monday), 2))
    replies = await team.command("U0ANNA", "set dl 09:00 ² bernat")
    assert "²" in replies[-1] and "línia" in replies[-1]  # Anna reads Catalan


async def test_a_set_tells_both_people_by_dm(team):
    services, sandbox = team.services, team.sandbox
    await services.persons.create(None, "carla", {"name": "Carla Vidal", "email": "carla@example.coop", "ideal_load": 3})  # fmt: skip
    week = next_week(services)
    table = week_of(services, week, 2)
    table.cells["dm"][1] = ["bernat", None]
    await publish(services, table)
    before = {u: len(sandbox.dms(u)) for u in ("U0BERNAT", "U0CARLA")}
    replies = await team.command("U0ANNA", f"set {week.isoformat()} dt 10:15 1 carla")
    assert "Bernat Roig → Carla Vidal" in replies[-1]
    for user in ("U0BERNAT", "U0CARLA"):
        await sandbox.wait_for(lambda u=user: len(sandbox.dms(u)) > before[u], timeout=5)
    bernat = sandbox.dms("U0BERNAT")[-1]
    assert "10:15–11:30" in str(bernat.blocks) and "Carla Vidal" in str(bernat.blocks)
    assert sandbox.problems == []


async def test_swap_takes_the_day_in_any_form_and_offers_the_same_turn(team):
    services, sandbox = team.services, team.sandbox
    now = services.now()
    wednesday = read_day(["wed"], now.date())[0].next_from(now.date())
    if dt.datetime.combine(wednesday, dt.time(10, 15), now.tzinfo) <= now:
        wednesday += dt.timedelta(days=7)
    for monday in (monday_of(wednesday), monday_of(wednesday) + dt.timedelta(days=7)):
        table = week_of(services, monday, 2)
        table.cells["dx"][1] = ["bernat", "anna"]
        await publish(services, table)
    later = wednesday + dt.timedelta(days=7)
    forms = [("dimecres", wednesday), ("wed", wednesday), ("miércoles", wednesday),
             (wednesday.isoformat(), wednesday), (later.isoformat(), later)]  # fmt: skip
    for typed, date in forms:
        await team.command("U0BERNAT", f"swap {typed} 10:15")
        [request] = await services.swaps.store.open_requests()
        assert (request.week, request.day, request.hour) == (monday_of(date), "dx", 1), typed
        offer = sandbox.ephemerals("U0BERNAT")[-1]
        await sandbox.click("U0BERNAT", offer, "tomatic.swap.withdraw")
        await sandbox.wait_for(lambda o=offer: not o.blocks, timeout=5)
    assert await services.swaps.store.open_requests() == []
    assert sandbox.problems == []

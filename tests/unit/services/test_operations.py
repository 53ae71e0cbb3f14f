"""The day runs itself: turn loads, reminders, monitor, closing, summary (real SQLite services,
the fake PBX and the recording notifier)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.pbx import CallableClock
from tests.conftest import NOW, ZONE, services_on
from tests.fakes import FakeNotifier
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import PermissionDeniedError
from tomatic.domain.model import WEEKDAYS, Holiday, Person
from tomatic.domain.queue import MemberState
from tomatic.domain.timetable import Timetable
from tomatic.ports import Stores
from tomatic.services import Services

WEEK = dt.date(2026, 11, 23)  # NOW, Thursday 26th, falls in it
THURSDAY = NOW.date()
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


def at(hhmm: str, day: dt.date = THURSDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=ZONE)


class NoStatistics(FakePbxQueue):
    """A PBX that keeps no call counters."""

    async def counters(self) -> None:
        return None


@pytest.fixture
def pbx() -> FakePbxQueue:
    return FakePbxQueue(seed=0, clock=CallableClock(lambda: NOW))


@pytest.fixture
async def team(services: Services, stores: Stores) -> dict[str, Person]:
    """Four people with extensions and Slack ids; anna coordinates. Published week:
    Thursday 10:15 is carla, bernat, nobody (L1..L3); 11:30 is dani, anna."""
    people = {}
    for n, name in enumerate(("anna", "bernat", "carla", "dani")):
        fields = {"name": name.capitalize(), "email": f"{name}@example.coop",
                  "extension": str(3001 + n), "slack_user_id": f"U0{name.upper()}"}  # fmt: skip
        if name == "anna":
            fields["groups"] = ["admin"]
        people[name] = await services.persons.create(None, name, fields)
    table = Timetable.empty(WEEK, list(WEEKDAYS), HOURS, 3)
    table.cells["dj"][0] = ["bernat", "anna", None]
    table.cells["dj"][1] = ["carla", "bernat", "ningu"]
    table.cells["dj"][2] = ["dani", "anna", None]
    await stores.timetables.save(table, "published", "anna")
    return people


async def members(pbx: FakePbxQueue) -> list[tuple[str, bool]]:
    return [(m.extension, m.paused) for m in await pbx.status()]


class TestTurnStart:
    async def test_loads_exactly_that_turns_extensions_in_line_order(
        self, services, team, pbx
    ) -> None:
        await services.queue.load(["anna", "dani"])
        outcome = await services.operations.start_turn(at("10:20"))
        assert outcome.key == "operations.outcome.loaded"
        assert [ext for ext, _ in await members(pbx)] == ["3003", "3002"]
        assert outcome.params["label"] == "10:15–11:30"

    async def test_keeps_a_paused_member_who_stays_paused(self, services, team, pbx) -> None:
        await services.operations.start_turn(at("09:00"))
        await services.queue.pause(None, "bernat", "coffee")
        await services.operations.start_turn(at("10:15"))
        assert await members(pbx) == [("3003", False), ("3002", True)]

    async def test_closing_empties_the_queue(self, services, team, pbx) -> None:
        await services.operations.start_turn(at("11:30"))
        assert await members(pbx)
        await services.operations.close_day(at("14:00"))
        assert await members(pbx) == []

    async def test_restart_mid_turn_loads_once_and_then_leaves_the_queue_alone(
        self, services, team, pbx
    ) -> None:
        first = await services.operations.catch_up(at("10:30"))
        assert first.key == "operations.outcome.loaded"
        await services.queue.add(None, "dani")
        again = await services.operations.catch_up(at("10:40"))
        assert again.key == "operations.outcome.already_done"
        assert [ext for ext, _ in await members(pbx)] == ["3003", "3002", "3004"]

    async def test_a_week_without_published_timetable_leaves_the_queue(
        self, services, team, pbx
    ) -> None:
        await services.queue.load(["anna"])
        outcome = await services.operations.start_turn(at("10:20", dt.date(2026, 12, 3)))
        assert outcome.key == "operations.outcome.no_timetable"
        assert [ext for ext, _ in await members(pbx)] == ["3001"]


class TestWarning:
    async def test_posts_once_and_dms_each_person_of_the_next_turn(self, services, team) -> None:
        outcome = await services.operations.warn_next_turn(at("10:10"))
        sent = services.notifier.sent
        assert outcome.key == "operations.outcome.warned"
        channel = [p for to, kind, p in sent if to == "#team"]
        assert [kind for to, kind, _ in sent if to == "#team"] == ["operations.turn_warning"]
        assert [p["slack_user_id"] for p in channel[0]["people"]] == ["U0CARLA", "U0BERNAT"]
        assert channel[0]["minutes"] == 5
        dms = [(to, kind, p["line"]) for to, kind, p in sent if to != "#team"]
        assert dms == [("carla", "operations.your_turn", 1), ("bernat", "operations.your_turn", 2)]

    async def test_running_it_again_sends_nothing_new(self, services, team) -> None:
        await services.operations.warn_next_turn(at("10:10"))
        count = len(services.notifier.sent)
        again = await services.operations.warn_next_turn(at("10:11"))
        assert again.key == "operations.outcome.already_done"
        assert len(services.notifier.sent) == count

    async def test_a_holiday_is_skipped(self, services, team, pbx, stores) -> None:
        await stores.busy.save_holidays([Holiday(date=THURSDAY, name="Local holiday")], "anna")
        await services.queue.load(["dani"])
        assert (await services.operations.warn_next_turn(at("10:10"))).skipped
        assert (await services.operations.start_turn(at("10:15"))).skipped
        assert (await services.operations.close_day(at("14:00"))).skipped
        assert services.notifier.sent == []
        assert [ext for ext, _ in await members(pbx)] == ["3004"]

    async def test_weekends_are_skipped(self, services, team) -> None:
        saturday = dt.date(2026, 11, 28)
        outcome = await services.operations.warn_next_turn(at("10:10", saturday))
        assert outcome.key == "operations.outcome.not_working_day"


class TestMonitor:
    async def test_one_alert_per_disconnection_and_again_after_reconnecting(
        self, services, team, pbx
    ) -> None:
        await services.operations.start_turn(at("10:15"))
        pbx.set_state("3002", MemberState.UNAVAILABLE)
        await services.operations.monitor(at("10:20"))
        await services.operations.monitor(at("10:22"))
        alerts = [(to, k) for to, k, _ in services.notifier.sent]
        assert alerts == [("#team", "operations.disconnected"),
                          ("bernat", "operations.disconnected_you")]  # fmt: skip
        pbx.set_state("3002", MemberState.AVAILABLE)
        await services.operations.monitor(at("10:24"))
        pbx.set_state("3002", MemberState.UNAVAILABLE)
        await services.operations.monitor(at("10:26"))
        assert services.notifier.kinds("#team") == ["operations.disconnected"] * 2

    async def test_paused_people_are_not_alerted(self, services, team, pbx) -> None:
        await services.operations.start_turn(at("10:15"))
        await services.queue.pause(None, "carla")
        pbx.set_state("3003", MemberState.UNAVAILABLE)
        outcome = await services.operations.monitor(at("10:20"))
        assert outcome.params["down"] == 0
        assert services.notifier.sent == []


class TestSummaryAndSays:
    async def test_summary_posts_the_sampled_counts_once_a_day(self, services, team, pbx) -> None:
        await services.operations.start_turn(at("09:00"))
        pbx.tick(3600)  # the fake PBX's callers come and go
        await services.operations.close_day(at("14:00"))
        counters = await pbx.counters()

        await services.operations.daily_summary(THURSDAY)
        again = await services.operations.daily_summary(THURSDAY)

        [(to, kind, payload)] = services.notifier.sent
        assert (to, kind) == ("#team", "operations.summary")
        assert payload["available"] is True
        assert (payload["answered"], payload["lost"]) == (counters.completed, counters.abandoned)
        assert payload["received"] == counters.completed + counters.abandoned > 0
        assert again.key == "operations.outcome.already_done"

    async def test_a_pbx_without_statistics_says_not_available(
        self, settings, stores, runner, pbx
    ) -> None:
        notifier = FakeNotifier()
        pbx = NoStatistics(seed=0, clock=CallableClock(lambda: NOW))
        services = services_on(settings, stores, notifier, runner, pbx=pbx)
        await services.operations.start_turn(at("09:00"))
        await services.operations.close_day(at("14:00"))
        await services.operations.daily_summary(THURSDAY)
        assert notifier.sent[0][2] == {"date": "2026-11-26", "available": False}
        await services.close()

    async def test_only_coordinators_speak_as_tomatic(self, services, team) -> None:
        with pytest.raises(PermissionDeniedError):
            await services.operations.say(team["bernat"], "hello")
        await services.operations.say(team["anna"], "Good morning!")
        assert services.notifier.sent == [("#team", "operations.says", {"text": "Good morning!"})]

    async def test_weekly_plan_leaves_a_published_week_alone(self, services, team, stores) -> None:
        next_week = Timetable.empty(dt.date(2026, 11, 30), list(WEEKDAYS), HOURS, 3)
        await stores.timetables.save(next_week, "published", "anna")
        outcome = await services.operations.weekly_plan(at("22:00", dt.date(2026, 11, 29)))
        assert outcome.key == "operations.outcome.plan_exists"
        assert services.notifier.sent == []


class TestHome:
    async def test_dashboard_lists_my_next_turns_from_now_on(self, services, team) -> None:
        dashboard = await services.home.dashboard("U0ANNA")
        turns = [(t.date.isoformat(), t.label, t.line, t.running) for t in dashboard.turns]
        assert turns == [("2026-11-26", "09:00–10:15", 2, True),
                         ("2026-11-26", "11:30–12:45", 2, False)]  # fmt: skip
        assert dashboard.person.is_admin

    async def test_dashboard_shows_me_in_the_queue(self, services, team) -> None:
        await services.operations.start_turn(at("10:15"))
        dashboard = await services.home.dashboard("U0CARLA")
        assert dashboard.me_in_queue is not None
        await services.home.pause_me(team["carla"])
        assert (await services.home.dashboard("U0CARLA")).me_in_queue.paused

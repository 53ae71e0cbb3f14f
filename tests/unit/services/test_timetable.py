"""Timetable service: publishing, who/mine, cell edits under the rules, change log, forced turns."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from bot.container import build_services
from tests.conftest import NOW, REPO
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from tomatic.domain.model import BusyEntry
from tomatic.domain.swaps import CellRuleError
from tomatic.services.timetable import AlreadyPublishedError


@pytest.fixture
async def team(services):
    return await make_team(services)


class TestPublish:
    async def test_publishing_announces_in_the_channel_and_sends_each_person_their_turns(
        self, services, stores, team, notifier
    ):
        version = await store(stores, grid(NEXT_WEEK), "draft")
        done = await services.timetable.publish(team["anna"], NEXT_WEEK, version)
        assert done.notified == 8
        assert notifier.kinds("#team") == ["timetable.published"]
        dms = {to: payload for to, kind, payload in notifier.sent if kind == "timetable.your_turns"}
        assert set(dms) == set(team)
        assert len(dms["bernat"]["turns"]) == 5
        assert dms["anna"]["turns"][0] == {
            "day": "dl", "date": "2026-11-30", "start": "09:00", "end": "10:15", "line": 1,
        }  # fmt: skip
        assert (await services.timetable.published(NEXT_WEEK))[0] == version

    async def test_publishing_the_draft_by_default(self, services, stores, team, notifier):
        version = await store(stores, grid(NEXT_WEEK), "draft")
        assert (await services.timetable.publish(team["anna"], NEXT_WEEK)).version == version

    async def test_publishing_over_a_published_week_needs_confirmation_and_keeps_the_old_one(
        self, services, stores, team, notifier
    ):
        first = await store(stores, grid(NEXT_WEEK))
        second = await store(stores, grid(NEXT_WEEK, ["dl", "dm"]), "draft")
        with pytest.raises(AlreadyPublishedError) as refused:
            await services.timetable.publish(team["anna"], NEXT_WEEK, second)
        assert refused.value.params == {"week": NEXT_WEEK, "version": first, "new": second}
        assert (await services.timetable.published(NEXT_WEEK))[0] == first
        done = await services.timetable.publish(team["anna"], NEXT_WEEK, second, confirm=True)
        assert done.replaced == first
        assert (await services.timetable.published(NEXT_WEEK))[0] == second
        kept = await services.timetable.version(NEXT_WEEK, first)
        assert kept.cells == grid(NEXT_WEEK).cells

    async def test_only_coordinators_publish(self, services, stores, team, notifier):
        version = await store(stores, grid(NEXT_WEEK), "draft")
        with pytest.raises(PermissionDeniedError):
            await services.timetable.publish(team["bernat"], NEXT_WEEK, version)
        assert notifier.sent == []

    async def test_discarding_a_draft_leaves_nothing_to_publish(self, services, stores, team):
        version = await store(stores, grid(NEXT_WEEK), "draft")
        await services.timetable.discard(team["anna"], NEXT_WEEK, version)
        with pytest.raises(NotFoundError):
            await services.timetable.publish(team["anna"], NEXT_WEEK)


class TestWhoAndMine:
    async def test_who_is_on_now_and_next(self, services, stores, team):
        await store(stores, grid(THIS_WEEK))
        found = await services.timetable.who(NOW)  # Thursday 10:00: dj, first turn
        assert [p.id for p in found.now.people] == ["gina", "hug"]
        assert (found.now.day, found.now.label) == ("dj", "09:00–10:15")
        assert [p.id for p in found.next.people] == ["anna", "bernat"]
        assert found.next.hour == 1

    async def test_nobody_is_on_during_a_holiday_and_next_skips_it(self, services, stores, team):
        await store(stores, grid(THIS_WEEK, ["dl", "dm", "dx", "dv"]))
        found = await services.timetable.who(NOW)
        assert found.now is None
        assert (found.next.day, found.next.hour) == ("dv", 0)

    async def test_nobody_is_on_at_closing_time_or_without_a_timetable(
        self, services, stores, team
    ):
        assert (await services.timetable.who(NOW)).now is None
        await store(stores, grid(THIS_WEEK))
        closed = NOW.replace(hour=14, minute=0)
        found = await services.timetable.who(closed)
        assert found.now is None
        assert (found.next.day, found.next.hour) == ("dv", 0)

    async def test_my_turns_this_week_and_next(self, services, stores, team):
        await store(stores, grid(THIS_WEEK))
        await store(stores, grid(NEXT_WEEK))
        turns = await services.timetable.mine(team["bernat"], NOW)
        assert len(turns) == 10
        assert [t.past for t in turns[:4]] == [True, True, True, False]
        assert (turns[5].date, turns[5].label, turns[5].line) == (
            dt.date(2026, 11, 30), "09:00–10:15", 2,
        )  # fmt: skip


class TestSetCell:
    async def test_a_change_adjusts_overloads_and_is_logged(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        change = await services.cells.set_cell(team["anna"], NEXT_WEEK, "9:00", "1", "carla")
        assert (change.old, change.new, change.actor, change.line) == ("anna", "carla", "anna", 0)
        _, stored = await services.timetable.published(NEXT_WEEK)
        assert stored.cell("dl", 0, 0) == "carla"
        assert stored.overload == {"anna": -1.0, "carla": 1.0}
        assert await services.timetable.log(NEXT_WEEK) == [change]

    async def test_a_busy_person_is_refused_with_the_reason(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        await services.availability.add(
            team["anna"], team["carla"],
            BusyEntry(person="carla", date=NEXT_WEEK, turns="1000", optional=False,
                      reason="Doctor"),
        )  # fmt: skip
        with pytest.raises(CellRuleError) as refused:
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "1", "carla")
        assert refused.value.key == "timetable.rule.busy"
        assert refused.value.params == {"who": "Carla", "reason": "Doctor"}

    async def test_the_same_person_twice_in_a_turn_is_refused(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        with pytest.raises(CellRuleError, match="twice"):
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "1", "bernat")

    async def test_the_daily_maximum_is_kept(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        await services.cells.set_cell(team["anna"], NEXT_WEEK, "10:15", "1", "bernat")
        with pytest.raises(CellRuleError) as refused:
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "11:30", "1", "bernat")
        assert refused.value.key == "timetable.rule.daily_max"
        assert refused.value.params["limit"] == 2

    async def test_too_many_holes_in_a_turn_are_refused(self, services, stores, team):
        services.config.max_nobody_per_turn_in_edition = 1
        await store(stores, grid(NEXT_WEEK))
        await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "1", "nobody")
        with pytest.raises(CellRuleError, match="too_many_holes"):
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "2", "ningu")
        _, stored = await services.timetable.published(NEXT_WEEK)
        assert stored.turn("dl", 0) == [None, "bernat"]
        assert stored.overload == {"anna": -1.0}

    async def test_emptying_an_empty_cell_says_it_is_empty(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "1", "nobody")
        with pytest.raises(CellRuleError) as refused:
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "1", "ningú")
        assert refused.value.key == "timetable.rule.empty"
        with pytest.raises(CellRuleError) as again:
            await services.cells.set_cell(team["anna"], NEXT_WEEK, "09:00", "2", "bernat")
        assert again.value.key == "timetable.rule.unchanged"

    async def test_only_coordinators_edit_cells(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        with pytest.raises(PermissionDeniedError) as refused:
            await services.cells.set_cell(team["bernat"], NEXT_WEEK, "09:00", "1", "eva")
        assert refused.value.key == "timetable.denied.set"

    async def test_typos_are_refused_before_anything_changes(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK, ["dl", "dm", "dx", "dj"]))
        friday, saturday = NEXT_WEEK + dt.timedelta(days=4), NEXT_WEEK + dt.timedelta(days=5)
        typos = [
            (saturday, "09:00", "1", "dates.weekend"),
            (friday, "09:00", "1", "timetable.holiday"),
            (NEXT_WEEK, "09:30", "1", "timetable.bad_hour"),
            (NEXT_WEEK, "09:00", "3", "timetable.bad_line"),
            (NEXT_WEEK, "09:00", "²", "timetable.not_a_line"),
            (NEXT_WEEK, "09:00", "20000000", "timetable.not_a_line"),
            (NEXT_WEEK, "09:00", str(2**64), "timetable.not_a_line"),
            (NEXT_WEEK, "0²:00", "1", "timetable.bad_hour"),
        ]
        for date, hour, line, key in typos:
            with pytest.raises(ValidationError) as refused:
                await services.cells.set_cell(team["anna"], date, hour, line, "eva")
            assert refused.value.key == key
        assert await services.timetable.log(NEXT_WEEK) == []


class TestCandidatesAndForced:
    async def test_candidates_of_a_turn_come_from_the_planner(self, services, stores, team):
        await store(stores, grid(NEXT_WEEK))
        found = await services.candidates.candidates(NEXT_WEEK, "dl", "09:00")
        assert found, "someone can always swap in a full two-line week"
        assert all(c["person"] not in ("anna", "bernat") for c in found)
        assert {c["kind"] for c in found} <= {"take", "swap"}
        assert all(c["line"] in (1, 2) and c["name"] for c in found)

    async def test_forced_turns_are_added_and_removed_by_coordinators(self, services, stores, team):
        rows = await services.cells.set_forced(team["anna"], "dm", "10:15", "2", "eva")
        assert rows == [("dm", 1, 1, "eva")]
        rows = await services.cells.set_forced(team["anna"], "dl", "09:00", "1", "nobody")
        assert ("dl", 0, 0, "ningu") in rows
        assert await services.cells.set_forced(team["anna"], "dm", "10:15", "2", None) == [
            ("dl", 0, 0, "ningu")
        ]
        with pytest.raises(NotFoundError):
            await services.cells.set_forced(team["anna"], "dm", "10:15", "2", None)
        with pytest.raises(PermissionDeniedError) as refused:
            await services.cells.set_forced(team["bernat"], "dm", "10:15", "2", "eva")
        assert refused.value.key == "forced.denied"

    async def test_forced_turns_are_listed_monday_to_friday_then_by_turn_and_line(
        self, services, team
    ):
        for day, hour, line in (
            ("dv", "09:00", "1"),
            ("dj", "10:15", "2"),
            ("dl", "10:15", "1"),
            ("dx", "09:00", "2"),
            ("dl", "09:00", "2"),
            ("dm", "09:00", "1"),
        ):
            rows = await services.cells.set_forced(team["anna"], day, hour, line, "eva")
        assert [r[:3] for r in rows] == [
            ("dl", 0, 1),
            ("dl", 1, 0),
            ("dm", 0, 0),
            ("dx", 0, 1),
            ("dj", 1, 1),
            ("dv", 0, 0),
        ]
        assert await services.cells.forced() == rows

    @pytest.mark.parametrize("line", ["20000000", str(2**64), "²", "0", "9", "-1", "1.5"])
    async def test_a_forced_turn_outside_the_configured_lines_is_refused_unstored(
        self, services, team, line
    ):
        assert services.config.lines == 8
        with pytest.raises(ValidationError) as refused:
            await services.cells.set_forced(team["anna"], "dl", "09:00", line, "eva")
        assert refused.value.key in ("timetable.not_a_line", "timetable.bad_line")
        assert await services.cells.forced() == []


async def test_the_candidates_command_prints_them_as_json(
    settings, sqlite_stores, notifier, runner
):
    services = build_services(
        settings, notifier, None, stores=sqlite_stores, now=lambda: NOW, runner=runner
    )
    await make_team(services)
    await store(sqlite_stores, grid(NEXT_WEEK))
    env = {
        **os.environ,
        "TOMATIC_DB": str(settings.db_path),
        "TOMATIC_CONFIG": str(settings.config_path),
    }
    expected = await services.candidates.candidates(NEXT_WEEK, "dl", "09:00")
    for monday in ("dl", "dilluns", "Mon", "lunes"):  # Monday as any of the languages writes it
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))",
             "candidates", "2026-11-30", monday, "09:00"],
            capture_output=True, text=True, env=env, cwd=REPO, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert found == expected, monday
    assert found and {"person", "kind", "line", "replaces", "swap", "delta", "name"} <= set(
        found[0]
    )
    await services.close()

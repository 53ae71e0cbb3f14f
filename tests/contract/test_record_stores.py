"""RunStore, SwapStore, TokenStore, CallStore and JobStateStore contract, in memory and SQLite."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tomatic.domain.calls import Annotation, Call, Candidate, Category
from tomatic.domain.runs import PlannerRun
from tomatic.domain.swaps import SwapRequest, SwapState
from tomatic.ports.stores import Stores

ZONE = ZoneInfo("Europe/Madrid")
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)
WEEK = dt.date(2026, 11, 30)


class TestRuns:
    async def test_a_run_moves_through_its_states_with_its_times(self, stores: Stores):
        created = await stores.runs.create(PlannerRun(id="r1", week=WEEK, params={"lines": 2}))
        assert created.created_at and created.state == "queued"
        await stores.runs.update("r1", state="running", problem={"days": ["dl"]})
        running = await stores.runs.get("r1")
        assert running.state == "running" and running.started_at
        assert running.problem == {"days": ["dl"]} and running.finished_at is None
        await stores.runs.update("r1", state="done", solution={"cost": 3}, version=2)
        done = await stores.runs.get("r1")
        assert (done.state, done.solution, done.version) == ("done", {"cost": 3}, 2)
        assert done.finished_at and done.params == {"lines": 2}
        assert await stores.runs.get("r2") is None

    async def test_progress_points_are_appended_in_order(self, stores: Stores):
        await stores.runs.create(PlannerRun(id="r1", week=WEEK))
        for cost in (30, 20):
            await stores.runs.add_progress("r1", {"t": 0.1, "cost": cost, "bound": 0})
        run = await stores.runs.get("r1")
        assert [p["cost"] for p in run.progress] == [30, 20]
        assert run.best_cost == 20

    async def test_a_failed_run_keeps_its_reason_and_its_message(self, stores: Stores):
        await stores.runs.create(PlannerRun(id="r1", week=WEEK))
        await stores.runs.update("r1", message="D0ANNA:1700000000.000100")
        await stores.runs.update(
            "r1", state="failed", error="plan.no_ideal_loads", error_params={"week": "2026-11-30"}
        )
        run = await stores.runs.get("r1")
        assert (run.state, run.error, run.error_params) == (
            "failed",
            "plan.no_ideal_loads",
            {"week": "2026-11-30"},
        )
        assert run.message == "D0ANNA:1700000000.000100" and run.finished and run.finished_at

    async def test_unfinished_runs_are_the_queued_and_running_ones_oldest_first(
        self, stores: Stores
    ):
        for run_id in ("r1", "r2", "r3", "r4"):
            await stores.runs.create(PlannerRun(id=run_id, week=WEEK))
        await stores.runs.update("r1", state="running")
        await stores.runs.update("r3", state="done")
        await stores.runs.update("r4", state="interrupted")
        assert [run.id for run in await stores.runs.unfinished()] == ["r1", "r2"]
        assert (await stores.runs.get("r4")).finished

    async def test_the_runs_of_a_week_come_newest_first(self, stores: Stores):
        other = WEEK + dt.timedelta(days=7)
        for run_id, week in (("r1", WEEK), ("r2", other), ("r3", WEEK)):
            await stores.runs.create(PlannerRun(id=run_id, week=week))
        await stores.runs.update("r1", version=4)
        assert [(r.id, r.version) for r in await stores.runs.of_week(WEEK)] == [
            ("r3", None),
            ("r1", 4),
        ]
        assert await stores.runs.of_week(WEEK - dt.timedelta(days=7)) == []


def request(request_id: str, state: SwapState = "open", hour: int = 0) -> SwapRequest:
    starts = AT + dt.timedelta(hours=hour)
    return SwapRequest(
        id=request_id,
        week=WEEK,
        day="dl",
        hour=hour,
        line=0,
        requester="anna",
        starts_at=starts,
        state=state,
    )


class TestSwaps:
    async def test_requests_are_saved_replaced_and_found(self, stores: Stores):
        saved = await stores.swaps.save(request("s1"), "anna")
        assert await stores.swaps.get("s1") == saved
        await stores.swaps.save(saved.model_copy(update={"state": "taken", "taken_by": "eva"}), "e")
        assert (await stores.swaps.get("s1")).taken_by == "eva"
        assert await stores.swaps.get("s2") is None

    async def test_open_requests_are_pending_or_open_soonest_first(self, stores: Stores):
        await stores.swaps.save(request("late", hour=2), "anna")
        await stores.swaps.save(request("soon", "pending", hour=1), "anna")
        await stores.swaps.save(request("gone", "withdrawn", hour=0), "anna")
        assert [r.id for r in await stores.swaps.open_requests()] == ["soon", "late"]


class TestTokens:
    async def test_a_replaced_token_stops_working(self, stores: Stores):
        assert await stores.tokens.active("personal", "anna") is None
        await stores.tokens.replace("personal", "anna", "tok-1", "anna")
        await stores.tokens.replace("personal", "anna", "tok-2", "anna")
        assert await stores.tokens.active("personal", "anna") == "tok-2"
        assert await stores.tokens.person_of("personal", "tok-2") == "anna"
        assert await stores.tokens.person_of("personal", "tok-1") is None
        assert await stores.tokens.person_of("other", "tok-2") is None

    async def test_revoking_says_whether_there_was_a_live_token(self, stores: Stores):
        await stores.tokens.replace("personal", "anna", "tok-1", "anna")
        assert await stores.tokens.revoke("personal", "anna", "anna")
        assert not await stores.tokens.revoke("personal", "anna", "anna")
        assert await stores.tokens.active("personal", "anna") is None


def call(call_id: str, operator: str = "anna", minute: int = 0) -> Call:
    at = AT + dt.timedelta(minutes=minute)
    return Call(call_id=call_id, at=at, phone="600111222", extension="3001", operator=operator)


class TestCalls:
    async def test_a_call_is_recorded_once(self, stores: Stores):
        assert await stores.calls.add(call("c1"))
        assert not await stores.calls.add(call("c1", operator="bernat"))
        assert await stores.calls.get("c1") == call("c1")
        assert await stores.calls.get("c2") is None

    async def test_recent_calls_are_an_operators_newest_first(self, stores: Stores):
        for number, operator in enumerate(["anna", "bernat", "anna", "anna"]):
            await stores.calls.add(call(f"c{number}", operator, minute=number))
        assert [c.call_id for c in await stores.calls.recent("anna", 2)] == ["c3", "c2"]
        assert [c.call_id for c in await stores.calls.recent("bernat")] == ["c1"]

    async def test_candidates_and_annotations_are_kept_with_the_call(self, stores: Stores):
        await stores.calls.add(call("c1"))
        found = [Candidate(erp_id=7, name="Coop", vat="B1")]
        await stores.calls.set_candidates("c1", found)
        note = Annotation(
            categories=["A1"],
            partner_erp_id=7,
            partner_name="Coop",
            annotated_at=AT,
            annotated_by="anna",
        )
        await stores.calls.annotate("c1", note)
        await stores.calls.annotate("c1", note.model_copy(update={"comment": "again"}))
        stored = await stores.calls.get("c1")
        assert stored.candidates == found
        assert stored.annotation == note.model_copy(update={"comment": "again"})

    async def test_purging_deletes_older_calls_with_their_annotations(self, stores: Stores):
        for minute in (0, 10, 20):
            await stores.calls.add(call(f"c{minute}", minute=minute))
            note = Annotation(
                categories=["A1"], comment="private", annotated_at=AT, annotated_by="anna"
            )
            await stores.calls.annotate(f"c{minute}", note)
        utc = (AT + dt.timedelta(minutes=10)).astimezone(dt.UTC)  # any zone means the same
        assert await stores.calls.purge(utc) == 1
        assert await stores.calls.get("c0") is None
        assert [c.call_id for c in await stores.calls.recent("anna")] == ["c20", "c10"]
        assert await stores.calls.purge(utc) == 0
        assert await stores.calls.add(call("c0"))  # its id is free again, unannotated
        assert (await stores.calls.get("c0")).annotation is None

    async def test_categories_are_replaced_whole_in_their_order(self, stores: Stores):
        assert await stores.calls.categories() == []
        first = [Category(code="B", names={"en": "Bills"}), Category(code="A", enabled=False)]
        assert await stores.calls.replace_categories(first, "cli") == 2
        assert await stores.calls.categories() == first
        assert await stores.calls.replace_categories(first[1:], "cli") == 1
        assert [c.code for c in await stores.calls.categories()] == ["A"]


class TestJobState:
    async def test_an_occurrence_is_claimed_once(self, stores: Stores):
        assert not await stores.jobs.done("turn-start", "2026-11-30 09:00")
        assert await stores.jobs.claim("turn-start", "2026-11-30 09:00")
        assert not await stores.jobs.claim("turn-start", "2026-11-30 09:00")
        assert await stores.jobs.done("turn-start", "2026-11-30 09:00")
        assert not await stores.jobs.done("turn-warning", "2026-11-30 09:00")

    @pytest.mark.parametrize("later", [{"3002"}, set()])
    async def test_the_alerted_set_is_replaced(self, stores: Stores, later: set[str]):
        await stores.jobs.set_alerted({"3001", "3002"})
        assert await stores.jobs.alerted() == {"3001", "3002"}
        await stores.jobs.set_alerted(later)
        assert await stores.jobs.alerted() == later

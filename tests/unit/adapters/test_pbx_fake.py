"""The in-memory PBX fake's own call simulation: ticks, calls, counters, determinism."""

from __future__ import annotations

import datetime as dt

from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.queue import MemberState


class SettableClock:
    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current


START = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


async def busy_fake(seed: int = 3) -> FakePbxQueue:
    fake = FakePbxQueue(seed, calls_per_hour=300, start=START)
    await fake.set_members([("3001", "Anna"), ("3002", "Berta"), ("3003", "Carla")])
    return fake


class TestFakeSimulation:
    async def test_time_makes_calls_come_and_go_and_counts_them(self) -> None:
        fake = await busy_fake()
        seen: set[MemberState] = set()
        for _ in range(360):
            fake.tick(10)
            seen |= {m.state for m in await fake.status()}
        members = await fake.status()
        counters = await fake.counters()

        assert {MemberState.AVAILABLE, MemberState.RINGING, MemberState.IN_CALL} <= seen
        assert sum(m.calls_taken for m in members) == counters.completed > 0
        assert counters.members == {m.extension: m.calls_taken for m in members}
        assert members[0].calls_taken >= members[2].calls_taken
        assert 0 < counters.holdtime < 240 and 60 <= counters.talktime <= 420

    async def test_the_same_seed_gives_the_same_day(self) -> None:
        first, second = await busy_fake(seed=7), await busy_fake(seed=7)

        first.tick(3600)
        second.tick(3600)

        assert await first.status() == await second.status()
        assert await first.counters() == await second.counters()

    async def test_paused_and_disconnected_members_take_no_calls(self) -> None:
        fake = await busy_fake()
        await fake.pause("3001", "Dinar")
        fake.set_state("3002", MemberState.UNAVAILABLE)

        fake.tick(3600)

        anna, berta, carla = await fake.status()
        assert (anna.calls_taken, berta.calls_taken) == (0, 0)
        assert berta.state == MemberState.UNAVAILABLE and berta.disconnected
        assert carla.calls_taken > 0

    async def test_seconds_since_last_call_grow_with_time(self) -> None:
        fake = FakePbxQueue(1, calls_per_hour=0, start=START)
        await fake.add("3001", "Anna")
        fake.set_state("3001", MemberState.IN_CALL)
        fake.tick(600)
        before = (await fake.status())[0]

        fake.tick(30)

        after = (await fake.status())[0]
        assert before.calls_taken == 1 and before.state == MemberState.AVAILABLE
        assert after.seconds_since_last_call == before.seconds_since_last_call + 30

    async def test_with_a_clock_time_passes_by_itself(self) -> None:
        clock = SettableClock(START)
        fake = FakePbxQueue(5, clock=clock, calls_per_hour=300)
        await fake.set_members([("3001", "Anna"), ("3002", "Berta")])

        before = await fake.counters()
        clock.current = START + dt.timedelta(hours=1)

        after = await fake.counters()
        assert before.completed == before.abandoned == 0
        assert after.completed > 0

    async def test_callers_nobody_answers_give_up_and_count_as_abandoned(self) -> None:
        fake = await busy_fake()
        for extension in ("3001", "3002", "3003"):
            await fake.pause(extension, "Reunió")

        fake.tick(1800)

        counters = await fake.counters()
        assert counters.completed == 0 and counters.abandoned > 0
        assert counters.members == {"3001": 0, "3002": 0, "3003": 0}

    async def test_a_caller_waits_for_a_member_to_become_free(self) -> None:
        fake = FakePbxQueue(2, calls_per_hour=3600 * 0.5, start=START)
        await fake.add("3001", "Anna")

        fake.tick(3600)

        counters = await fake.counters()
        assert counters.completed > 0 and counters.abandoned > 0
        assert counters.holdtime > 0  # some callers waited for Anna to finish a call

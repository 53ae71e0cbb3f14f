"""Benchmark: `/tomatic plan` and `/tomatic replan` of a contact-centre week, through the services.

Usage: python bench/plan_week.py [--persons 300] [--lines 40] [--turns 8] [--limit 30]
       [--workers 1]

Stores a team of `--persons` people (ideal loads 5 to 8, a few weekly meetings), plans next
week as a coordinator's `/tomatic plan` does (worker process, live DM), and prints when the DM
first showed a timetable, when the run ended and how it ended. Then publishes it, makes one
person absent for a day and re-plans as `/tomatic replan` does, printing its time and how many
cells changed against how many had to (the absent person's turns that day).

Targets (issue 18): the first timetable within 10 s, the run within the configured limit; the
re-plan within 10 s, changing only the cells it must.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.container import build_services  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.workers import ProcessPoolSolverRunner  # noqa: E402
from tomatic.adapters.memory import memory_stores  # noqa: E402
from tomatic.domain.model import BusyEntry, Person  # noqa: E402

ZONE = ZoneInfo("Europe/Madrid")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZONE)
WEEK = dt.date(2026, 11, 30)
ABSENT_DAY = dt.date(2026, 12, 2)


class TimedNotifier:
    """Keeps when each message update came, and what it said."""

    def __init__(self) -> None:
        self.updates: list[tuple[float, dict[str, Any]]] = []

    async def to_person(self, person: Any, kind: str, payload: dict[str, Any]) -> str | None:
        return f"D-{person.id}:1"

    async def to_people(self, kind: str, messages: list[Any]) -> int:
        return len(messages)

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        return None

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        self.updates.append((time.monotonic(), payload))

    async def upload(self, *args: Any) -> None:
        return None


async def bench(args: argparse.Namespace) -> None:
    """Plan, publish, make someone absent, re-plan; print the figures."""
    folder = Path(tempfile.mkdtemp())
    hours = [f"{8 + h:02d}:00" for h in range(args.turns + 1)]
    config = folder / "config.yaml"
    config.write_text(f"hours: {hours}\nlines: {args.lines}\ntime_limit_s: {args.limit}\n")
    settings = Settings(_env_file=None, TOMATIC_DB=str(folder / "t.db"), TOMATIC_CONFIG=str(config))
    stores, notifier = memory_stores(), TimedNotifier()
    for index in range(args.persons):
        person = Person(id=f"op{index:04d}", name=f"Operator {index}", ideal_load=5 + index % 4,
                        groups=["admin"] if index == 0 else [])  # fmt: skip
        await stores.persons.save(person, "bench")
        if index % 5 == 0:
            meeting = BusyEntry(person=person.id, weekday="dl dm dx dj dv".split()[index % 5],
                                turns="1" * 2 + "0" * (args.turns - 2), optional=index % 2 == 0,
                                reason="Team meeting")  # fmt: skip
            await stores.busy.add(meeting, "bench")
    runner = ProcessPoolSolverRunner(args.workers)
    await runner.warm_up()
    services = build_services(
        settings, notifier, None, stores=stores, now=lambda: NOW, runner=runner
    )
    try:
        coordinator = await stores.persons.get("op0000")
        assert coordinator is not None
        started = time.monotonic()
        run = (await services.plans.start(coordinator, WEEK, "en")).run
        done = await services.planning.wait(run.id)
        ended = time.monotonic() - started
        first = next(
            (at - started for at, p in notifier.updates if p.get("holes") is not None), None
        )
        print(f"plan: {args.persons} people, {args.turns} turns x {args.lines} lines; first timetable "
              f"in the DM after {first:.2f}s; ended after {ended:.2f}s ({done.state}, "
              f"{(done.solution or {}).get('status')}, cost {done.best_cost})")  # fmt: skip
        await services.timetable.publish(coordinator, WEEK, done.version or 0, announce=False)
        _, table = await stores.timetables.published(WEEK) or (0, None)
        assert table is not None
        absent = next(p for turn in table.cells["dx"] for p in turn if p is not None)
        must = sum(turn.count(absent) for turn in table.cells["dx"])
        sick = BusyEntry(person=absent, date=ABSENT_DAY, turns="1" * args.turns, optional=False,
                         reason="Sick")  # fmt: skip
        await stores.busy.add(sick, "bench")
        started = time.monotonic()
        result = await services.replan.replan(coordinator, ABSENT_DAY)
        moved = sum(1 for c in result.changes if c.old is not None)
        print(
            f"replan: {time.monotonic() - started:.2f}s; {len(result.changes)} cells changed, "
            f"{moved} of them held by someone (had to: {must}); {result.holes} empty"
        )
    finally:
        await services.close()
        runner.close()


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()

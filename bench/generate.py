"""Seeded generator of contact-centre weeks shaped like `contact-centre-tables-groups-s1603`.

Usage: python bench/generate.py [--seed N] [--persons 300] [--lines 40] [--plain] [--out FILE]

Five days of eight turns. Everyone has exactly eight busy hours: a whole day off, or a recurring
hour (a weekly meeting) topped up with scattered hours, or scattered hours only. Weekly loads of
3 to 8 turns add up to the cells, at most 4 turns a day. About half the people have one or two
optional-busy hours, a few have forced turns. Tables of ten people (at most three of a table on
the phone at once) and three groups scaled with the team: `it` (8 %, at most 4 per 300 people
phoning), `billing` (13 %, at least 6 per 300 idle) and `coordination` (at most 2 per 300
phoning and at least as many idle). `--plain` leaves tables and groups out.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

DAYS = ["dl", "dm", "dx", "dj", "dv"]
HOURS = 8
BUSY_HOURS = 8
TABLE_SIZE = 10


def generate_week(
    seed: int, persons: int = 300, lines: int = 40, with_limits: bool = True
) -> dict[str, Any]:
    """A week of `persons` people and `lines` lines (problem-format JSON), the same for a seed."""
    rng = random.Random(seed)
    people = [f"p{index:03d}" for index in range(persons)]
    week: dict[str, Any] = {
        "name": f"contact-centre-{'tg-' if with_limits else ''}{persons}p{lines}l-seed{seed}",
        "days": DAYS,
        "nHours": HOURS,
        "nLines": lines,
        "maxPerDay": 4,
        "persons": people,
        "maxLoad": _loads(rng, people, len(DAYS) * HOURS * lines),
        "busy": sorted(entry for person in people for entry in _busy(rng, person)),
        "undesired": _undesired(rng, people),
        "forced": _forced(rng, people),
    }
    if with_limits:
        week.update(_limits(rng, people))
    return week


def _loads(rng: random.Random, people: list[str], cells: int) -> dict[str, int]:
    loads = {person: rng.randint(3, 8) for person in people}
    while (total := sum(loads.values())) != cells:
        person = rng.choice(people)
        step = 1 if total < cells else -1
        if 3 <= loads[person] + step <= 8:
            loads[person] += step
    return loads


def _busy(rng: random.Random, person: str) -> list[tuple[int, int, str]]:
    kind = rng.random()
    if kind < 0.38:
        day = rng.randrange(len(DAYS))
        return [(day, hour, person) for hour in range(HOURS)]
    cells: set[tuple[int, int]] = set()
    if kind < 0.78:
        hour = rng.randrange(HOURS)
        cells |= {(day, hour) for day in range(len(DAYS))}
    while len(cells) < BUSY_HOURS:
        cells.add((rng.randrange(len(DAYS)), rng.randrange(HOURS)))
    return [(day, hour, person) for day, hour in cells]


def _undesired(rng: random.Random, people: list[str]) -> list[tuple[int, int, str]]:
    entries = set()
    for person in people:
        if rng.random() < 0.57:
            for _ in range(rng.choice((1, 1, 1, 1, 2))):
                entries.add((rng.randrange(len(DAYS)), rng.randrange(HOURS), person))
    return sorted(entries)


def _forced(rng: random.Random, people: list[str]) -> list[tuple[int, int, str]]:
    count = len(people) // 5
    return sorted(
        {(rng.randrange(len(DAYS)), rng.randrange(HOURS), rng.choice(people)) for _ in range(count)}
    )


def _limits(rng: random.Random, people: list[str]) -> dict[str, Any]:
    shuffled = people[:]
    rng.shuffle(shuffled)
    tables = {person: index // TABLE_SIZE for index, person in enumerate(shuffled)}
    scale = max(1, round(len(people) / 300))
    it = sorted(rng.sample(people, round(len(people) * 0.08)))
    others = [person for person in people if person not in set(it)]
    billing = sorted(rng.sample(others, round(len(people) * 0.133)))
    rest = [person for person in others if person not in set(billing)]
    coordination = sorted(rng.sample(rest, 8 * scale))
    return {
        "tables": tables,
        "maxPerTable": 3,
        "groups": {"it": it, "billing": billing, "coordination": coordination},
        "maxPhoningInGroup": {"it": 4 * scale, "coordination": 2 * scale},
        "minIdleInGroup": {"billing": 6 * scale, "coordination": 2 * scale},
    }


def main() -> None:
    """Write one generated week as JSON (stdout or --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--plain", action="store_true", help="no tables and groups")
    parser.add_argument("--out", help="output file (default: stdout)")
    args = parser.parse_args()
    week = generate_week(args.seed, args.persons, args.lines, not args.plain)
    text = json.dumps(week)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()

"""Contact-centre-sized test data: 300 people with real-world names, many busy entries.

Names mix accents, apostrophes and parentheses, and some are exactly 80 characters (the
longest a name may be), so screens are tried with the widest data they can meet.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tomatic.domain.model import Person
from tomatic.ports import PersonStore

FIRST = "Anna Bernat Júlia Òscar Núria Íñigo Mercè Pere Àlex Iñaki Laia Martí Èlia Jordi".split()
LAST = ["Puig", "Roig (tarda)", "d'Alòs", "Vidal-Quadras", "Font i Ribas", "Muñoz", "O'Neill"]
LAST += ["Ferrer", "Sant Jordi", "Casas (coord.)", "Peña", "Gràcia", "Llull", "Sáez"]
LONGEST = 80


def person_id(index: int) -> str:
    """A unique id of 3 to 10 lowercase letters (ids allow nothing else)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = ""
    number = index
    while True:
        word = letters[number % 26] + word
        number = number // 26 - 1
        if number < 0:
            break
    return ("op" + word + "xx")[:10] if len(word) < 2 else ("op" + word)[:10]


def long_name(index: int) -> str:
    """A name of exactly 80 characters, of allowed characters only."""
    base = f"Maria del Roser Vidal-Quadras i Font de la Riera d'Alòs (torn de tarda) {index}"
    return (base + " Bosch" * 10)[:LONGEST].rstrip().ljust(LONGEST, "x")


def team(size: int = 300, long_names: int = 10) -> list[dict[str, Any]]:
    """`size` people as `persons.create` fields (with `id`), sorted by nothing in particular.

    The first person is a coordinator; every 30th has an 80-character name.
    """
    people = []
    pairs = itertools.cycle(itertools.product(FIRST, LAST))
    for index in range(size):
        first, last = next(pairs)
        name = long_name(index) if index % 30 == 29 and long_names else f"{first} {last} {index}"
        fields: dict[str, Any] = {
            "id": person_id(index),
            "name": name,
            "email": f"person{index}@example.coop",
            "extension": str(4000 + index),
            "ideal_load": 5 + index % 4,
            "slack_user_id": f"U{index:07d}",
            "table": index // 10,
        }
        if index == 0:
            fields["groups"] = ["admin"]
        people.append(fields)
    return people


def busy_entries(person: str, week: dt.date, count: int = 60) -> list[dict[str, Any]]:
    """`count` busy entries of one person (a third weekly, the rest one-off from `week` on).

    Reasons hold `<`, `>` and `&`, which must reach Slack escaped.
    """
    entries = []
    days = ["dl", "dm", "dx", "dj", "dv"]
    for index in range(count):
        weekly = index % 3 == 0
        entry: dict[str, Any] = {
            "person": person,
            "weekday": days[index % 5] if weekly else None,
            "date": None if weekly else week + dt.timedelta(days=7 * (index // 5) + index % 5),
            "turns": format(1 << (index % 4), "04b"),
            "optional": index % 2 == 0,
            "reason": f"Reunió de seguiment amb l'equip <{index}> & coordinació — punt {index}",
        }
        entries.append(entry)
    return entries


async def seed(persons: PersonStore, people: list[dict[str, Any]]) -> list[Person]:
    """Store `people` (from `team`) as they are, through the person store: their names are
    valid and they come linked to Slack, so nothing is looked up (a lookup per person is
    paced at Slack's rate, over a second each)."""
    stored = [Person(**fields) for fields in people]
    for person in stored:
        await persons.save(person, "test")
    return stored

"""What a command changed in the in-memory stores and the fake PBX, and whose it was.

A snapshot copies the whole state of every in-memory store (their private fields: that is
the point, nothing may escape the comparison) and the PBX's members. `foreign_changes`
lists, in words, every difference between two snapshots that the acting operator had no
right to make: anything of another person, and anything only coordinators change.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from tomatic.domain.model import BusyEntry, Person
from tomatic.domain.swaps import SwapRequest
from tomatic.ports import PbxQueue, Stores
from tomatic.services.persons import ADMIN_ONLY_FIELDS

ADMIN_ONLY_STORES = ("timetables", "runs", "jobs", "samples")
"""Stores no operator command may touch at all (`forced` is the timetable store's template)."""


@dataclass
class Snapshot:
    """Copies of the stores' states and the PBX members, keyed for comparison."""

    persons: dict[str, Person]
    busy: dict[str, BusyEntry]
    busy_rest: dict[str, Any]  # holidays, leaves, shift credit: coordinators' data
    tokens: list[tuple[str, str, str, bool]]
    swaps: dict[str, SwapRequest]
    calls: dict[str, dict[str, Any]]
    categories: list[Any]
    admin_only: dict[str, Any]
    pbx: dict[str, tuple[str, bool, str]]  # extension → (name, paused, pause reason)


def state_of(store: Any, *skip: str) -> dict[str, Any]:
    """A deep copy of an in-memory store's fields (those in `skip` left out)."""
    return {k: copy.deepcopy(v) for k, v in vars(store).items() if k not in skip}


async def snapshot(stores: Stores, pbx: PbxQueue) -> Snapshot:
    """The state of every store and of the queue now."""
    calls = state_of(stores.calls)
    members = await pbx.status()
    return Snapshot(
        persons={p.id: p for p in await stores.persons.all()},
        busy={e.id: e for e in await stores.busy.all()},
        busy_rest=state_of(stores.busy, "_entries"),
        tokens=list(state_of(stores.tokens)["_rows"]),
        swaps={
            k: SwapRequest.model_validate_json(v)
            for k, v in vars(stores.swaps)["_requests"].items()
        },
        calls={k: json.loads(v) for k, v in calls["_calls"].items()},
        categories=calls["_categories"],
        admin_only={name: state_of(getattr(stores, name)) for name in ADMIN_ONLY_STORES},
        pbx={m.extension: (m.name, m.paused, m.pause_reason) for m in members},
    )


def foreign_changes(before: Snapshot, after: Snapshot, actor: Person) -> list[str]:
    """Every change between the snapshots that was not the actor's own, admin-only
    fields of their own profile included."""
    found = _person_changes(before, after, actor)
    found += _owned("busy entry", before.busy, after.busy, lambda e: e.person, actor.id)
    found += _owned("swap", before.swaps, after.swaps, lambda s: s.requester, actor.id)
    found += _owned("call", before.calls, after.calls, lambda c: c.get("operator"), actor.id)
    tokens = set(before.tokens) ^ set(after.tokens)
    found += [f"token of {row[2]}" for row in sorted(tokens) if row[2] != actor.id]
    for name in ("busy_rest", "categories", "admin_only"):
        if getattr(before, name) != getattr(after, name):
            found.append(f"{name} changed")
    for extension in set(before.pbx) | set(after.pbx):
        if before.pbx.get(extension) != after.pbx.get(extension) and extension != actor.extension:
            found.append(f"queue member {extension}")
    return found


def _person_changes(before: Snapshot, after: Snapshot, actor: Person) -> list[str]:
    found = []
    for person_id in sorted(set(before.persons) | set(after.persons)):
        old, new = before.persons.get(person_id), after.persons.get(person_id)
        if old == new:
            continue
        if person_id != actor.id or old is None or new is None:
            found.append(f"person {person_id}")
            continue
        found += [
            f"{field} of {person_id}"
            for field in sorted(ADMIN_ONLY_FIELDS)
            if getattr(old, field) != getattr(new, field)
        ]
    return found


def _owned(
    what: str, before: dict[str, Any], after: dict[str, Any], owner: Any, actor: str
) -> list[str]:
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new and any(owner(x) != actor for x in (old, new) if x is not None):
            found.append(f"{what} {key}")
    return found

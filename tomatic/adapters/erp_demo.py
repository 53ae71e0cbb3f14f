"""CustomerData over a JSON fixture (`data/demo_erp.json`), for demos and tests.

It answers like the GISCE ERP adapter does: case-insensitive substring matches,
phones matched on their digits, contracts found by exact number or CUPS prefix,
inactive contracts included.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tomatic.domain.customer import Contract, Invoice, Partner, Reading, Role, sort_partners
from tomatic.domain.errors import ValidationError

CONTRACT_ROLES: tuple[Role, ...] = ("owner", "administrator", "payer", "member", "notifier")
CONTACT_ROLES: tuple[Role, ...] = ("owner", "payer", "member", "notifier")
"""Roles whose holders a contract or CUPS search returns (§7.7)."""
UNPAID = ("open", "out_invoice")
"""An issued invoice the customer has not paid yet (ErpMapping's defaults)."""


class DemoCustomerData:
    """Customer data read once from a JSON file with partners, contracts, invoices, readings."""

    def __init__(self, path: Path | str) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self._partners: dict[int, dict[str, Any]] = {p["id"]: p for p in data["partners"]}
        self._contracts: list[dict[str, Any]] = data["contracts"]
        self._invoices: list[dict[str, Any]] = data["invoices"]
        self._readings: list[dict[str, Any]] = data["readings"]
        self._queries: dict[str, Callable[[str], list[int]]] = {
            "phone": self._by_phone,
            "email": self._by_email,
            "vat": self._by_text("vat"),
            "member": self._by_text("member_code"),
            "name": self._by_name,
            "contract": self._by_contract,
            "cups": self._by_cups,
        }

    async def search(self, field: str, value: str, limit: int) -> list[Partner]:
        """Partners matching `value` in `field` (at most `limit`), with their contracts."""
        await asyncio.sleep(0)
        ids = self._all(value) if field == "all" else self._query(field)(value)
        return sort_partners([self._partner(pid) for pid in _unique(ids)[:limit]])

    async def partner(self, erp_id: int) -> Partner | None:
        """The partner with this ERP id, with their contracts; None if there is none."""
        await asyncio.sleep(0)
        if erp_id not in self._partners:
            return None
        [partner] = sort_partners([self._partner(erp_id)])
        return partner

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """Latest issued invoices of contract number `contract`, newest first."""
        await asyncio.sleep(0)
        rows = [
            row
            for row in self._invoices
            if row["contract"] == contract
            and row["state"] != "draft"
            and row["type"] in ("out_invoice", "out_refund")
        ]
        rows.sort(key=lambda row: (row["issued"] or "", row["number"]), reverse=True)
        return [self._invoice(row) for row in rows[:limit]]

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """Latest meter readings of contract number `contract`, newest first."""
        await asyncio.sleep(0)
        rows = [row for row in self._readings if row["contract"] == contract]
        rows.sort(key=lambda row: (_neg_date(row["date"]), row["meter"], row["period"]))
        return [Reading.model_validate(_without(row, "contract")) for row in rows[:limit]]

    def _query(self, field: str) -> Callable[[str], list[int]]:
        if field not in self._queries:
            raise ValidationError("callinfo.unknown_field", field=field)
        return self._queries[field]

    def _all(self, value: str) -> list[int]:
        return [pid for query in self._queries.values() for pid in query(value)]

    def _by_phone(self, value: str) -> list[int]:
        return [pid for pid, p in self._partners.items() if any(value in ph for ph in p["phones"])]

    def _by_email(self, value: str) -> list[int]:
        needle = value.casefold()
        return [
            pid
            for pid, p in self._partners.items()
            if any(needle in email.casefold() for email in p["emails"])
        ]

    def _by_text(self, key: str) -> Callable[[str], list[int]]:
        def query(value: str) -> list[int]:
            needle = value.casefold()
            return _by_name_order(p for p in self._partners.values() if needle in p[key].casefold())

        return query

    def _by_name(self, value: str) -> list[int]:
        words = value.casefold().split()
        return _by_name_order(
            p for p in self._partners.values() if all(w in p["name"].casefold() for w in words)
        )

    def _by_contract(self, value: str) -> list[int]:
        return _holders(c for c in self._contracts if c["number"] == value)

    def _by_cups(self, value: str) -> list[int]:
        needle = value[:20].casefold()
        return _holders(c for c in self._contracts if needle in c["cups"].casefold())

    def _partner(self, pid: int) -> Partner:
        row = self._partners[pid]
        contracts = [
            self._contract(c, roles)
            for c in self._contracts
            if (roles := [role for role in CONTRACT_ROLES if c.get(role) == pid])
        ]
        return Partner.model_validate(_without(row, "id") | {"erp_id": pid, "contracts": contracts})

    def _contract(self, row: dict[str, Any], roles: list[Role]) -> Contract:
        owner = self._partners.get(row["owner"], {})
        fields = _without(row, "id", *CONTRACT_ROLES)
        unpaid = sum(
            1
            for i in self._invoices
            if i["contract"] == row["number"] and (i["state"], i["type"]) == UNPAID
        )
        return Contract.model_validate(
            fields
            | {"erp_id": row["id"], "owner_name": owner.get("name", ""), "roles": roles}
            | {"unpaid_invoices": unpaid}
        )

    def _invoice(self, row: dict[str, Any]) -> Invoice:
        payer = self._partners.get(row["payer"], {})
        return Invoice.model_validate(
            _without(row, "contract", "type") | {"payer": payer.get("name", "")}
        )


def _holders(contracts: Iterable[dict[str, Any]]) -> list[int]:
    return [c[role] for c in contracts for role in CONTACT_ROLES if c.get(role)]


def _by_name_order(partners: Iterable[dict[str, Any]]) -> list[int]:
    """Partner ids in the ERP's default partner order (by name)."""
    return [p["id"] for p in sorted(partners, key=lambda p: (p["name"], p["id"]))]


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


def _neg_date(text: str) -> int:
    return -dt.date.fromisoformat(text).toordinal()

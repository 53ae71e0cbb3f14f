"""CustomerData over the Odoo/OpenERP external API (XML-RPC), e.g. GISCE ERP.

Blocking XML-RPC runs in a worker thread (see erp_xmlrpc): every request has a socket timeout,
and every operation (a search, a contract's invoices…) one deadline for all its requests,
below the 5 s a person waits for an answer.
Any failure becomes a CustomerDataError naming the operation only: customer data
never reaches errors or logs. Rows become domain models in erp_odoo_rows.

The adapter learns once which mapped fields the server has (erp_fields) and only searches
and reads those. Searched text is escaped: Odoo's `like` and `ilike` treat `%` and `_` in
the value as wildcards, and `vat:%` must not list every customer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tomatic.adapters.erp_fields import ErpFields, MappedField
from tomatic.adapters.erp_odoo_billing import OdooBilling
from tomatic.adapters.erp_odoo_rows import (
    address_fields,
    contract_fields,
    field_text,
    in_order,
    many2one_id,
    to_partner,
)
from tomatic.adapters.erp_xmlrpc import Domain, Protocol, XmlRpcSession, run_erp_call
from tomatic.domain.customer import ErpMapping, Invoice, Partner, Reading, sort_partners
from tomatic.domain.errors import ValidationError

T = TypeVar("T")
INACTIVE_TOO = {"active_test": False}
DEADLINE_S = 3.5
"""Default time one operation may take in all (the service waits at most 4 s; people 5 s)."""


class OdooCustomerData:
    """CustomerData over an Odoo/OpenERP server's XML-RPC API, shaped by an ErpMapping."""

    def __init__(
        self,
        url: str,
        db: str,
        user: str,
        password: str,
        mapping: ErpMapping | None = None,
        timeout: float = 5.0,
        protocol: Protocol = "auto",
        deadline: float = DEADLINE_S,
    ) -> None:
        self._rpc = XmlRpcSession(url, db, user, password, timeout, protocol)
        self._deadline = deadline
        self._map = mapping or ErpMapping()
        self._fields = ErpFields(self._rpc.fields_get)
        self._billing = OdooBilling(self._rpc, self._fields, self._map)
        self._queries: dict[str, Callable[[str, int], list[int]]] = {
            "phone": self._by_phone,
            "email": self._by_email,
            "vat": self._by_partner_field(self._map.partner_vat),
            "member": self._by_partner_field(self._map.partner_member_code),
            "name": self._by_name,
            "contract": self._by_contract,
            "cups": self._by_cups,
        }

    async def search(self, field: str, value: str, limit: int) -> list[Partner]:
        """Partners matching `value` in `field` (at most `limit`), with their contracts."""
        if field != "all" and field not in self._queries:
            raise ValidationError("callinfo.unknown_field", field=field)
        return await self._run("search", self._search, field, value, limit)

    async def partner(self, erp_id: int) -> Partner | None:
        """The partner with this ERP id, with their contracts; None if there is none."""
        return await self._run("partner", self._partner, erp_id)

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """Latest issued invoices of contract number `contract`, newest first."""
        return await self._run("invoices", self._billing.invoices, contract, limit)

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """Latest meter readings of contract number `contract`, newest first."""
        return await self._run("readings", self._billing.readings, contract, limit)

    async def missing_fields(self) -> list[MappedField]:
        """The mapped fields this ERP lacks (asks the server the first time).

        Nobody waits for this at a phone: only each request's own timeout applies."""
        return await run_erp_call("fields", self._fields.missing, self._map)

    async def _run(self, operation: str, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a thread, all its requests within the operation deadline."""
        return await run_erp_call(operation, self._rpc.within, self._deadline, function, *args)

    def _search(self, field: str, value: str, limit: int) -> list[Partner]:
        queries = self._queries.values() if field == "all" else [self._queries[field]]
        ids = list(dict.fromkeys(pid for query in queries for pid in query(value, limit)))
        return sort_partners(self._partners(ids[:limit]))

    def _partner(self, erp_id: int) -> Partner | None:
        model = self._map.partner_model
        ids = self._rpc.search(model, [("id", "=", erp_id)], 1, context=INACTIVE_TOO)
        return next(iter(sort_partners(self._partners(ids))), None)

    def _contact_model(self) -> str:
        return self._map.address_model or self._map.partner_model

    def _by_phone(self, value: str, limit: int) -> list[int]:
        m = self._map
        leaves = [
            (name, "like", escape_like(value)) for name in (m.address_phone, m.address_mobile)
        ]
        return self._by_contact(leaves, limit)

    def _by_email(self, value: str, limit: int) -> list[int]:
        return self._by_contact([(self._map.address_email, "ilike", escape_like(value))], limit)

    def _by_contact(self, leaves: list[tuple[str, str, str]], limit: int) -> list[int]:
        m, model = self._map, self._contact_model()
        domain = self._any_of(model, leaves)
        if domain is None:
            return []
        if m.address_model is None:
            return self._rpc.search(model, domain, limit)
        if not self._fields.has(model, m.address_partner):
            return []
        # one partner may own several matching addresses: fetch extra to count partners
        address_ids = self._rpc.search(model, domain, limit * 10)
        rows = in_order(self._rpc.read(model, address_ids, [m.address_partner]), address_ids)
        return [pid for row in rows if (pid := many2one_id(row[m.address_partner]))]

    def _any_of(self, model: str, leaves: list[tuple[str, str, Any]]) -> Domain | None:
        """`leaves` joined by OR, keeping those on fields `model` has; None if none is left."""
        kept = [leaf for leaf in leaves if self._fields.has(model, leaf[0])]
        return ["|"] * (len(kept) - 1) + kept if kept else None

    def _by_partner_field(self, name: str) -> Callable[[str, int], list[int]]:
        def query(value: str, limit: int) -> list[int]:
            model = self._map.partner_model
            if not self._fields.has(model, name):
                return []
            return self._rpc.search(model, [(name, "ilike", escape_like(value))], limit)

        return query

    def _by_name(self, value: str, limit: int) -> list[int]:
        model, name = self._map.partner_model, self._map.partner_name
        if not self._fields.has(model, name):
            return []
        domain = [(name, "ilike", escape_like(word)) for word in value.split()]
        return self._rpc.search(model, domain, limit)

    def _by_contract(self, value: str, limit: int) -> list[int]:
        return self._contract_holders(self._map.contract_number, "=", value, limit)

    def _by_cups(self, value: str, limit: int) -> list[int]:
        return self._contract_holders(
            self._map.contract_cups, "ilike", escape_like(value[:20]), limit
        )

    def _contract_holders(self, field: str, operator: str, value: str, limit: int) -> list[int]:
        m = self._map
        if not self._fields.has(m.contract_model, field):
            return []
        ids = self._rpc.search(
            m.contract_model, [(field, operator, value)], limit, context=INACTIVE_TOO
        )
        roles = self._fields.keep(
            m.contract_model, [m.contract_roles.get(r) for r in ("owner", "payer", "member")]
        )
        notifier = self._fields.keep(m.contract_model, [m.contract_notifier_address])
        rows = in_order(self._rpc.read(m.contract_model, ids, roles + notifier, INACTIVE_TOO), ids)
        holders = [[many2one_id(row[name]) for name in roles] for row in rows]
        notifiers = [many2one_id(row.get(m.contract_notifier_address)) for row in rows]
        notifier_partners = dict(zip(notifiers, self._address_owners(notifiers), strict=True))
        return [
            pid
            for held, address in zip(holders, notifiers, strict=True)
            for pid in [*held, notifier_partners[address]]
            if pid
        ]

    def _address_owners(self, address_ids: list[int | None]) -> list[int | None]:
        m = self._map
        if m.address_model is None:
            return address_ids
        wanted = list(dict.fromkeys(a for a in address_ids if a))
        if not wanted or not self._fields.has(m.address_model, m.address_partner):
            return [None for _ in address_ids]
        rows = self._rpc.read(m.address_model, wanted, [m.address_partner])
        owner = {row["id"]: many2one_id(row[m.address_partner]) for row in rows}
        return [owner.get(a) if a else None for a in address_ids]

    def _partners(self, ids: list[int]) -> list[Partner]:
        m = self._map
        if not ids:
            return []
        fields = [m.partner_name, m.partner_vat, m.partner_member_code, m.partner_lang]
        fields += [m.partner_notes]
        fields += [m.partner_categories] if m.member_category_id is not None else []
        fields += address_fields(m)[1:] if m.address_model is None else []
        read = self._fields.keep(m.partner_model, fields)
        rows = in_order(self._rpc.read(m.partner_model, ids, read), ids)
        addresses = self._addresses(ids) if m.address_model else {r["id"]: [r] for r in rows}
        contracts = self._contracts_of(ids, [a["id"] for rs in addresses.values() for a in rs])
        periods = self._power_periods(contracts)
        unpaid = self._billing.unpaid([row["id"] for row in contracts])
        card_models = {m.partner_model, self._contact_model(), m.contract_model}
        missing = frozenset(f.setting for f in self._fields.missing(m, card_models))
        return [
            to_partner(m, row, addresses.get(row["id"], []), contracts, periods, missing, unpaid)
            for row in rows
        ]

    def _addresses(self, partner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        m, model = self._map, self._contact_model()
        if not self._fields.has(model, m.address_partner):
            return {}
        ids = self._rpc.search(model, [(m.address_partner, "in", partner_ids)])
        by_partner: dict[int, list[dict[str, Any]]] = {}
        read = self._fields.keep(model, address_fields(m))
        for row in in_order(self._rpc.read(model, ids, read), ids):
            by_partner.setdefault(many2one_id(row[m.address_partner]) or 0, []).append(row)
        return by_partner

    def _contracts_of(self, partner_ids: list[int], address_ids: list[int]) -> list[dict[str, Any]]:
        m = self._map
        leaves = [(name, "in", partner_ids) for name in m.contract_roles.values()]
        leaves.append((m.contract_notifier_address, "in", address_ids))
        domain = self._any_of(m.contract_model, leaves)
        if domain is None:
            return []
        ids = self._rpc.search(m.contract_model, domain, context=INACTIVE_TOO)
        read = self._fields.keep(m.contract_model, contract_fields(m))
        return in_order(self._rpc.read(m.contract_model, ids, read, INACTIVE_TOO), ids)

    def _power_periods(self, contracts: list[dict[str, Any]]) -> dict[int, tuple[str, float]]:
        m = self._map
        ids = [i for row in contracts for i in row.get(m.contract_power_periods or "") or []]
        fields = [m.power_period_name, m.power_period_value]
        if not ids or self._fields.keep(m.power_period_model, fields) != fields:
            return {}
        rows = self._rpc.read(m.power_period_model, list(dict.fromkeys(ids)), fields)
        return {
            r["id"]: (field_text(r[m.power_period_name]), float(r[m.power_period_value] or 0))
            for r in rows
        }


def escape_like(value: str) -> str:
    """`value` with the LIKE wildcards `%` and `_` (and the escape character) escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""CustomerData over the Odoo/OpenERP external API (XML-RPC), e.g. GISCE ERP.

Blocking XML-RPC runs in a worker thread with a socket timeout (see erp_xmlrpc).
Any failure becomes a CustomerDataError naming the operation only: customer data
never reaches errors or logs. Rows become domain models in erp_odoo_rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tomatic.adapters.erp_odoo_rows import (
    address_fields,
    contract_fields,
    field_text,
    in_order,
    invoice_fields,
    many2one_id,
    reading_fields,
    to_invoice,
    to_partner,
    to_reading,
)
from tomatic.adapters.erp_xmlrpc import Domain, Protocol, XmlRpcSession, run_erp_call
from tomatic.domain.customer import ErpMapping, Invoice, Partner, Reading, sort_partners
from tomatic.domain.errors import ValidationError

INACTIVE_TOO = {"active_test": False}


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
    ) -> None:
        self._rpc = XmlRpcSession(url, db, user, password, timeout, protocol)
        self._map = mapping or ErpMapping()
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
        return await run_erp_call("search", self._search, field, value, limit)

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """Latest issued invoices of contract number `contract`, newest first."""
        return await run_erp_call("invoices", self._invoices, contract, limit)

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """Latest meter readings of contract number `contract`, newest first."""
        return await run_erp_call("readings", self._readings, contract, limit)

    def _search(self, field: str, value: str, limit: int) -> list[Partner]:
        queries = self._queries.values() if field == "all" else [self._queries[field]]
        ids = list(dict.fromkeys(pid for query in queries for pid in query(value, limit)))
        return sort_partners(self._partners(ids[:limit]))

    def _by_phone(self, value: str, limit: int) -> list[int]:
        m = self._map
        return self._by_contact(
            ["|", (m.address_phone, "like", value), (m.address_mobile, "like", value)], limit
        )

    def _by_email(self, value: str, limit: int) -> list[int]:
        return self._by_contact([(self._map.address_email, "ilike", value)], limit)

    def _by_contact(self, domain: Domain, limit: int) -> list[int]:
        m = self._map
        if m.address_model is None:
            return self._rpc.search(m.partner_model, domain, limit)
        # one partner may own several matching addresses: fetch extra to count partners
        address_ids = self._rpc.search(m.address_model, domain, limit * 10)
        rows = in_order(
            self._rpc.read(m.address_model, address_ids, [m.address_partner]), address_ids
        )
        return [pid for row in rows if (pid := many2one_id(row[m.address_partner]))]

    def _by_partner_field(self, name: str) -> Callable[[str, int], list[int]]:
        def query(value: str, limit: int) -> list[int]:
            return self._rpc.search(self._map.partner_model, [(name, "ilike", value)], limit)

        return query

    def _by_name(self, value: str, limit: int) -> list[int]:
        domain = [(self._map.partner_name, "ilike", word) for word in value.split()]
        return self._rpc.search(self._map.partner_model, domain, limit)

    def _by_contract(self, value: str, limit: int) -> list[int]:
        return self._contract_holders([(self._map.contract_number, "=", value)], limit)

    def _by_cups(self, value: str, limit: int) -> list[int]:
        return self._contract_holders([(self._map.contract_cups, "ilike", value[:20])], limit)

    def _contract_holders(self, domain: Domain, limit: int) -> list[int]:
        m = self._map
        ids = self._rpc.search(m.contract_model, domain, limit, context=INACTIVE_TOO)
        roles = [m.contract_roles[r] for r in ("owner", "payer", "member") if r in m.contract_roles]
        rows = in_order(
            self._rpc.read(
                m.contract_model, ids, [*roles, m.contract_notifier_address], INACTIVE_TOO
            ),
            ids,
        )
        holders = [[many2one_id(row[name]) for name in roles] for row in rows]
        notifiers = [many2one_id(row[m.contract_notifier_address]) for row in rows]
        notifier_partners = dict(zip(notifiers, self._address_owners(notifiers), strict=True))
        return [
            pid
            for held, notifier in zip(holders, notifiers, strict=True)
            for pid in [*held, notifier_partners[notifier]]
            if pid
        ]

    def _address_owners(self, address_ids: list[int | None]) -> list[int | None]:
        m = self._map
        if m.address_model is None:
            return address_ids
        wanted = [a for a in address_ids if a]
        rows = self._rpc.read(m.address_model, list(dict.fromkeys(wanted)), [m.address_partner])
        owner = {row["id"]: many2one_id(row[m.address_partner]) for row in rows}
        return [owner.get(a) if a else None for a in address_ids]

    def _partners(self, ids: list[int]) -> list[Partner]:
        m = self._map
        if not ids:
            return []
        fields = [
            m.partner_name,
            m.partner_vat,
            m.partner_member_code,
            m.partner_lang,
            m.partner_notes,
        ]
        fields += [m.partner_categories] if m.member_category_id is not None else []
        fields += address_fields(m)[1:] if m.address_model is None else []
        rows = in_order(self._rpc.read(m.partner_model, ids, fields), ids)
        addresses = self._addresses(ids) if m.address_model else {r["id"]: [r] for r in rows}
        contracts = self._contracts_of(ids, [a["id"] for rs in addresses.values() for a in rs])
        periods = self._power_periods(contracts)
        return [
            to_partner(m, row, addresses.get(row["id"], []), contracts, periods) for row in rows
        ]

    def _addresses(self, partner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        m = self._map
        model = m.address_model or m.partner_model
        ids = self._rpc.search(model, [(m.address_partner, "in", partner_ids)])
        by_partner: dict[int, list[dict[str, Any]]] = {}
        for row in in_order(self._rpc.read(model, ids, address_fields(m)), ids):
            by_partner.setdefault(many2one_id(row[m.address_partner]) or 0, []).append(row)
        return by_partner

    def _contracts_of(self, partner_ids: list[int], address_ids: list[int]) -> list[dict[str, Any]]:
        m = self._map
        clauses: Domain = [(name, "in", partner_ids) for name in m.contract_roles.values()]
        clauses.append((m.contract_notifier_address, "in", address_ids))
        domain = ["|"] * (len(clauses) - 1) + clauses
        ids = self._rpc.search(m.contract_model, domain, context=INACTIVE_TOO)
        return in_order(
            self._rpc.read(m.contract_model, ids, contract_fields(m), INACTIVE_TOO), ids
        )

    def _power_periods(self, contracts: list[dict[str, Any]]) -> dict[int, tuple[str, float]]:
        m = self._map
        if not m.contract_power_periods:
            return {}
        ids = [i for row in contracts for i in row.get(m.contract_power_periods) or []]
        fields = [m.power_period_name, m.power_period_value]
        rows = self._rpc.read(m.power_period_model, list(dict.fromkeys(ids)), fields)
        return {
            r["id"]: (field_text(r[m.power_period_name]), float(r[m.power_period_value] or 0))
            for r in rows
        }

    def _contract_ids(self, number: str) -> list[int]:
        domain = [(self._map.contract_number, "=", number)]
        return self._rpc.search(self._map.contract_model, domain, context=INACTIVE_TOO)

    def _invoices(self, contract: str, limit: int) -> list[Invoice]:
        m = self._map
        contract_ids = self._contract_ids(contract)
        if not contract_ids:
            return []
        domain = [
            (m.invoice_contract, "in", contract_ids),
            (m.invoice_state, "!=", "draft"),
            (m.invoice_type, "in", m.invoice_types),
        ]
        ids = self._rpc.search(
            m.invoice_model, domain, limit, f"{m.invoice_issued} desc, {m.invoice_number} desc"
        )
        rows = in_order(self._rpc.read(m.invoice_model, ids, invoice_fields(m)), ids)
        return [to_invoice(m, row) for row in rows]

    def _readings(self, contract: str, limit: int) -> list[Reading]:
        m = self._map
        contract_ids = self._contract_ids(contract)
        meter_ids = (
            self._rpc.search(m.meter_model, [(m.meter_contract, "in", contract_ids)])
            if contract_ids
            else []
        )
        if not meter_ids:
            return []
        domain = [(m.reading_meter, "in", meter_ids)]
        ids = self._rpc.search(m.reading_model, domain, limit, f"{m.reading_date} desc")
        rows = self._rpc.read(m.reading_model, ids, reading_fields(m))
        readings = [to_reading(m, row) for row in rows]
        return sorted(readings, key=lambda r: (-r.date.toordinal(), r.meter, r.period))

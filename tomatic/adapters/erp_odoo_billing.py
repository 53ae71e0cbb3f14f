"""A contract's invoices and meter readings on an Odoo/OpenERP ERP, and unpaid invoice counts.

Blocking calls on an XmlRpcSession: `OdooCustomerData` runs them in a thread, within the
operation's deadline.
"""

from __future__ import annotations

from collections import Counter

from tomatic.adapters.erp_fields import ErpFields
from tomatic.adapters.erp_odoo_rows import (
    in_order,
    invoice_fields,
    many2one_id,
    reading_fields,
    to_invoice,
    to_reading,
)
from tomatic.adapters.erp_xmlrpc import XmlRpcSession
from tomatic.domain.customer import ErpMapping, Invoice, Reading

INACTIVE_TOO = {"active_test": False}
MAX_UNPAID = 1000
"""Unpaid invoices counted at most per card (a count beyond it says nothing more)."""


class OdooBilling:
    """Invoices and readings, read with the mapping's models and fields."""

    def __init__(self, rpc: XmlRpcSession, fields: ErpFields, mapping: ErpMapping) -> None:
        self._rpc, self._fields, self._map = rpc, fields, mapping

    def contract_ids(self, number: str) -> list[int]:
        """Ids of the contracts (active or not) with this number."""
        model, field = self._map.contract_model, self._map.contract_number
        if not self._fields.has(model, field):
            return []
        return self._rpc.search(model, [(field, "=", number)], context=INACTIVE_TOO)

    def unpaid(self, contract_ids: list[int]) -> dict[int, int] | None:
        """Unpaid invoices per contract id (absent: none); None when the ERP cannot tell."""
        m, model = self._map, self._map.invoice_model
        needed = [m.invoice_contract, m.invoice_state]
        if self._fields.keep(model, needed) != needed:
            return None
        if not contract_ids:
            return {}
        leaves = [
            (m.invoice_contract, "in", contract_ids),
            (m.invoice_state, "in", m.invoice_unpaid_states),
            (m.invoice_type, "in", m.invoice_unpaid_types),
        ]
        domain = [leaf for leaf in leaves if self._fields.has(model, leaf[0])]
        ids = self._rpc.search(model, domain, MAX_UNPAID)
        rows = self._rpc.read(model, ids, [m.invoice_contract])
        counts = Counter(many2one_id(row[m.invoice_contract]) for row in rows)
        return {contract: count for contract, count in counts.items() if contract is not None}

    def invoices(self, contract: str, limit: int) -> list[Invoice]:
        """The latest issued invoices of contract number `contract`, newest first."""
        m, model = self._map, self._map.invoice_model
        contract_ids = self.contract_ids(contract)
        if not contract_ids or not self._fields.has(model, m.invoice_contract):
            return []
        leaves = [
            (m.invoice_contract, "in", contract_ids),
            (m.invoice_state, "!=", "draft"),
            (m.invoice_type, "in", m.invoice_types),
        ]
        domain = [leaf for leaf in leaves if self._fields.has(model, leaf[0])]
        order = self._order(model, f"{m.invoice_issued} desc", f"{m.invoice_number} desc")
        ids = self._rpc.search(model, domain, limit, order)
        read = self._fields.keep(model, invoice_fields(m))
        return [to_invoice(m, row) for row in in_order(self._rpc.read(model, ids, read), ids)]

    def _order(self, model: str, *terms: str) -> str:
        """`terms` on fields `model` has, as an ORDER BY clause."""
        return ", ".join(term for term in terms if self._fields.has(model, term.split()[0]))

    def readings(self, contract: str, limit: int) -> list[Reading]:
        """The latest meter readings of contract number `contract`, newest first."""
        m = self._map
        contract_ids = self.contract_ids(contract)
        if not contract_ids or not self._fields.has(m.meter_model, m.meter_contract):
            return []
        meter_ids = self._rpc.search(m.meter_model, [(m.meter_contract, "in", contract_ids)])
        needed = [m.reading_meter, m.reading_date]
        if not meter_ids or self._fields.keep(m.reading_model, needed) != needed:
            return []
        domain = [(m.reading_meter, "in", meter_ids)]
        ids = self._rpc.search(m.reading_model, domain, limit, f"{m.reading_date} desc")
        read = self._fields.keep(m.reading_model, reading_fields(m))
        rows = self._rpc.read(m.reading_model, ids, read)
        readings = [to_reading(m, row) for row in rows]
        return sorted(readings, key=lambda r: (-r.date.toordinal(), r.meter, r.period))

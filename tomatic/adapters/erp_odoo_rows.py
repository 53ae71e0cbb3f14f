"""ERP rows (XML-RPC `read` dicts) into domain models, shaped by an ErpMapping.

Also the field lists each model is read with, and the small helpers that turn
Odoo/OpenERP field values (many2one pairs, False for empty) into plain values. A field
the server lacks is simply absent from its rows: it reads as empty, and the attributes
it feeds are listed in the model's `unknown` so that cards leave them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from typing import Any

from tomatic.domain.customer import (
    Contract,
    ErpMapping,
    Invoice,
    Partner,
    Reading,
    Role,
)

Row = dict[str, Any]
Periods = dict[int, tuple[str, float]]

PARTNER_SOURCES = {
    "vat": ("partner_vat",),
    "member_code": ("partner_member_code",),
    "lang": ("partner_lang",),
    "alerts": ("partner_notes",),
    "emails": ("address_email",),
    "phones": ("address_phone", "address_mobile"),
    "address": ("address_street",),
}
CONTRACT_SOURCES = {
    "cups": ("contract_cups",),
    "supply_address": ("contract_supply_address",),
    "tariff": ("contract_tariff",),
    "power_kw": ("contract_power", "contract_power_periods"),
    "state": ("contract_state",),
    "owner_name": ("contract_roles.owner",),
}
"""Which mapping settings feed each attribute: it is unknown when the ERP has none of them."""


def unknown_attributes(sources: dict[str, tuple[str, ...]], missing: AbstractSet[str]) -> list[str]:
    """Attributes all of whose source settings are `missing`."""
    return [name for name, settings in sources.items() if set(settings) <= missing]


def many2one_id(value: Any) -> int | None:
    """The id of a many2one value ([id, name], id or False)."""
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def in_order(rows: list[Row], ids: list[int]) -> list[Row]:
    """`rows` sorted like `ids`, skipping ids that have no row."""
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def field_text(value: Any) -> str:
    """Display text of a field value: the name of a many2one, "" for False."""
    if isinstance(value, list | tuple):
        return str(value[1]) if len(value) > 1 else ""
    return "" if value is False or value is None else str(value)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _required_date(value: Any) -> dt.date:
    found = _date(value)
    if found is None:
        raise ValueError("a reading without a date")
    return found


def _unique(values: Any) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _bare_vat(vat: str) -> str:
    return vat[2:] if vat.upper().startswith("ES") and len(vat) == 11 else vat


def address_fields(m: ErpMapping) -> list[str]:
    """Fields read from an address (or from a partner when there is no address model)."""
    names = [m.address_partner, m.address_phone, m.address_mobile, m.address_email]
    return names + [m.address_street, m.address_city, m.address_zip, m.address_province]


def contract_fields(m: ErpMapping) -> list[str]:
    """Fields read from a contract."""
    names = [m.contract_number, m.contract_cups, m.contract_supply_address, m.contract_tariff]
    names += [m.contract_power, m.contract_state, m.contract_active, m.contract_start]
    names += [m.contract_end, m.contract_notifier_address, *m.contract_roles.values()]
    optional = [m.contract_power_periods, m.contract_selfconsumption]
    return names + [name for name in optional if name]


def to_partner(
    m: ErpMapping,
    row: Row,
    addresses: list[Row],
    contracts: list[Row],
    periods: Periods,
    missing: frozenset[str] = frozenset(),
    unpaid: dict[int, int] | None = None,
) -> Partner:
    """A Partner from its row, its address rows and the contracts it may hold a role in;
    `missing` names the mapping settings whose fields the ERP lacks, `unpaid` counts unpaid
    invoices per contract id (None: unknown)."""
    pid, own_addresses = row["id"], {a["id"] for a in addresses}
    held = [(c, _roles(m, c, pid, own_addresses)) for c in contracts]
    first = addresses[0] if addresses else {}
    notes = field_text(row.get(m.partner_notes)).splitlines()
    return Partner(
        erp_id=pid,
        name=field_text(row.get(m.partner_name)),
        vat=_bare_vat(field_text(row.get(m.partner_vat))),
        member_code=field_text(row.get(m.partner_member_code)),
        is_member=_is_member(m, row),
        lang=field_text(row.get(m.partner_lang)),
        emails=_unique(
            e.strip() for a in addresses for e in field_text(a.get(m.address_email)).split(",")
        ),
        phones=_unique(
            field_text(a.get(f)) for a in addresses for f in (m.address_phone, m.address_mobile)
        ),
        address=field_text(first.get(m.address_street)),
        city=field_text(first.get(m.address_city)),
        postal_code=field_text(first.get(m.address_zip)),
        province=field_text(first.get(m.address_province)),
        alerts=[line.strip() for line in notes if line.strip()],
        contracts=[
            _contract(
                m, c, roles, periods, missing, None if unpaid is None else unpaid.get(c["id"], 0)
            )
            for c, roles in held
            if roles
        ],
        unknown=unknown_attributes(PARTNER_SOURCES, missing),
    )


def _is_member(m: ErpMapping, row: Row) -> bool:
    if m.member_category_id is None:
        return field_text(row.get(m.partner_member_code)).upper().startswith("S")
    return m.member_category_id in (row.get(m.partner_categories) or [])


def _roles(m: ErpMapping, row: Row, pid: int, addresses: set[int]) -> list[Role]:
    roles: list[Role] = [
        role
        for role in ROLES
        if role in m.contract_roles and many2one_id(row.get(m.contract_roles[role])) == pid
    ]
    if many2one_id(row.get(m.contract_notifier_address)) in addresses:
        roles.append("notifier")
    return roles


ROLES: tuple[Role, ...] = ("owner", "administrator", "payer", "member")


def _contract(
    m: ErpMapping,
    row: Row,
    roles: list[Role],
    periods: Periods,
    missing: frozenset[str],
    unpaid: int | None,
) -> Contract:
    power = dict(periods[i] for i in row.get(m.contract_power_periods or "") or [] if i in periods)
    if not power and row.get(m.contract_power):
        power = {"P1": float(row[m.contract_power])}
    selfconsumption = field_text(row.get(m.contract_selfconsumption or ""))
    owner = m.contract_roles.get("owner")
    return Contract(
        erp_id=row["id"],
        number=field_text(row.get(m.contract_number)),
        cups=field_text(row.get(m.contract_cups)),
        supply_address=field_text(row.get(m.contract_supply_address)),
        tariff=field_text(row.get(m.contract_tariff)),
        power_kw=power,
        state=field_text(row.get(m.contract_state)),
        active=row.get(m.contract_active) is not False,
        start_date=_date(row.get(m.contract_start)),
        end_date=_date(row.get(m.contract_end)),
        owner_name=field_text(row.get(owner)) if owner else "",
        roles=roles,
        alerts=["selfconsumption"] if selfconsumption not in ("", "00") else [],
        unpaid_invoices=unpaid,
        unknown=unknown_attributes(CONTRACT_SOURCES, missing),
    )


def invoice_fields(m: ErpMapping) -> list[str]:
    """Fields read from an invoice."""
    names = [m.invoice_number, m.invoice_issued, m.invoice_due, m.invoice_start, m.invoice_end]
    return names + [
        m.invoice_total,
        m.invoice_energy,
        m.invoice_days,
        m.invoice_state,
        m.invoice_payer,
    ]


def to_invoice(m: ErpMapping, row: Row) -> Invoice:
    """An Invoice from its row."""
    energy, days = row.get(m.invoice_energy), row.get(m.invoice_days)
    return Invoice(
        number=field_text(row.get(m.invoice_number)),
        issued=_date(row.get(m.invoice_issued)),
        due=_date(row.get(m.invoice_due)),
        start=_date(row.get(m.invoice_start)),
        end=_date(row.get(m.invoice_end)),
        total=float(row.get(m.invoice_total) or 0),
        energy_kwh=None if energy is False or energy is None else float(energy),
        days=days or None,
        state=field_text(row.get(m.invoice_state)),
        payer=field_text(row.get(m.invoice_payer)),
    )


def reading_fields(m: ErpMapping) -> list[str]:
    """Fields read from a meter reading."""
    return [m.reading_meter, m.reading_date, m.reading_value, m.reading_period, m.reading_origin]


def to_reading(m: ErpMapping, row: Row) -> Reading:
    """A Reading from its row."""
    return Reading(
        meter=field_text(row.get(m.reading_meter)),
        date=_required_date(row.get(m.reading_date)),
        value=float(row.get(m.reading_value) or 0),
        period=field_text(row.get(m.reading_period)),
        origin=field_text(row.get(m.reading_origin)),
    )

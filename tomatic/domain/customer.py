"""Customer data shown on incoming calls: partners, contracts, invoices, readings.

Also the field mapping that tells the ERP adapter where each piece lives (§7.7); what an
operator types becomes a search in `tomatic.domain.customer_search` (§7.6).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

SearchField = Literal["phone", "email", "vat", "cups", "contract", "member", "name", "all"]
Role = Literal["owner", "administrator", "payer", "member", "notifier"]

TOO_MANY_THRESHOLD = 21
"""More distinct partners than this make a search 'too broad' (§7.6)."""

ROLE_SCORES: dict[str, int] = {"owner": 8, "administrator": 4, "payer": 2, "member": 1}
ACTIVE_SCORE = 16


class Reading(BaseModel):
    """One meter reading."""

    meter: str
    date: dt.date
    value: float
    period: str = ""
    origin: str = ""


class Invoice(BaseModel):
    """One issued invoice (drafts are never listed)."""

    number: str
    issued: dt.date | None = None
    due: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    total: float = 0.0
    energy_kwh: float | None = None
    days: int | None = None
    state: str = ""
    payer: str = ""


class Contract(BaseModel):
    """A supply contract, seen from one partner (`roles` are that partner's)."""

    erp_id: int
    number: str
    cups: str = ""
    supply_address: str = ""
    tariff: str = ""
    power_kw: dict[str, float] = Field(default_factory=dict)
    state: str = ""
    active: bool = True
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    owner_name: str = ""
    roles: list[Role] = Field(default_factory=list)
    alerts: list[str] = Field(default_factory=list)
    unpaid_invoices: int | None = None
    """Issued invoices not paid yet (None: this ERP cannot tell)."""
    unknown: list[str] = Field(default_factory=list)
    """Attributes this ERP does not provide (cards leave them out), e.g. `supply_address`."""

    def score(self) -> int:
        """Display priority: active 16 + owner 8 + administrator 4 + payer 2 + member 1."""
        bonus = sum(ROLE_SCORES.get(role, 0) for role in set(self.roles))
        return bonus + (ACTIVE_SCORE if self.active else 0)


class Partner(BaseModel):
    """A customer or member with the contracts they hold any role in."""

    erp_id: int
    name: str
    vat: str = ""
    member_code: str = ""
    is_member: bool = False
    lang: str = ""
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    address: str = ""
    city: str = ""
    postal_code: str = ""
    province: str = ""
    alerts: list[str] = Field(default_factory=list)
    contracts: list[Contract] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)
    """Attributes this ERP does not provide (cards leave them out), e.g. `vat`."""

    @property
    def unpaid_invoices(self) -> int | None:
        """Unpaid invoices of all the partner's contracts (None when the ERP cannot tell)."""
        known = [c.unpaid_invoices for c in self.contracts if c.unpaid_invoices is not None]
        if self.contracts and not known:
            return None
        return sum(known)

    @property
    def has_alerts(self) -> bool:
        """Whether the partner or any of their contracts carries an alert."""
        return bool(self.alerts) or any(c.alerts for c in self.contracts)


class SearchResult(BaseModel):
    """The answer to one customer search, as the call-info card needs it."""

    field: SearchField
    value: str
    partners: list[Partner] = Field(default_factory=list)
    too_many: bool = False

    @classmethod
    def build(
        cls,
        field: SearchField,
        value: str,
        partners: list[Partner],
        threshold: int = TOO_MANY_THRESHOLD,
    ) -> SearchResult:
        """Wrap adapter results; more than `threshold` partners means 'too many' and none kept."""
        if len(partners) > threshold:
            return cls(field=field, value=value, too_many=True)
        return cls(field=field, value=value, partners=partners)


def sort_partners(partners: list[Partner]) -> list[Partner]:
    """Members (code starting with S) first, then by name; contracts by descending score."""
    for partner in partners:
        partner.contracts.sort(key=lambda c: (-c.score(), c.number))
    return sorted(partners, key=lambda p: (not p.member_code.upper().startswith("S"), p.name))


class ErpMapping(BaseModel):
    """Where the ERP keeps each piece of customer data (defaults: GISCE ERP on OpenERP).

    Many2one fields are searched by the related record's name, as OpenERP does.
    Set `address_model` to None for Odoo versions where phones live on `res.partner`.
    """

    partner_model: str = "res.partner"
    partner_name: str = "name"
    partner_vat: str = "vat"
    partner_member_code: str = "ref"
    partner_lang: str = "lang"
    partner_notes: str = "comment"
    partner_categories: str = "category_id"
    member_category_id: int | None = None
    address_model: str | None = "res.partner.address"
    address_partner: str = "partner_id"
    address_phone: str = "phone"
    address_mobile: str = "mobile"
    address_email: str = "email"
    address_street: str = "street"
    address_city: str = "city"
    address_zip: str = "zip"
    address_province: str = "state_id"
    contract_model: str = "giscedata.polissa"
    contract_number: str = "name"
    contract_cups: str = "cups"
    contract_supply_address: str = "cups_direccio"
    contract_tariff: str = "tarifa"
    contract_power: str = "potencia"
    contract_power_periods: str | None = "potencies_periode"
    contract_state: str = "state"
    contract_active: str = "active"
    contract_start: str = "data_alta"
    contract_end: str = "data_baixa"
    contract_roles: dict[str, str] = Field(
        default_factory=lambda: {
            "owner": "titular",
            "administrator": "administradora",
            "payer": "pagador",
            "member": "soci",
        }
    )
    contract_notifier_address: str = "direccio_notificacio"
    contract_selfconsumption: str | None = "autoconsumo"
    power_period_model: str = "giscedata.polissa.potencia.contractada.periode"
    power_period_name: str = "periode_id"
    power_period_value: str = "potencia"
    invoice_model: str = "giscedata.facturacio.factura"
    invoice_contract: str = "polissa_id"
    invoice_number: str = "number"
    invoice_issued: str = "date_invoice"
    invoice_due: str = "date_due"
    invoice_start: str = "data_inici"
    invoice_end: str = "data_final"
    invoice_total: str = "amount_total"
    invoice_energy: str = "energia_kwh"
    invoice_days: str = "dies"
    invoice_state: str = "state"
    invoice_payer: str = "partner_id"
    invoice_type: str = "type"
    invoice_types: list[str] = Field(default_factory=lambda: ["out_invoice", "out_refund"])
    invoice_unpaid_states: list[str] = Field(default_factory=lambda: ["open"])
    """Invoice states meaning "issued, not paid yet" (Odoo's and GISCE's `open`)."""
    invoice_unpaid_types: list[str] = Field(default_factory=lambda: ["out_invoice"])
    """Invoice types a customer owes money for (refunds are owed to them)."""
    meter_model: str = "giscedata.lectures.comptador"
    meter_contract: str = "polissa"
    meter_name: str = "name"
    reading_model: str = "giscedata.lectures.lectura"
    reading_meter: str = "comptador"
    reading_date: str = "name"
    reading_value: str = "lectura"
    reading_period: str = "periode"
    reading_origin: str = "origen_id"

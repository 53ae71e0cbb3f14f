"""Customer data shown on incoming calls: partners, contracts, invoices, readings.

Also the rules that turn what an operator types (or the caller's number) into a
search field and a normalised value (operations spec §7.6), and the field mapping
that tells the ERP adapter where each piece lives (§7.7).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, Field

from tomatic.domain.errors import ValidationError

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
    meter_model: str = "giscedata.lectures.comptador"
    meter_contract: str = "polissa"
    meter_name: str = "name"
    reading_model: str = "giscedata.lectures.lectura"
    reading_meter: str = "comptador"
    reading_date: str = "name"
    reading_value: str = "lectura"
    reading_period: str = "periode"
    reading_origin: str = "origen_id"


FIELD_ALIASES: dict[str, SearchField] = {
    **dict.fromkeys(["phone", "tel", "telefon", "telefono", "mobile", "mobil", "movil"], "phone"),
    **dict.fromkeys(["email", "e-mail", "mail", "correu", "correo"], "email"),
    **dict.fromkeys(["vat", "nif", "dni", "nie", "cif"], "vat"),
    **dict.fromkeys(["cups"], "cups"),
    **dict.fromkeys(["contract", "contracte", "contrato", "polissa", "poliza"], "contract"),
    **dict.fromkeys(["member", "soci", "socia", "socio", "code", "codi", "codigo"], "member"),
    **dict.fromkeys(["name", "nom", "nombre", "cognoms", "apellidos", "surname"], "name"),
    **dict.fromkeys(["all", "tot", "todo", "tots", "todos"], "all"),
}
"""Explicit `field:value` prefixes, in English, Catalan and Spanish (accents folded)."""

_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
_MEMBER = re.compile(r"^[ST]?\d{1,6}$")
_NIF = re.compile(r"^(?:ES)?[0-9KLMXYZ]\d{7}[0-9A-Z]$")
_CIF = re.compile(r"^(?:ES)?[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$")
_CUPS = re.compile(r"^ES\d{16}[A-Z]{2}(?:\d[FPRCXYZ])?$")
_EXPLICIT = re.compile(r"^\s*([^\W\d][\w\-]*)\s*:\s*(.*)$", re.UNICODE)
_NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def fold(text: str) -> str:
    """Lowercase `text` and strip accents, for accent-insensitive comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def clean_phone(text: str) -> str:
    """Keep the digits of a phone number and drop a Spanish prefix (34, 034, 0034, +34)."""
    digits = re.sub(r"\D", "", text)
    for prefix in ("0034", "034", "34"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 9:
            return digits[len(prefix) :]
    return digits


def compact(text: str) -> str:
    """Uppercase `text` without spaces, dots or dashes (VAT ids, CUPS, member codes)."""
    return re.sub(r"[\s.\-]", "", text).upper()


def nif_letter(number: int) -> str:
    """The control letter of a Spanish DNI number (also NIE after mapping X/Y/Z to 0/1/2)."""
    return _NIF_LETTERS[number % 23]


def is_valid_nif(text: str) -> bool:
    """True if `text` is a DNI or NIE (optionally `ES`-prefixed) with the right control letter."""
    vat = compact(text).removeprefix("ES")
    if not re.fullmatch(r"[0-9XYZ]\d{7}[A-Z]", vat):
        return False
    number = int(str("XYZ".find(vat[0])) + vat[1:8] if vat[0] in "XYZ" else vat[:8])
    return nif_letter(number) == vat[8]


def guess_search_field(text: str) -> tuple[SearchField, str]:
    """Decide which field `text` searches and normalise the value (§7.6).

    An explicit `field:value` (aliases in ca/es/en, e.g. `nif:12345678Z`) wins;
    otherwise the first matching shape: e-mail, phone, contract, member code,
    VAT id, CUPS, other digits (all fields), name.

    Raises:
        ValidationError: empty text, or an explicit value of the wrong shape.
    """
    text = text.strip()
    if not text:
        raise ValidationError("callinfo.empty_search")
    explicit = _EXPLICIT.match(text)
    if explicit and fold(explicit.group(1)) in FIELD_ALIASES:
        field = FIELD_ALIASES[fold(explicit.group(1))]
        return field, normalise_value(field, explicit.group(2))
    return _guess(text)


def _guess(text: str) -> tuple[SearchField, str]:
    if "@" in text:
        return "email", text.lower()
    if _PHONE_CHARS.match(text):
        phone = clean_phone(text)
        if len(phone) == 9:
            return "phone", phone
        if len(phone) == 7:
            return "contract", phone
    code = compact(text)
    if _MEMBER.match(code):
        return "member", code
    if _NIF.match(code) or _CIF.match(code):
        return "vat", code.removeprefix("ES") if len(code) == 11 else code
    if _CUPS.match(code):
        return "cups", code
    if code.isdigit():
        return "all", code
    return "name", " ".join(text.split())


def normalise_value(field: SearchField, value: str) -> str:
    """Normalise an explicitly-fielded value, refusing shapes that cannot match.

    Raises:
        ValidationError: `value` is empty or impossible for `field`.
    """
    value = value.strip()
    normalised = _NORMALISERS.get(field, lambda v: " ".join(v.split()))(value)
    if not normalised:
        raise ValidationError("callinfo.invalid_search", field=field)
    return normalised


def _contract_number(value: str) -> str:
    digits = value.strip()
    return digits.zfill(7) if digits.isdigit() and len(digits) <= 7 else digits


def _vat(value: str) -> str:
    code = compact(value)
    return code[2:] if code.startswith("ES") and len(code) == 11 else code


def _phone(value: str) -> str:
    return clean_phone(value) if _PHONE_CHARS.match(value) else ""


_NORMALISERS = {
    "phone": _phone,
    "email": str.lower,
    "vat": _vat,
    "cups": compact,
    "contract": _contract_number,
    "member": compact,
}

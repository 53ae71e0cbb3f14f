"""Incoming calls, their annotations and the categories calls are annotated with (§7.3, §7.5).

A call keeps the customers its search found (`candidates`, just names, VAT ids and
contract numbers) so that it can be annotated later without asking the ERP again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, Field

from tomatic.domain.customer import SearchResult
from tomatic.domain.errors import ValidationError

LANGS = ("ca", "es", "en")
MAX_COMMENT = 2000
"""The longest annotation comment kept."""
_PHONE = re.compile(r"^\+?\d{3,20}$")
HIDDEN_NUMBERS = frozenset({"anonymous", "unknown", "private", "restricted", "withheld"})
"""What PBXs send for a caller who hides their number (SIP's `anonymous` and its cousins)."""
_EXTENSION = re.compile(r"^\d{1,10}$")
_CALL_ID = re.compile(r"^[\w.:@+\-]{1,80}$")


class Category(BaseModel):
    """A reason people call, as chosen when annotating a call."""

    code: str
    names: dict[str, str] = Field(default_factory=dict)
    section: str = ""
    keywords: list[str] = Field(default_factory=list)
    enabled: bool = True

    def label(self, lang: str) -> str:
        """The name in `lang` (else any name, else the code), prefixed by the code."""
        name = self.names.get(lang) or next(iter(self.names.values()), "")
        return f"{self.code}. {name}" if name else self.code


class CandidateContract(BaseModel):
    """A contract a call may be about."""

    erp_id: int
    number: str
    address: str = ""


class Candidate(BaseModel):
    """A partner a call may be about, with their contracts."""

    erp_id: int
    name: str
    vat: str = ""
    contracts: list[CandidateContract] = Field(default_factory=list)


class Annotation(BaseModel):
    """What the operator recorded about a call."""

    categories: list[str]
    partner_erp_id: int | None = None
    partner_name: str = ""
    contract: str = ""
    comment: str = ""
    annotated_at: dt.datetime
    annotated_by: str


class Call(BaseModel):
    """One incoming call (or a manual entry), with its annotation once made."""

    call_id: str
    at: dt.datetime
    phone: str
    extension: str = ""
    operator: str = ""
    candidates: list[Candidate] = Field(default_factory=list)
    annotation: Annotation | None = None

    @property
    def partner_name(self) -> str:
        """The annotated partner, else the only partner found, else empty."""
        if self.annotation and self.annotation.partner_name:
            return self.annotation.partner_name
        return self.candidates[0].name if len(self.candidates) == 1 else ""

    def candidate(self, erp_id: int | None) -> Candidate | None:
        """The candidate partner with that ERP id."""
        return next((c for c in self.candidates if c.erp_id == erp_id), None)


def candidates_from(result: SearchResult) -> list[Candidate]:
    """The partners and contracts of a search, reduced to what annotating needs."""
    return [
        Candidate(
            erp_id=partner.erp_id,
            name=partner.name,
            vat=partner.vat,
            contracts=[
                CandidateContract(erp_id=c.erp_id, number=c.number, address=c.supply_address)
                for c in partner.contracts
            ],
        )
        for partner in result.partners
    ]


def caller_phone(text: str) -> str:
    """Validate the caller's number of a PBX notification: digits, optional leading +, 3–20;
    "" for a hidden number (`HIDDEN_NUMBERS`, in any case).

    Raises:
        ValidationError: anything else (spaces are ignored).
    """
    phone = re.sub(r"\s", "", text or "")
    if phone.lower() in HIDDEN_NUMBERS:
        return ""
    if not _PHONE.match(phone):
        raise ValidationError("callinfo.bad_phone")
    return phone


def extension_number(text: str) -> str:
    """Validate a PBX extension (digits only).

    Raises:
        ValidationError: empty or not digits.
    """
    extension = (text or "").strip()
    if not _EXTENSION.match(extension):
        raise ValidationError("callinfo.bad_extension")
    return extension


def pbx_call_id(text: str | None) -> str | None:
    """The PBX's own call id if it looks like one, None when absent.

    Raises:
        ValidationError: present but too long or with unexpected characters.
    """
    if not text or not text.strip():
        return None
    if not _CALL_ID.match(text.strip()):
        raise ValidationError("callinfo.bad_call_id")
    return text.strip()


def categories_from_data(data: Any) -> list[Category]:
    """Categories from a parsed YAML document in any of the formats we know.

    Accepted: ours (`names` or `name` as a {lang: text} map), the original's call
    registry (`id`, `name`, `code`, `levels`, `keywords`, `color`, `enabled`) and its
    older call-info file (`code`, `name`, `section`, `isclaim`, `keywords`, with a
    `sections` list beside). The list may be the document or its `categories` key.

    Raises:
        ValidationError: no list of categories, or one without code nor id.
    """
    items = data.get("categories") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValidationError("callinfo.bad_categories")
    sections = _section_names(data.get("sections") if isinstance(data, dict) else None)
    categories = [_category(item, sections) for item in items]
    return list({c.code: c for c in categories}.values())


def _category(item: Any, sections: dict[str, str]) -> Category:
    if not isinstance(item, dict) or not (item.get("code") or item.get("id")):
        raise ValidationError("callinfo.bad_categories")
    names = item.get("names") or item.get("name") or ""
    if not isinstance(names, dict):
        names = dict.fromkeys(LANGS, str(names))
    levels = item.get("levels") or []
    section = str(item.get("section") or (levels[0] if levels else ""))
    keywords = item.get("keywords") or []
    return Category(
        code=str(item.get("code") or item.get("id")),
        names={str(k): str(v) for k, v in names.items() if v},
        section=sections.get(section, section),
        keywords=[str(k) for k in (keywords if isinstance(keywords, list) else [keywords])],
        enabled=item.get("enabled", True) is not False,
    )


def _section_names(sections: Any) -> dict[str, str]:
    if not isinstance(sections, list):
        return {}
    named = [s for s in sections if isinstance(s, dict) and s.get("code")]
    return {str(s["code"]): str(s.get("name") or s["code"]) for s in named}

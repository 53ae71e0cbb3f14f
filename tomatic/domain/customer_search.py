"""What an operator types (or the caller's number) as a search field and a normalised value
(operations spec §7.6)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from tomatic.domain.customer import SearchField
from tomatic.domain.errors import ValidationError

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

# ASCII digits only: "²" or "٣" look like digits to Python but to no ERP field
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$", re.ASCII)
_MEMBER = re.compile(r"^[ST]?\d{1,6}$", re.ASCII)
_NIF = re.compile(r"^(?:ES)?[0-9KLMXYZ]\d{7}[0-9A-Z]$", re.ASCII)
_CIF = re.compile(r"^(?:ES)?[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$", re.ASCII)
_CUPS = re.compile(r"^ES\d{16}[A-Z]{2}(?:\d[FPRCXYZ])?$", re.ASCII)
_EXPLICIT = re.compile(r"^\s*([^\W\d][\w\-]*)\s*:\s*(.*)$", re.UNICODE)
_NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
MAX_SEARCH = 200
"""The longest search text taken (a name, an address or an e-mail fits well within it)."""
_INVISIBLE = {"Cc", "Cf", "Cs", "Co"}
"""Control, format (zero-width, bidi), surrogate and private-use characters: the ERP's XML
cannot carry most of them and no customer field holds them."""


def fold(text: str) -> str:
    """Lowercase `text` and strip accents, for accent-insensitive comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def clean_phone(text: str) -> str:
    """Keep the digits of a phone number and drop a Spanish prefix (34, 034, 0034, +34)."""
    digits = re.sub(r"[^0-9]", "", text)
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


def clean_search_text(text: str) -> str:
    """`text` without invisible characters, its spaces collapsed (tabs and line breaks too).

    Raises:
        ValidationError: nothing but spaces (`callinfo.empty_search`), nothing but invisible
            characters (`callinfo.invisible_search`), or longer than MAX_SEARCH.
    """
    if not text.strip():
        raise ValidationError("callinfo.empty_search")
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    cleaned = " ".join(visible.split())
    if not cleaned:
        raise ValidationError("callinfo.invisible_search")
    if len(cleaned) > MAX_SEARCH:
        raise ValidationError("callinfo.long_search", limit=MAX_SEARCH)
    return cleaned


def guess_search_field(text: str) -> tuple[SearchField, str]:
    """Decide which field `text` searches and normalise the value (§7.6).

    The text is cleaned first (`clean_search_text`). An explicit `field:value` (aliases in
    ca/es/en, e.g. `nif:12345678Z`) wins; otherwise the first matching shape: e-mail, phone,
    contract, member code, VAT id, CUPS, other digits (all fields), name.

    Raises:
        ValidationError: empty, invisible or too long text, or an explicit value of the
            wrong shape.
    """
    text = clean_search_text(text)
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
    if code.isascii() and code.isdigit():
        return "all", code
    return "name", " ".join(text.split())


def normalise_value(field: SearchField, value: str) -> str:
    """Normalise an explicitly-fielded value, refusing shapes that cannot match.

    Raises:
        ValidationError: `value` is empty or impossible for `field`.
    """
    value = value.strip()
    normalise = _NORMALISERS.get(field, _words)
    normalised = normalise(value)
    if not normalised:
        raise ValidationError(f"callinfo.not_a.{field}")
    return normalised


def _words(value: str) -> str:
    return " ".join(value.split())


def _contract_number(value: str) -> str:
    digits = value.strip()
    short = digits.isascii() and digits.isdigit() and len(digits) <= 7
    return digits.zfill(7) if short else digits


def _vat(value: str) -> str:
    code = compact(value)
    return code[2:] if code.startswith("ES") and len(code) == 11 else code


def _phone(value: str) -> str:
    return clean_phone(value) if _PHONE_CHARS.match(value) else ""


_NORMALISERS: dict[str, Callable[[str], str]] = {
    "phone": _phone,
    "email": str.lower,
    "vat": _vat,
    "cups": compact,
    "contract": _contract_number,
    "member": compact,
}


_CONTRACT_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-/]{0,29}$", re.ASCII)


def contract_number(text: str) -> str:
    """A contract number as the ERP keeps it: short digit strings zero-padded to 7.

    Raises:
        ValidationError: empty, longer than 30 characters, or with characters no contract
            number has.
    """
    number = text.strip()
    if not _CONTRACT_NUMBER.match(number):
        raise ValidationError("callinfo.bad_contract")
    return _contract_number(number)


def partner_id(text: str) -> int:
    """An ERP partner id, as a button carries it.

    Raises:
        ValidationError: not a positive ASCII number of at most 12 digits.
    """
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and 0 < len(digits) <= 12) or int(digits) == 0:
        raise ValidationError("callinfo.unknown_customer")
    return int(digits)

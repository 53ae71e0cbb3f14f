"""Call-info domain rules: PBX parameters and the category file formats."""

from __future__ import annotations

import pytest

from tomatic.domain.calls import caller_phone, categories_from_data, extension_number, pbx_call_id
from tomatic.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [("629436216", "629436216"), ("+34 629 43 62 16", "+34629436216"), ("112", "112")],
)
def test_caller_phones_keep_digits_and_a_leading_plus(text, expected):
    assert caller_phone(text) == expected


@pytest.mark.parametrize("text", ["", "12", "62a436216", "6294-36216", "++34629", "1" * 21, "34+6"])
def test_malformed_caller_phones_are_refused(text):
    with pytest.raises(ValidationError) as error:
        caller_phone(text)
    assert error.value.key == "callinfo.bad_phone"


def test_extensions_are_digits_and_call_ids_are_optional():
    assert extension_number(" 3002 ") == "3002"
    assert pbx_call_id("") is None and pbx_call_id("1700000000.42") == "1700000000.42"
    with pytest.raises(ValidationError):
        extension_number("SIP/3002")
    with pytest.raises(ValidationError):
        pbx_call_id("x" * 81)


def test_our_format_has_names_per_language():
    [category] = categories_from_data(
        {"categories": [{"code": "FA01", "names": {"ca": "Factura", "en": "Invoice"},
                         "section": "INVOICING", "keywords": ["factura"]}]}
    )  # fmt: skip
    assert category.label("ca") == "FA01. Factura" and category.label("es") == "FA01. Factura"
    assert category.label("en") == "FA01. Invoice" and category.enabled


def test_the_original_call_registry_format_is_imported():
    data = [
        {"id": 12, "name": "Canvi de titular", "code": "CT02", "levels": ["Contractes", "Titular"],
         "keywords": ["traspàs"], "color": "#A0B", "enabled": True},
        {"id": 13, "name": "Antiga", "code": None, "levels": [], "keywords": [], "color": None,
         "enabled": False},
    ]  # fmt: skip
    titular, old = categories_from_data(data)
    assert (titular.code, titular.section, titular.keywords) == ("CT02", "Contractes", ["traspàs"])
    assert titular.names == {"ca": "Canvi de titular", "es": "Canvi de titular",
                             "en": "Canvi de titular"}  # fmt: skip
    assert (old.code, old.enabled) == ("13", False)


def test_the_older_callinfo_format_names_sections_from_its_list():
    data = {
        "categories": [{"code": "R001", "name": "Reclamació", "section": "ATC", "isclaim": True,
                        "keywords": "queixa"}],
        "sections": [{"code": "ATC", "name": "Atenció al client"}],
    }  # fmt: skip
    [claim] = categories_from_data(data)
    assert (claim.section, claim.keywords) == ("Atenció al client", ["queixa"])


@pytest.mark.parametrize("data", [None, {"sections": []}, [{"name": "no code"}], "text"])
def test_files_without_categories_are_refused(data):
    with pytest.raises(ValidationError):
        categories_from_data(data)

"""Guessing what a search text means, normalising it, and ordering results."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomatic.domain.customer import Contract, Partner, SearchResult, sort_partners
from tomatic.domain.customer_search import (
    MAX_SEARCH,
    clean_phone,
    contract_number,
    guess_search_field,
    is_valid_nif,
)
from tomatic.domain.errors import ValidationError


class TestGuessSearchField:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Ana@Example.COOP", ("email", "ana@example.coop")),
            ("612345678", ("phone", "612345678")),
            ("612 34 56 78", ("phone", "612345678")),
            ("+34 612 345 678", ("phone", "612345678")),
            ("0034-93-123-45-67", ("phone", "931234567")),
            ("(93) 123.45.67", ("phone", "931234567")),
            ("34931234567", ("phone", "931234567")),
            ("0012345", ("contract", "0012345")),
            ("S012345", ("member", "S012345")),
            ("s12", ("member", "S12")),
            ("T000123", ("member", "T000123")),
            ("1234", ("member", "1234")),
            ("12345678Z", ("vat", "12345678Z")),
            ("es12345678z", ("vat", "12345678Z")),
            ("ES 12345678-Z", ("vat", "12345678Z")),
            ("X1234567L", ("vat", "X1234567L")),
            ("F57717951", ("vat", "F57717951")),
            ("ESB43199553", ("vat", "B43199553")),
            ("ES0031697714224576VR", ("cups", "ES0031697714224576VR")),
            ("es0022980143102099jt0f", ("cups", "ES0022980143102099JT0F")),
            ("12345678", ("all", "12345678")),
            ("1234567890123", ("all", "1234567890123")),
            ("  Garcia   Pujol ", ("name", "Garcia Pujol")),
            ("Núria Martínez", ("name", "Núria Martínez")),
        ],
    )
    def test_the_first_matching_shape_wins(self, text, expected):
        assert guess_search_field(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("email:ana@x.coop", ("email", "ana@x.coop")),
            ("correu: ANA@x.coop", ("email", "ana@x.coop")),
            ("telèfon:+34 612 345 678", ("phone", "612345678")),
            ("teléfono:612345678", ("phone", "612345678")),
            ("nif:es12345678z", ("vat", "12345678Z")),
            ("DNI:12345678Z", ("vat", "12345678Z")),
            ("contracte:12345", ("contract", "0012345")),
            ("póliza:0012345", ("contract", "0012345")),
            ("soci:s012345", ("member", "S012345")),
            ("nom:612345678", ("name", "612345678")),
            ("apellidos: Garcia", ("name", "Garcia")),
            ("cups:es0031697714224576vr", ("cups", "ES0031697714224576VR")),
            ("tot:Garcia", ("all", "Garcia")),
        ],
    )
    def test_an_explicit_field_in_any_language_overrides_guessing(self, text, expected):
        assert guess_search_field(text) == expected

    def test_an_unknown_prefix_is_part_of_a_name(self):
        assert guess_search_field("Bar: Can Puig") == ("name", "Bar: Can Puig")

    @pytest.mark.parametrize("text", ["", "   ", "phone:", "telefon:abc", "email:  "])
    def test_empty_or_impossible_values_are_refused(self, text):
        with pytest.raises(ValidationError):
            guess_search_field(text)

    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("", "callinfo.empty_search"),
            (" \t\n ", "callinfo.empty_search"),
            ("\x00\x07\x1b", "callinfo.invisible_search"),
            ("\u200b\u202e\ufeff", "callinfo.invisible_search"),
            ("a" * (MAX_SEARCH + 1), "callinfo.long_search"),
            ("nif:", "callinfo.not_a.vat"),
            ("telefon:abc", "callinfo.not_a.phone"),
        ],
    )
    def test_each_refusal_says_what_was_wrong(self, text, key):
        with pytest.raises(ValidationError) as refused:
            guess_search_field(text)
        assert refused.value.key == key

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Garcia\x00 Pujol", ("name", "Garcia Pujol")),
            ("Garcia\tPujol\r\n", ("name", "Garcia Pujol")),
            ("\u200b629436216\u200e", ("phone", "629436216")),
            ("nif:\x0112345678Z", ("vat", "12345678Z")),
            ("629\x1b436216", ("phone", "629436216")),
        ],
    )
    def test_control_and_format_characters_are_dropped_before_guessing(self, text, expected):
        assert guess_search_field(text) == expected

    @pytest.mark.parametrize("text", ["٦٢٩٤٣٦٢١٦", "²²²²", "１２３４５６７"])
    def test_digits_other_than_ascii_are_not_numbers(self, text):
        assert guess_search_field(text)[0] == "name"


class TestContractNumber:
    @pytest.mark.parametrize(
        ("text", "number"), [("12000", "0012000"), (" 0012000 ", "0012000"), ("ABC-12", "ABC-12")]
    )
    def test_short_numbers_are_padded_like_the_erp_keeps_them(self, text, number):
        assert contract_number(text) == number

    @pytest.mark.parametrize("text", ["", "12 000", "１２", "x" * 31, "<!channel>", "1\x00"])
    def test_anything_else_is_refused(self, text):
        with pytest.raises(ValidationError) as refused:
            contract_number(text)
        assert refused.value.key == "callinfo.bad_contract"


class TestPhoneAndVat:
    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("+34 612 345 678", "612345678"),
            ("0034612345678", "612345678"),
            ("034612345678", "612345678"),
            ("612345678", "612345678"),
            ("+33 1 23 45 67 89", "33123456789"),
            ("ext. 3401", "3401"),
        ],
    )
    def test_clean_phone_drops_separators_and_the_spanish_prefix_only(self, raw, clean):
        assert clean_phone(raw) == clean

    @pytest.mark.parametrize(
        ("vat", "valid"),
        [
            ("12345678Z", True),
            ("ES12345678Z", True),
            ("12345678A", False),
            ("X1234567L", True),
            ("Y1234567X", True),
            ("Z7849637H", True),
            ("Z7849637J", False),
            ("F57717951", False),
        ],
    )
    def test_nif_control_letters(self, vat, valid):
        assert is_valid_nif(vat) is valid


def contract(number: str, active: bool, *roles: str) -> Contract:
    return Contract(erp_id=int(number), number=number, active=active, roles=list(roles))


class TestOrdering:
    def test_contracts_sort_by_activity_then_role_weight(self):
        partner = Partner(
            erp_id=1,
            name="Puig, Anna",
            contracts=[
                contract("0000001", False, "owner"),
                contract("0000002", True, "member"),
                contract("0000003", True, "payer"),
                contract("0000004", True, "owner", "payer", "member"),
                contract("0000005", True, "administrator"),
            ],
        )
        [sorted_partner] = sort_partners([partner])
        numbers = [c.number for c in sorted_partner.contracts]
        assert numbers == ["0000004", "0000005", "0000003", "0000002", "0000001"]

    def test_members_come_first_then_names(self):
        partners = [
            Partner(erp_id=1, name="Abad, Pere", member_code=""),
            Partner(erp_id=2, name="Vila, Laia", member_code="S000002"),
            Partner(erp_id=3, name="Costa, Joan", member_code="s000003"),
        ]
        assert [p.erp_id for p in sort_partners(partners)] == [3, 2, 1]

    def test_more_than_21_partners_is_too_many_and_shows_none(self):
        partners = [Partner(erp_id=i, name=f"P{i}") for i in range(22)]
        result = SearchResult.build("name", "p", partners)
        assert result.too_many and result.partners == []
        assert not SearchResult.build("name", "p", partners[:21]).too_many


class TestAnyText:
    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=260))
    def test_any_text_is_a_search_without_invisible_characters_or_a_refusal(self, text):
        try:
            field, value = guess_search_field(text)
        except ValidationError as refused:
            assert refused.key.startswith("callinfo.")
            return
        assert value and len(value) <= MAX_SEARCH
        assert all(unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"} for ch in value)
        if field == "phone":
            assert value.isascii() and value.isdigit()

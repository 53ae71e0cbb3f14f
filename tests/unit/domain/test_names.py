"""The name rule: what may be saved as a person's name, and the PBX's safe form of it."""

from __future__ import annotations

import pytest

from tomatic.domain.errors import ValidationError
from tomatic.domain.names import MAX_NAME_LENGTH, clean_name, pbx_name


@pytest.mark.parametrize(
    "name",
    ["Anna Puig", "Bernat Roig (tarda)", "Ona d'Alòs", "Íñigo Peña-Sáez", "J. R. Vidal 2", "Zoë"],
)
def test_real_names_are_kept_as_written(name: str) -> None:
    assert clean_name(name) == name


def test_spaces_collapse_and_typographic_apostrophes_become_plain() -> None:
    assert clean_name("  Maria   d’Alòs ") == "Maria d'Alòs"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("<!channel> <https://evil.example/login|Session expired>", "person.name_characters"),
        ("Anna\x07Puig", "person.name_characters"),
        ("Anna 😀", "person.name_characters"),
        ("@here", "person.name_characters"),
        ("   ", "person.name_empty"),
        ("x" * (MAX_NAME_LENGTH + 1), "person.name_too_long"),
        ("123 (45)", "person.name_no_letters"),
    ],
)
def test_unsafe_or_empty_names_are_refused_with_the_reason(raw: str, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(raw)
    assert caught.value.key == key


def test_the_refusal_names_the_characters_to_remove() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name("Anna <b>")
    assert caught.value.params["characters"] == "“<” “>”"


def test_pbx_name_drops_parentheses_only() -> None:
    assert pbx_name("Bernat Roig (tarda)") == "Bernat Roig tarda"
    assert pbx_name("Ona d'Alòs-Peña") == "Ona d'Alòs-Peña"

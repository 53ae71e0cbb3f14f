"""Every message exists in Catalan, Spanish and English, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from tomatic.i18n import LANGUAGES, catalogue, normalise_language, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_english_message_is_translated_with_the_same_placeholders(lang):
    english, other = catalogue("en"), catalogue(lang)
    assert sorted(set(english) - set(other)) == []
    assert sorted(set(other) - set(english)) == []
    mismatched = [k for k in english if _fields(english[k]) != _fields(other[k])]
    assert mismatched == []


def test_slack_locales_map_to_our_languages():
    assert normalise_language("ca-ES") == "ca"
    assert normalise_language("es-419") == "es"
    assert normalise_language("fr-FR", "es") == "es"
    assert normalise_language(None) == "en"


def test_missing_keys_fall_back_to_english_then_to_the_key():
    assert t("ca", "no.such.key") == "no.such.key"
    assert t("xx", "busy.title", name="Anna") == "Busy entries of Anna"

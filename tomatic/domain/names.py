"""The rule for person names: what may be saved, and the safe form other systems receive."""

from __future__ import annotations

import re
import unicodedata

from tomatic.domain.errors import ValidationError

MAX_NAME_LENGTH = 80
"""Longest name accepted: enough for any real full name, short enough for every screen."""

_ALLOWED_PUNCTUATION = frozenset(" '.-()")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def clean_name(raw: str) -> str:
    """A person's name as it is stored, or ValidationError saying what is wrong with it.

    Accepted: letters (accents and any script), digits, spaces and `' . - ( )`, at most 80
    characters. Runs of spaces collapse to one and typographic apostrophes become `'`, so
    "Maria  d’Alòs" is stored as "Maria d'Alòs". Anything else (`<`, `@`, `|`, emoji, control
    characters) is refused rather than escaped everywhere it might be shown.
    """
    name = " ".join(unicodedata.normalize("NFC", raw).translate(_APOSTROPHES).split())
    if not name:
        raise ValidationError("person.name_empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("person.name_too_long", limit=MAX_NAME_LENGTH, length=len(name))
    bad = sorted({c for c in name if not _allowed(c)})
    if bad:
        shown = " ".join(_visible(c) for c in bad)
        raise ValidationError("person.name_characters", characters=shown)
    if not any(c.isalpha() for c in name):
        raise ValidationError("person.name_no_letters")
    return name


def pbx_name(name: str) -> str:
    """A valid name in the form a PBX accepts as a member name (letters, digits, `' . -`).

    Parentheses are dropped and spaces kept: "Bernat Roig (tarda)" becomes "Bernat Roig tarda".
    Accents are kept: the Asterisk adapter quotes member names itself.
    """
    kept = "".join(c if c not in "()" else " " for c in name)
    return re.sub(r"\s+", " ", kept).strip()


def _allowed(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Mn" or char in _ALLOWED_PUNCTUATION


def _visible(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"“{char}”"
    return f"U+{ord(char):04X}"

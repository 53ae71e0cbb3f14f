"""Is a Catalan or Spanish text free of English and of raw ERP codes?

`english_words(text)` finds the words of a stop-list that never belong in Catalan or Spanish
text (a word that is also Catalan or Spanish, such as `no`, `a`, `set`, `plan`, `all`, `or`,
`on`, `can`, `has` or `resume`, is not on it), after taking out what is the same in every
language: placeholders, addresses, settings names (`TOMATIC_PBX`), emoji codes, mentions,
option flags (`--extension`), the command line's own commands (`tomatic person add`: the
command line speaks English only) and product names (Google Calendar, Slack, Asterisk…).

`raw_codes(text, lang)` finds ERP codes (contract and invoice states, alert codes, language
codes) that reached the reader untranslated: a code counts as raw in a language when it is
not itself a word of that language's catalogue (`activa` is Catalan, `open` is not).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from tomatic.i18n import catalogue

ENGLISH_ONLY = frozenset(
    """
    the and of to with without not is are was were been you your yours my this that these
    those what when where which who whom why how will would should could did does doing
    have having here there them they their our only also any anyone everyone nobody
    none every something please sorry wrong went
    today tomorrow yesterday week weeks day days next last previous now
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri
    add remove edit show delete new old yes cancel save refresh back more page
    busy optional required unavoidable guest registered optimal feasible infeasible unknown
    open paid unpaid draft posted found search calls call queue pause people persons person
    team timetable log changes swap forced publish replan stats says mine calendar link
    help settings warning status minutes seconds hour hours line turn turns
    done failed running queued cancelled available ringing paused unavailable
    phone phones answered abandoned received rate average chart summary invoice invoices
    contract contracts member customer customers reading readings details annotate
    english spanish catalan workspace connect selfconsumption
    """.split()
)
"""Words that are English and never Catalan or Spanish."""

PRODUCT_NAMES = ("Google Calendar", "Bot User OAuth Token", "OAuth & Permissions")
"""Names that stay as their owners write them."""

ERP_CODE_KINDS = ("contract_state", "invoice_state", "alert")
LANGUAGE_CODES = ("ca_ES", "es_ES", "en_US", "eu_ES", "gl_ES")

_SAME_IN_EVERY_LANGUAGE = [
    re.compile(r"\{[^}]*\}"),  # a placeholder left in a template
    re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>"),  # a mention
    re.compile(r"https?://\S+"),
    re.compile(r"`tomatic [^`]*`"),  # the command line, which speaks English only
    re.compile(r"(?<![\w-])--[a-z][a-z-]*"),  # an option flag
    re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b"),  # a setting's name, NIF, CUPS
    re.compile(r":[a-z0-9_+-]+:"),  # an emoji code
]
_WORD = re.compile(r"[^\W\d_]+(?:·[^\W\d_]+)*")  # "cel·la" is one word


def _neutral(text: str) -> str:
    for name in PRODUCT_NAMES:
        text = text.replace(name, " ")
    for pattern in _SAME_IN_EVERY_LANGUAGE:
        text = pattern.sub(" ", text)
    return text


def english_words(text: str) -> list[str]:
    """The stop-list words in `text`, in order, each once."""
    found = [word.lower() for word in _WORD.findall(_neutral(text))]
    return list(dict.fromkeys(word for word in found if word in ENGLISH_ONLY))


@functools.cache
def _vocabulary(lang: str) -> frozenset[str]:
    words = (w.lower() for text in catalogue(lang).values() for w in _WORD.findall(text))
    return frozenset(words)


@functools.cache
def erp_codes() -> tuple[str, ...]:
    """Every ERP code the catalogues translate, and the ERP's language codes."""
    codes = {
        key.rsplit(".", 1)[1]
        for key in catalogue("en")
        if key.split(".")[1:2] and key.split(".")[1] in ERP_CODE_KINDS
    }
    return tuple(sorted(codes)) + LANGUAGE_CODES


def raw_codes(text: str, lang: str) -> list[str]:
    """ERP codes that appear in `text` as they are, where they are not words of `lang`."""
    vocabulary = _vocabulary(lang)
    return [
        code
        for code in erp_codes()
        if code.lower() not in vocabulary and re.search(rf"(?<![\w-]){code}(?![\w-])", text)
    ]


def visible_texts(node: Any) -> list[str]:
    """The texts a person reads in blocks or a view (text objects), not ids or values."""
    if isinstance(node, list):
        return [text for item in node for text in visible_texts(item)]
    if not isinstance(node, dict):
        return []
    if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
        return [node["text"]]
    return [text for value in node.values() for text in visible_texts(value)]

"""The annotate form: categories, customer and contract among the call's results, a comment.

A picker holds at most 100 options in Slack; past that it becomes type-ahead (an external
select), answered by `suggestions` as the operator types, matching accents-insensitively.
"""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.callinfo import call_title
from handlers.blocks.common import Block, modal, option, plain, section, text_input
from handlers.blocks.limits import OPTION_TEXT, SELECT_OPTIONS, matches, shorten
from handlers.blocks.paging import menu_answer
from tomatic.domain.calls import MAX_COMMENT, Call, Category
from tomatic.i18n import t

Option = dict[str, Any]
PICKERS = (ids.CALL_CATEGORIES, ids.CALL_PARTNER, ids.CALL_CONTRACT)
"""The inputs whose options may come from `suggestions`."""


def annotate_modal(call: Call, categories: list[Category], lang: str) -> dict[str, Any]:
    """Categories (required), customer and contract among the call's results, and a comment."""
    previous = call.annotation
    chosen = set(previous.categories) if previous else set()
    partner = str(previous.partner_erp_id) if previous and previous.partner_erp_id else ""
    contract = previous.contract if previous else ""
    blocks = [
        section(f"*{call_title(call, lang)}*"),
        _picker(
            ids.CALL_CATEGORIES,
            t(lang, "callinfo.annotate_modal.categories"),
            category_options(categories, lang),
            chosen,
            multi=True,
        ),
        _picker(
            ids.CALL_PARTNER,
            t(lang, "callinfo.annotate_modal.partner"),
            partner_options(call),
            {partner},
        ),
        _picker(
            ids.CALL_CONTRACT,
            t(lang, "callinfo.annotate_modal.contract"),
            contract_options(call),
            {contract},
        ),
        _comment(previous.comment if previous else "", lang),
    ]
    kept: list[Block] = [b for b in blocks if b]
    title = t(lang, "callinfo.annotate_modal.title")
    submit = t(lang, "callinfo.annotate_modal.submit")
    return modal(
        ids.CALL_ANNOTATE_VIEW, title, kept, submit, t(lang, "common.cancel"), call.call_id
    )


def _comment(initial: str, lang: str) -> Block:
    label = t(lang, "callinfo.annotate_modal.comment")
    block = text_input(ids.CALL_COMMENT, label, initial, optional=True, multiline=True)
    block["element"]["max_length"] = MAX_COMMENT
    return block


def category_options(categories: list[Category], lang: str) -> list[Option]:
    """The enabled categories, labelled in `lang`."""
    return [_option(c.label(lang), c.code, " ".join(c.keywords)) for c in categories if c.enabled]


def partner_options(call: Call) -> list[Option]:
    """The customers the call's search found, with their VAT ids."""
    return [
        _option(f"{p.name} ({p.vat})" if p.vat else p.name, str(p.erp_id)) for p in call.candidates
    ]


def contract_options(call: Call) -> list[Option]:
    """The contracts of those customers, each once, with its supply address."""
    seen: dict[str, Option] = {}
    for partner in call.candidates:
        for contract in partner.contracts:
            text = (
                f"{contract.number} · {contract.address}" if contract.address else contract.number
            )
            seen.setdefault(contract.number, _option(text, contract.number))
    return list(seen.values())


def _option(text: str, value: str, keywords: str = "") -> Option:
    """An option; `keywords` (matched by type-ahead, never shown) travel outside Slack's keys."""
    found = option(shorten(text, OPTION_TEXT), value)
    return found | ({"keywords": keywords, "full": text} if keywords else {"full": text})


def _slack(options: list[Option]) -> list[Option]:
    """Options as Slack takes them (our matching keys removed)."""
    return [{"text": o["text"], "value": o["value"]} for o in options]


def _picker(
    block_id: str, label: str, options: list[Option], initial: set[str], multi: bool = False
) -> Block | None:
    """A select over `options`, type-ahead when there are more than Slack shows; None when
    there is nothing to choose."""
    if not options:
        return None
    chosen = _slack([o for o in options if o["value"] in initial])
    external = len(options) > SELECT_OPTIONS
    kind = ("multi_" if multi else "") + ("external_select" if external else "static_select")
    element: dict[str, Any] = {"type": kind, "action_id": block_id}
    if external:
        element["min_query_length"] = 0
    else:
        element["options"] = _slack(options)
    if chosen:
        element |= {"initial_options": chosen} if multi else {"initial_option": chosen[0]}
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": not multi,
    }


def suggestions(options: list[Option], query: str, lang: str) -> dict[str, Any]:
    """The options matching what was typed, as bolt's `ack` takes them: at most 100, and a
    group label saying how many matched when there are more."""
    found = [o for o in options if matches(query, o["full"], o.get("keywords", ""))]
    return menu_answer(_slack(found), lang)

"""Call registry views: my latest calls, the annotate and search modals, invoices, readings."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.callinfo import call_time
from handlers.blocks.common import (
    Block,
    button,
    context,
    header,
    modal,
    option,
    plain,
    section,
    text_input,
)
from tomatic.domain.calls import Call, Category
from tomatic.domain.customer import Invoice, Reading
from tomatic.i18n import t

MAX_OPTIONS = 100


def calls_list_blocks(calls: list[Call], lang: str) -> list[Block]:
    """One line per call (time, phone, caller, annotation state) with an Annotate button."""
    blocks: list[Block] = [header(t(lang, "callinfo.calls.title"))]
    if not calls:
        return [*blocks, section(t(lang, "callinfo.calls.none"))]
    for call in calls[:45]:
        label = t(lang, "callinfo.button.annotate")
        blocks.append(
            section(_call_line(call, lang), button(label, ids.CALL_ANNOTATE, call.call_id))
        )
    return blocks


def _call_line(call: Call, lang: str) -> str:
    who = call.partner_name or t(lang, "callinfo.calls.unknown_caller")
    when = f"{call.at:%Y-%m-%d} {call_time(call)}"
    if call.annotation:
        state = t(
            lang, "callinfo.calls.annotated", categories=", ".join(call.annotation.categories)
        )
    else:
        state = f"_{t(lang, 'callinfo.calls.pending')}_"
    return f"*{when}* · {call.phone or '—'} · {who}\n{state}"


def annotate_modal(call: Call, categories: list[Category], lang: str) -> dict[str, Any]:
    """Categories (required), customer and contract among the call's results, and a comment."""
    previous = call.annotation
    chosen = set(previous.categories) if previous else set()
    blocks = [
        section(f"*{t(lang, 'callinfo.call_from', phone=call.phone, time=call_time(call))}*"),
        _categories_input(categories, chosen, lang),
        _select(
            ids.CALL_PARTNER,
            t(lang, "callinfo.annotate_modal.partner"),
            _partner_options(call),
            str(previous.partner_erp_id) if previous and previous.partner_erp_id else "",
        ),
        _select(
            ids.CALL_CONTRACT,
            t(lang, "callinfo.annotate_modal.contract"),
            _contract_options(call),
            previous.contract if previous else "",
        ),
        text_input(
            ids.CALL_COMMENT,
            t(lang, "callinfo.annotate_modal.comment"),
            previous.comment if previous else "",
            optional=True,
            multiline=True,
        ),
    ]
    kept: list[Block] = [b for b in blocks if b]
    title = t(lang, "callinfo.annotate_modal.title")
    submit = t(lang, "callinfo.annotate_modal.submit")
    return modal(
        ids.CALL_ANNOTATE_VIEW, title, kept, submit, t(lang, "common.cancel"), call.call_id
    )


def _categories_input(categories: list[Category], chosen: set[str], lang: str) -> Block:
    enabled = [c for c in categories if c.enabled][:MAX_OPTIONS]
    options = [option(c.label(lang)[:75], c.code) for c in enabled]
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.CALL_CATEGORIES,
        "options": options,
    }
    initial = [o for o in options if o["value"] in chosen]
    if initial:
        element["initial_options"] = initial
    label = plain(t(lang, "callinfo.annotate_modal.categories"))
    return {"type": "input", "block_id": ids.CALL_CATEGORIES, "label": label, "element": element}


def _partner_options(call: Call) -> list[dict[str, Any]]:
    return [
        option(f"{p.name} ({p.vat})"[:75] if p.vat else p.name[:75], str(p.erp_id))
        for p in call.candidates
    ][:MAX_OPTIONS]


def _contract_options(call: Call) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for partner in call.candidates:
        for contract in partner.contracts:
            text = (
                f"{contract.number} · {contract.address}" if contract.address else contract.number
            )
            seen.setdefault(contract.number, option(text[:75], contract.number))
    return list(seen.values())[:MAX_OPTIONS]


def _select(block_id: str, label: str, options: list[dict[str, Any]], initial: str) -> Block | None:
    if not options:
        return None
    element: dict[str, Any] = {"type": "static_select", "action_id": block_id, "options": options}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        element["initial_option"] = chosen
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": True,
    }


def search_modal(lang: str, private_metadata: str = "") -> dict[str, Any]:
    """One text field: what to search for."""
    field = text_input(
        ids.CALL_SEARCH_TEXT,
        t(lang, "callinfo.search_modal.label"),
        hint=t(lang, "callinfo.search_modal.hint"),
    )
    title = t(lang, "callinfo.search_modal.title")
    submit = t(lang, "callinfo.search_modal.submit")
    return modal(
        ids.CALL_SEARCH_VIEW, title, [field], submit, t(lang, "common.cancel"), private_metadata
    )


def invoices_blocks(contract: str, invoices: list[Invoice], lang: str) -> list[Block]:
    """The latest invoices of a contract, one line each."""
    title = section(f"*{t(lang, 'callinfo.invoices.title', contract=contract)}*")
    if not invoices:
        return [title, context(t(lang, "callinfo.invoices.none"))]
    return [title, *_chunks([_invoice_line(i) for i in invoices])]


def _invoice_line(invoice: Invoice) -> str:
    period = f"{invoice.start or '?'} ⇨ {invoice.end or '?'}"
    energy = f" · {invoice.energy_kwh:g} kWh" if invoice.energy_kwh is not None else ""
    days = f" · {invoice.days} d" if invoice.days is not None else ""
    return (
        f"`{invoice.number}` {period} · *{invoice.total:.2f} €*{energy}{days}"
        f" · {invoice.issued or '—'} → {invoice.due or '—'} · {invoice.state}"
    )


def readings_blocks(contract: str, readings: list[Reading], lang: str) -> list[Block]:
    """The latest meter readings of a contract, one line each."""
    title = section(f"*{t(lang, 'callinfo.readings.title', contract=contract)}*")
    if not readings:
        return [title, context(t(lang, "callinfo.readings.none"))]
    lines = [f"{r.date} · `{r.meter}` · {r.value:g} · {r.period} · {r.origin}" for r in readings]
    return [title, *_chunks(lines)]


def _chunks(lines: list[str], size: int = 10) -> list[Block]:
    return [section("\n".join(lines[i : i + size])) for i in range(0, len(lines), size)]

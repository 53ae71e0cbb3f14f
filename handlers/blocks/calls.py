"""Call registry views: my latest calls, the search modal, a contract's invoices and readings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, button, context, header, modal, section, text_input
from handlers.blocks.customer import code_text, inert
from handlers.blocks.limits import MESSAGE_BLOCKS, split_text
from tomatic.domain.calls import Call
from tomatic.domain.customer import Invoice, Reading
from tomatic.domain.customer_search import MAX_SEARCH
from tomatic.i18n import t
from tomatic.i18n.formats import date_text, moment_text

COMMENT_CHARS = 300
"""How much of a comment the list shows (the annotate form has it all)."""


def calls_list_blocks(calls: list[Call], lang: str) -> list[Block]:
    """A title, then one line per call (time, phone, caller, annotation) with Annotate.

    Lists longer than a message holds end in a line saying how many were left out."""
    blocks: list[Block] = [header(t(lang, "callinfo.calls.title"))]
    if not calls:
        return [*blocks, section(t(lang, "callinfo.calls.none"))]
    room = MESSAGE_BLOCKS - len(blocks) - 1
    blocks += call_line_blocks(calls[:room], lang)
    if len(calls) > room:
        blocks.append(context(t(lang, "callinfo.more", count=len(calls) - room)))
    return blocks


def call_line_blocks(calls: list[Call], lang: str) -> list[Block]:
    """One section per call with its Annotate button (one block each)."""
    label = t(lang, "callinfo.button.annotate")
    return [
        section(_call_line(call, lang), button(label, ids.CALL_ANNOTATE, call.call_id))
        for call in calls
    ]


def _call_line(call: Call, lang: str) -> str:
    who = inert(call.partner_name, 120) or t(lang, "callinfo.calls.unknown_caller")
    when = moment_text(lang, call.at)
    line = f"*{when}* · {inert(call.phone, 30) or '—'} · {who}"
    note = call.annotation
    if note is None:
        return f"{line}\n_{t(lang, 'callinfo.calls.pending')}_"
    codes = inert(", ".join(note.categories), 300)
    line += "\n" + t(lang, "callinfo.calls.annotated", categories=codes)
    if note.comment:
        comment = inert(note.comment, COMMENT_CHARS, keep_lines=True).splitlines()
        line += "".join(f"\n> {text}" for text in comment)
    return line


def search_modal(lang: str, private_metadata: str = "") -> dict[str, Any]:
    """One text field: what to search for."""
    field = text_input(
        ids.CALL_SEARCH_TEXT,
        t(lang, "callinfo.search_modal.label"),
        hint=t(lang, "callinfo.search_modal.hint"),
    )
    field["element"]["max_length"] = MAX_SEARCH
    title = t(lang, "callinfo.search_modal.title")
    submit = t(lang, "callinfo.search_modal.submit")
    return modal(
        ids.CALL_SEARCH_VIEW, title, [field], submit, t(lang, "common.cancel"), private_metadata
    )


def invoices_blocks(contract: str, invoices: list[Invoice], lang: str) -> list[Block]:
    """The latest invoices of a contract, one line each."""
    title = section(f"*{t(lang, 'callinfo.invoices.title', contract=inert(contract, 30))}*")
    if not invoices:
        return [title, context(t(lang, "callinfo.invoices.none"))]
    return [title, *_sections([_invoice_line(i, lang) for i in invoices])]


def _day(lang: str, date: dt.date | None, missing: str = "—") -> str:
    return date_text(lang, date) if date else missing


def _invoice_line(invoice: Invoice, lang: str) -> str:
    period = f"{_day(lang, invoice.start, '?')} ⇨ {_day(lang, invoice.end, '?')}"
    energy = f" · {invoice.energy_kwh:g} kWh" if invoice.energy_kwh is not None else ""
    days = f" · {invoice.days} d" if invoice.days is not None else ""
    state = code_text(lang, "invoice_state", invoice.state)
    return (
        f"`{inert(invoice.number, 40)}` {period} · *{invoice.total:.2f} €*{energy}{days}"
        f" · {_day(lang, invoice.issued)} → {_day(lang, invoice.due)} · {state}"
    )


def readings_blocks(contract: str, readings: list[Reading], lang: str) -> list[Block]:
    """The latest meter readings of a contract, one line each."""
    title = section(f"*{t(lang, 'callinfo.readings.title', contract=inert(contract, 30))}*")
    if not readings:
        return [title, context(t(lang, "callinfo.readings.none"))]
    lines = [
        f"{date_text(lang, r.date)} · `{inert(r.meter, 40)}` · {r.value:g} · {inert(r.period, 60)}"
        f" · {inert(r.origin, 60)}"
        for r in readings
    ]
    return [title, *_sections(lines)]


def _sections(lines: list[str]) -> list[Block]:
    """Lines in as few sections as fit (never a line cut in two)."""
    return [section(text) for text in split_text(lines)]

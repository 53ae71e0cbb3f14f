"""The customer card of an incoming call, search results, and a partner's or contract's details.

What the operator needs first comes first: the one-line summary (name, member, contracts,
unpaid invoices, alerts), then Annotate. Contracts are one line each with Details; several
customers are listed as at most five summary lines with Open. Every payload fits Slack's
50 blocks by design: what does not fit is counted in a line that says how to see it.
"""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, fields, section
from handlers.blocks.customer import (
    contract_fields,
    contract_line,
    counted,
    inert,
    partner_fields,
    partner_summary,
)
from handlers.blocks.limits import MESSAGE_BLOCKS, escape, split_text
from tomatic.domain.calls import Call
from tomatic.domain.customer import Contract, Partner, SearchResult
from tomatic.i18n import t

MAX_LISTED = 5
"""Customers listed by summary line; more means the search should be refined."""
MAX_ALERT_SECTIONS = 2
ALERT_LINE = 2900
PHONE = ":telephone_receiver:"


def call_time(call: Call) -> str:
    """HH:MM of the call, in the zone it was recorded in (the team's)."""
    return call.at.strftime("%H:%M")


def call_title(call: Call, lang: str) -> str:
    """ "Call from <phone> at HH:MM" (also the notification text)."""
    if not call.phone:
        return t(lang, "callinfo.call_hidden", time=call_time(call))
    return t(lang, "callinfo.call_from", phone=escape(call.phone), time=call_time(call))


def call_ringing_blocks(call: Call, lang: str) -> list[Block]:
    """The first DM: who is calling, while the customer search runs."""
    return [
        section(f"{PHONE} *{call_title(call, lang)}*"),
        _call_actions(call, lang),
        context(t(lang, "callinfo.searching")),
    ]


def call_card_blocks(call: Call, result: SearchResult | None, lang: str) -> list[Block]:
    """The DM once the search is over: the summary, Annotate and Search, then the details."""
    title = call_title(call, lang)
    buttons = _call_actions(call, lang)
    if not call.phone:
        return [section(f"{PHONE} *{title}*\n{t(lang, 'callinfo.hidden_caller')}"), buttons]
    if result is None:
        return [
            section(f"{PHONE} *{title}*\n:warning: {t(lang, 'callinfo.unavailable_card')}"),
            buttons,
        ]
    if result.too_many:
        outcome = f":mag: {t(lang, 'callinfo.too_many')}"
        return [
            section(f"{PHONE} *{title}*\n{outcome}"),
            buttons,
            context(t(lang, "callinfo.refine")),
        ]
    if not result.partners:
        return [section(f"{PHONE} *{title}*\n{t(lang, 'callinfo.unknown_caller')}"), buttons]
    if len(result.partners) == 1:
        [partner] = result.partners
        head = [section(f"{PHONE} {partner_summary(partner, lang)}"), buttons, context(title)]
        return head + partner_detail_blocks(partner, lang, MESSAGE_BLOCKS - len(head))
    several = counted(lang, "callinfo.several", len(result.partners))
    head = [section(f"{PHONE} *{title}* · {several}"), buttons]
    return head + partner_list_blocks(result.partners, lang)


def _call_actions(call: Call, lang: str) -> Block:
    return actions(
        button(t(lang, "callinfo.button.annotate"), ids.CALL_ANNOTATE, call.call_id, "primary"),
        button(t(lang, "callinfo.button.search"), ids.CALL_SEARCH, call.call_id),
    )


def search_title(result: SearchResult, lang: str) -> str:
    """ "Field: what was searched", escaped (the reply's notification text and its echo)."""
    field = t(lang, f"callinfo.field.{result.field}")
    return t(lang, "callinfo.results_for", field=field, value=inert(result.value, 250))


def search_result_blocks(result: SearchResult, lang: str) -> list[Block]:
    """The answer to a search someone typed: a card for one customer, summary lines for more."""
    echo = context(search_title(result, lang))
    again = actions(button(t(lang, "callinfo.button.search"), ids.CALL_SEARCH))
    if result.too_many:
        return [section(f":mag: {t(lang, 'callinfo.too_many')}"), echo, _refine(lang), again]
    if not result.partners:
        return [section(t(lang, "callinfo.no_results")), echo, again]
    if len(result.partners) == 1:
        head = [section(partner_summary(result.partners[0], lang)), again, echo]
        return head + partner_detail_blocks(result.partners[0], lang, MESSAGE_BLOCKS - len(head))
    found = counted(lang, "callinfo.found", len(result.partners))
    return [section(f":mag: {found}"), echo, *partner_list_blocks(result.partners, lang), again]


def _refine(lang: str) -> Block:
    return context(t(lang, "callinfo.refine"))


def partner_list_blocks(partners: list[Partner], lang: str) -> list[Block]:
    """At most MAX_LISTED summary lines, each with Open; how many more and how to refine."""
    open_label = t(lang, "callinfo.button.open")
    blocks = [
        section(partner_summary(p, lang), button(open_label, ids.CALL_OPEN, str(p.erp_id)))
        for p in partners[:MAX_LISTED]
    ]
    if len(partners) > MAX_LISTED:
        more = t(lang, "callinfo.more", count=len(partners) - MAX_LISTED)
        blocks.append(context(f"{more} {t(lang, 'callinfo.refine')}"))
    return blocks


def partner_card_blocks(partner: Partner, lang: str) -> list[Block]:
    """One customer (the Open button's answer): the summary, then the details."""
    head = [section(partner_summary(partner, lang))]
    return head + partner_detail_blocks(partner, lang, MESSAGE_BLOCKS - len(head))


def partner_detail_blocks(partner: Partner, lang: str, budget: int) -> list[Block]:
    """Contact fields, the partner's notes, and one line per contract with Details, in at
    most `budget` blocks (contracts beyond it are counted)."""
    blocks = [fields(partner_fields(partner, lang))]
    blocks += _alert_blocks(partner, lang)
    if not partner.contracts:
        return [*blocks, context(t(lang, "callinfo.contract.none"))]
    room = budget - len(blocks) - 1  # one line left for "N more"
    details = t(lang, "callinfo.button.details")
    for contract in partner.contracts[:room]:
        accessory = button(details, ids.CALL_DETAILS, contract.number)
        blocks.append(section(contract_line(contract, lang), accessory))
    hidden = len(partner.contracts) - room
    if hidden > 0:
        blocks.append(context(counted(lang, "callinfo.more_contracts", hidden)))
    return blocks


def _alert_blocks(partner: Partner, lang: str) -> list[Block]:
    if not partner.alerts:
        return []
    title = f"*:bell: {t(lang, 'callinfo.partner.alerts')}*"
    lines = [title] + [inert(line, ALERT_LINE) for line in partner.alerts]
    chunks = split_text(lines)
    blocks = [section(chunk) for chunk in chunks[:MAX_ALERT_SECTIONS]]
    if len(chunks) > MAX_ALERT_SECTIONS:
        blocks.append(context(t(lang, "callinfo.alerts_go_on")))
    return blocks


def contract_details_blocks(contract: Contract, lang: str) -> list[Block]:
    """Everything about one contract (the Details button's answer), with Invoices and Readings."""
    title = t(lang, "callinfo.contract.title", number=inert(contract.number, 30))
    return [
        section(f"*{title}*"),
        fields(contract_fields(contract, lang)),
        actions(
            button(t(lang, "callinfo.button.invoices"), ids.CALL_INVOICES, contract.number),
            button(t(lang, "callinfo.button.readings"), ids.CALL_READINGS, contract.number),
        ),
    ]

"""The customer card: who is calling, their contracts, and what the operator can do next.

Slack allows 50 blocks per message; cards stop before that and say how many
partners or contracts were left out.
"""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, divider, fields, section
from tomatic.domain.calls import Call
from tomatic.domain.customer import Contract, Partner, SearchResult
from tomatic.i18n import t

MAX_BLOCKS = 50
RESERVED = 3  # the closing actions, a "more" note and some slack for a header
LANGUAGE_NAMES = {
    "ca": "Català",
    "es": "Castellano",
    "eu": "Euskara",
    "gl": "Galego",
    "en": "English",
}


def call_time(call: Call) -> str:
    """HH:MM of the call, in the zone it was recorded in (the team's)."""
    return call.at.strftime("%H:%M")


def call_title(call: Call, lang: str) -> str:
    """ "Call from <phone> at HH:MM" (also the notification text)."""
    return t(lang, "callinfo.call_from", phone=call.phone, time=call_time(call))


def call_ringing_blocks(call: Call, lang: str) -> list[Block]:
    """The first DM: who is calling, while the customer search runs."""
    return [
        section(f":telephone_receiver: *{call_title(call, lang)}*"),
        context(t(lang, "callinfo.searching")),
    ]


def call_card_blocks(call: Call, result: SearchResult | None, lang: str) -> list[Block]:
    """The DM once the search is over: the card, or why there is none, and the buttons."""
    blocks = [section(f":telephone_receiver: *{call_title(call, lang)}*")]
    blocks += _outcome_blocks(result, lang, MAX_BLOCKS - len(blocks) - RESERVED)
    blocks.append(
        actions(
            button(t(lang, "callinfo.button.annotate"), ids.CALL_ANNOTATE, call.call_id, "primary"),
            button(t(lang, "callinfo.button.search"), ids.CALL_SEARCH, call.call_id),
        )
    )
    return blocks


def search_result_blocks(result: SearchResult, lang: str) -> list[Block]:
    """The answer to a search an operator typed, with a button to search again."""
    field = t(lang, f"callinfo.field.{result.field}")
    blocks = [context(t(lang, "callinfo.results_for", field=field, value=result.value))]
    blocks += _outcome_blocks(result, lang, MAX_BLOCKS - len(blocks) - RESERVED)
    blocks.append(actions(button(t(lang, "callinfo.button.search"), ids.CALL_SEARCH)))
    return blocks


def _outcome_blocks(result: SearchResult | None, lang: str, budget: int) -> list[Block]:
    if result is None:
        return [section(":warning: " + t(lang, "callinfo.unavailable_card"))]
    if result.too_many:
        return [
            section(":mag: " + t(lang, "callinfo.too_many")),
            context(t(lang, "callinfo.refine")),
        ]
    if not result.partners:
        return [section(t(lang, "callinfo.no_results"))]
    return customer_blocks(result.partners, lang, budget)


def customer_blocks(partners: list[Partner], lang: str, budget: int = 45) -> list[Block]:
    """Partners with their contracts, within `budget` blocks (the rest summarised)."""
    blocks: list[Block] = []
    left_out = 0
    for partner in partners:
        partner_part = partner_blocks(partner, lang)
        if len(blocks) + len(partner_part) > budget:
            left_out += 1 + len(partner.contracts)
            continue
        blocks += partner_part
        for index, contract in enumerate(partner.contracts):
            part = contract_blocks(contract, lang)
            if len(blocks) + len(part) > budget:
                left_out += len(partner.contracts) - index
                break
            blocks += part
    if left_out:
        blocks.append(context(t(lang, "callinfo.more", count=left_out)))
    return blocks


def partner_blocks(partner: Partner, lang: str) -> list[Block]:
    """A partner's name line and contact fields (3 blocks)."""
    code = partner.member_code or t(lang, "callinfo.partner.no_member_code")
    if partner.member_code.upper().startswith("S") and not partner.is_member:
        code = f"~{code}~ ({t(lang, 'callinfo.partner.former_member')})"
    vat = partner.vat.removeprefix("ES") or t(lang, "callinfo.partner.no_vat")
    line = f"*{partner.name}*\n{code}"
    if "vat" not in partner.unknown:
        line += f" · {t(lang, 'callinfo.partner.vat')}: {vat}"
    items = [
        ("emails", t(lang, "callinfo.partner.emails"), ", ".join(partner.emails)),
        ("phones", t(lang, "callinfo.partner.phones"), " - ".join(partner.phones)),
        ("address", t(lang, "callinfo.partner.address"), _address(partner, lang)),
        ("lang", t(lang, "callinfo.partner.language"), _language(partner.lang)),
        ("alerts", t(lang, "callinfo.partner.alerts"), "\n".join(partner.alerts)),
    ]
    return [divider(), section(line), fields(_known(items, partner.unknown))]


def _known(items: list[tuple[str, str, str]], unknown: list[str]) -> list[tuple[str, str]]:
    """(label, value) of the items whose attribute the ERP provides."""
    return [(label, value) for name, label, value in items if name not in unknown]


def contract_blocks(contract: Contract, lang: str) -> list[Block]:
    """A contract's fields and its Invoices/Readings buttons (2 blocks)."""
    state = contract.state or "—"
    if not contract.active:
        state += f" ({t(lang, 'callinfo.contract.inactive')})"
    roles = ", ".join(t(lang, f"callinfo.role.{role}") for role in contract.roles)
    alerts = "\n".join(contract.alerts) or t(lang, "callinfo.alert.none")
    number = f"{contract.number} · {_period(contract, lang)}"
    items = [
        ("number", t(lang, "callinfo.contract.number"), number),
        ("cups", t(lang, "callinfo.contract.cups"), contract.cups),
        ("supply_address", t(lang, "callinfo.contract.supply_address"), contract.supply_address),
        ("tariff", t(lang, "callinfo.contract.tariff"), contract.tariff),
        ("power_kw", t(lang, "callinfo.contract.power"), _power(contract)),
        ("state", t(lang, "callinfo.contract.state"), state),
        ("roles", t(lang, "callinfo.contract.roles"), roles),
        ("owner_name", t(lang, "callinfo.contract.owner"), contract.owner_name),
        ("alerts", t(lang, "callinfo.partner.alerts"), alerts),
    ]
    return [
        fields(_known(items, contract.unknown)),
        actions(
            button(t(lang, "callinfo.button.invoices"), ids.CALL_INVOICES, contract.number),
            button(t(lang, "callinfo.button.readings"), ids.CALL_READINGS, contract.number),
        ),
    ]


def _address(partner: Partner, lang: str) -> str:
    if not partner.address:
        return t(lang, "callinfo.partner.no_address")
    place = " ".join(
        x
        for x in (
            partner.postal_code.zfill(5) if partner.postal_code else "",
            partner.city,
            partner.province,
        )
        if x
    )
    return f"{partner.address}\n{place}".strip()


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("_")[0].lower(), code)


def _power(contract: Contract) -> str:
    return " · ".join(f"{period}: {kw:g} kW" for period, kw in contract.power_kw.items())


def _period(contract: Contract, lang: str) -> str:
    if contract.start_date is None:
        return t(lang, "callinfo.contract.not_started")
    start = contract.start_date.isoformat()
    if contract.end_date is None:
        return t(lang, "callinfo.contract.since", start=start)
    return t(lang, "callinfo.contract.period", start=start, end=contract.end_date.isoformat())

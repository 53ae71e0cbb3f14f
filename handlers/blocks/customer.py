"""Customer data as text: one-line summaries, contract lines, fields, translated ERP codes.

Everything from the ERP is escaped before it goes into mrkdwn (a name or a note holding
`<!channel>` stays text) and shortened to fit its place with a visible "…". Pure functions,
reused by the call card, search results, the details replies and the App Home.
"""

from __future__ import annotations

from handlers.blocks.limits import FIELD_TEXT, escape, shorten
from tomatic.domain.customer import Contract, Partner
from tomatic.i18n import catalogue, t
from tomatic.i18n.formats import date_text

NAME_CHARS = 120
ADDRESS_CHARS = 60


def code_text(lang: str, kind: str, code: str) -> str:
    """An ERP code (`contract_state`, `invoice_state`, `alert`) in words: its translation, or
    the code made readable ("mod_contractual" → "Mod contractual") when it has none."""
    if not code:
        return "—"
    key = f"callinfo.{kind}.{code}"
    known = catalogue(lang).get(key) or catalogue("en").get(key)
    if known:
        return known
    words = code.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def counted(lang: str, key: str, count: int) -> str:
    """A sentence with a number: `key` for many (and none), `key_one` for exactly one."""
    return t(lang, f"{key}_one" if count == 1 else key, count=count)


def inert(text: str, limit: int, keep_lines: bool = False) -> str:
    """ERP or people's text made safe for mrkdwn in at most `limit` characters once escaped
    (shortened visibly when longer); spaces collapsed, line breaks too unless `keep_lines`."""
    lines = text.strip().splitlines() if keep_lines else [text]
    tidy = "\n".join(" ".join(line.split()) for line in lines)
    if len(escape(tidy)) <= limit:
        return escape(tidy)
    low, high = 1, min(limit, len(tidy))  # raw characters kept: the most that fit escaped
    while low < high:
        middle = (low + high + 1) // 2
        if len(escape(shorten(tidy, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return escape(shorten(tidy, low))


def partner_name(partner: Partner) -> str:
    """The partner's name in bold, escaped."""
    return f"*{inert(partner.name, NAME_CHARS) or '—'}*"


def member_text(partner: Partner, lang: str) -> str:
    """Member code, former member (struck through), or not a member."""
    code = inert(partner.member_code, 30)
    if not code:
        return t(lang, "callinfo.summary.no_member")
    if partner.member_code.upper().startswith("S") and not partner.is_member:
        return t(lang, "callinfo.summary.former_member", code=f"~{code}~")
    return t(lang, "callinfo.summary.member", code=code)


def partner_summary(partner: Partner, lang: str) -> str:
    """One line: name · member · contracts · unpaid invoices · alerts."""
    parts = [partner_name(partner), member_text(partner, lang)]
    parts.append(counted(lang, "callinfo.summary.contracts", len(partner.contracts)))
    unpaid = partner.unpaid_invoices
    if unpaid:
        parts.append(":warning: " + counted(lang, "callinfo.summary.unpaid", unpaid))
    elif unpaid == 0:
        parts.append(t(lang, "callinfo.summary.all_paid"))
    if partner.has_alerts:
        alerts = len(partner.alerts) + sum(len(c.alerts) for c in partner.contracts)
        parts.append(":bell: " + counted(lang, "callinfo.summary.alerts", alerts))
    return " · ".join(parts)


def contract_line(contract: Contract, lang: str) -> str:
    """One line: number · state · tariff · supply address · the caller's roles · warnings."""
    parts = [f"`{inert(contract.number, 30)}`"]
    if "state" not in contract.unknown:
        parts.append(_state(contract, lang))
    if contract.tariff:
        parts.append(inert(contract.tariff, 20))
    if contract.supply_address:
        parts.append(inert(contract.supply_address, ADDRESS_CHARS))
    if contract.roles:
        parts.append(", ".join(t(lang, f"callinfo.role.{role}") for role in contract.roles))
    if contract.unpaid_invoices:
        unpaid = counted(lang, "callinfo.summary.unpaid", contract.unpaid_invoices)
        parts.append(":warning: " + unpaid)
    parts += [code_text(lang, "alert", alert) for alert in contract.alerts]
    return " · ".join(parts)


def _state(contract: Contract, lang: str) -> str:
    state = code_text(lang, "contract_state", contract.state)
    if not contract.active and contract.state != "baixa":
        state += f" ({t(lang, 'callinfo.contract.inactive')})"
    return state


def partner_fields(partner: Partner, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the partner's contact data the ERP provides, values escaped."""
    vat = partner.vat.removeprefix("ES") or t(lang, "callinfo.partner.no_vat")
    items = [
        ("vat", "callinfo.partner.vat", vat),
        ("phones", "callinfo.partner.phones", " - ".join(partner.phones)),
        ("emails", "callinfo.partner.emails", ", ".join(partner.emails)),
        ("address", "callinfo.partner.address", _address(partner, lang)),
        ("lang", "callinfo.partner.language", _language(partner.lang, lang)),
    ]
    return known_fields(items, partner.unknown, lang)


def contract_fields(contract: Contract, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of everything the ERP provides about a contract, values escaped."""
    roles = ", ".join(t(lang, f"callinfo.role.{role}") for role in contract.roles)
    alerts = "\n".join(code_text(lang, "alert", a) for a in contract.alerts)
    unpaid = "" if contract.unpaid_invoices is None else str(contract.unpaid_invoices)
    items = [
        ("state", "callinfo.contract.state", _state(contract, lang)),
        ("period", "callinfo.contract.dates", _period(contract, lang)),
        ("cups", "callinfo.contract.cups", contract.cups),
        ("supply_address", "callinfo.contract.supply_address", contract.supply_address),
        ("tariff", "callinfo.contract.tariff", contract.tariff),
        ("power_kw", "callinfo.contract.power", _power(contract)),
        ("owner_name", "callinfo.contract.owner", contract.owner_name),
        ("roles", "callinfo.contract.roles", roles),
        ("unpaid", "callinfo.contract.unpaid", unpaid),
        ("alerts", "callinfo.partner.alerts", alerts or t(lang, "callinfo.alert.none")),
    ]
    return known_fields(items, contract.unknown, lang)


def known_fields(
    items: list[tuple[str, str, str]], unknown: list[str], lang: str
) -> list[tuple[str, str]]:
    """(label, value) of the items whose attribute the ERP provides; each value escaped and
    short enough for a field (Slack's 2,000 characters, label included)."""
    room = FIELD_TEXT - 100
    return [
        (t(lang, key), inert(value, room, keep_lines=True) if value else "—")
        for name, key, value in items
        if name not in unknown
    ]


def _address(partner: Partner, lang: str) -> str:
    if not partner.address:
        return t(lang, "callinfo.partner.no_address")
    place = " ".join(
        part
        for part in (
            partner.postal_code.zfill(5) if partner.postal_code else "",
            partner.city,
            partner.province,
        )
        if part
    )
    return f"{partner.address}\n{place}".strip()


def _language(code: str, lang: str) -> str:
    """The ERP's language code (`ca_ES`) as the language's name in the reader's language."""
    key = f"callinfo.language.{code.split('_')[0].lower()}"
    return catalogue(lang).get(key) or code


def _power(contract: Contract) -> str:
    return " · ".join(f"{period}: {kw:g} kW" for period, kw in contract.power_kw.items())


def _period(contract: Contract, lang: str) -> str:
    if contract.start_date is None:
        return t(lang, "callinfo.contract.not_started")
    start = date_text(lang, contract.start_date)
    if contract.end_date is None:
        return t(lang, "callinfo.contract.since", start=start)
    end = date_text(lang, contract.end_date)
    return t(lang, "callinfo.contract.period", start=start, end=end)

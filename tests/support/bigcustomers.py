"""Contact-centre-sized customer data: the widest customers and calls a card can meet.

Names are 80 characters with accents, apostrophes and parentheses; text holds `<`, `>` and
`&` (a `<!channel>` ping, a disguised link); free-text fields run to 5,000 characters.
"""

from __future__ import annotations

import datetime as dt

from tests.support.bigteam import long_name
from tomatic.domain.calls import Annotation, Call, Candidate, CandidateContract, Category
from tomatic.domain.customer import Contract, Partner

EVIL = "<!channel> <https://evil.example/login|Session expired: sign in> & co"
HUGE = 5000
AT = dt.datetime(2026, 11, 26, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def huge(text: str) -> str:
    """`text` repeated, in words, to HUGE characters."""
    return ((text + " ") * (HUGE // (len(text) + 1) + 1))[:HUGE]


def contract(index: int, long: bool = False) -> Contract:
    """A contract; `long` ones have 5,000-character text and markup in every field."""
    text = huge(f"Carrer {EVIL} {index}") if long else f"Carrer Major, {index}"
    return Contract(
        erp_id=10_000 + index,
        number=f"{index:07d}",
        cups=f"ES00{index:014d}AB",
        supply_address=text,
        tariff=huge("2.0TD") if long else "2.0TD",
        power_kw={f"P{p}": 4.6 for p in range(1, 7)},
        state=["activa", "baixa", "modcontractual_x"][index % 3],
        active=index % 3 != 1,
        owner_name=EVIL,
        roles=["owner", "payer", "member", "notifier"],
        alerts=["selfconsumption", "mystery_alert"] if index % 2 else [],
        unpaid_invoices=index % 4,
    )


def partner(index: int, contracts: int, long: bool = False) -> Partner:
    """A partner with `contracts` contracts; `long` ones have huge text everywhere."""
    return Partner(
        erp_id=1000 + index,
        name=f"{long_name(index)[:70]} {EVIL}"[:80] if index % 2 else long_name(index),
        vat="ES12345678Z",
        member_code=f"S{index:06d}",
        is_member=index % 5 != 0,
        lang="ca_ES",
        emails=[f"person{index}.{n}@example.coop" for n in range(200 if long else 2)],
        phones=["629436216", "931234567"],
        address=huge(f"Carrer {EVIL}") if long else "Carrer Major, 1",
        city="Barcelona",
        postal_code="8001",
        province="Barcelona",
        alerts=[huge(f"Nota {EVIL} {n}") for n in range(3)] if long else [EVIL],
        contracts=[contract(n, long) for n in range(contracts)],
    )


def categories(count: int) -> list[Category]:
    """`count` categories with accented names, keywords and long labels."""
    return [
        Category(
            code=f"C{n:03d}",
            names={
                "ca": f"Factura rectificativa número {n} amb un nom d'aquells tan llargs",
                "es": f"Factura rectificativa número {n}",
                "en": f"Corrective invoice number {n}",
            },
            keywords=["rectificació", f"k{n}"],
        )
        for n in range(count)
    ]


def crowded_call(partners: int, contracts_each: int = 3) -> Call:
    """A call whose search found `partners` customers (each with `contracts_each` contracts)."""
    candidates = [
        Candidate(
            erp_id=1000 + p,
            name=long_name(p),
            vat=f"{p:08d}Z",
            contracts=[
                CandidateContract(
                    erp_id=p * 100 + c, number=f"{p * 100 + c:07d}", address=huge("Carrer")
                )
                for c in range(contracts_each)
            ],
        )
        for p in range(partners)
    ]
    return Call(
        call_id="pbx-big", at=AT, phone="629436216", operator="bernat", candidates=candidates
    )


def annotated(call: Call, *codes: str) -> Call:
    """The call with an annotation naming its last candidate and contract, and a marked-up
    comment."""
    last = call.candidates[-1]
    note = Annotation(
        categories=list(codes),
        partner_erp_id=last.erp_id,
        partner_name=last.name,
        contract=last.contracts[-1].number,
        comment=f"Wants {EVIL}\nsecond line",
        annotated_at=AT,
        annotated_by="bernat",
    )
    return call.model_copy(update={"annotation": note})

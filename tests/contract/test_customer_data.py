"""One CustomerData contract, two adapters: the demo JSON and XML-RPC against a local fake ERP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo
from tomatic.adapters.erp_demo import DemoCustomerData
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.domain.customer import ErpMapping, SearchResult
from tomatic.domain.errors import ValidationError

DEMO = Path(__file__).parents[2] / "data" / "demo_erp.json"
MAPPING = ErpMapping(member_category_id=MEMBER_CATEGORY)
ASKED = 22  # the service asks for one more than the 21 it may show


def odoo(server: FakeErpServer, **options: object) -> OdooCustomerData:
    """An adapter pointed at the fake ERP, with a short timeout."""
    settings: dict[str, object] = {"mapping": MAPPING, "timeout": 2.0} | options
    return OdooCustomerData(server.url, "erp", "tomatic", "secret", **settings)  # type: ignore[arg-type]


@pytest.fixture
def erp_server() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(DEMO)) as server:
        yield server


@pytest.fixture(params=["demo", "odoo"])
def customers(request: pytest.FixtureRequest) -> DemoCustomerData | OdooCustomerData:
    if request.param == "demo":
        return DemoCustomerData(DEMO)
    return odoo(request.getfixturevalue("erp_server"))


def names(partners: list) -> list[str]:
    return [p.name for p in partners]


class TestSearch:
    async def test_a_shared_phone_finds_both_partners_members_first_then_by_name(self, customers):
        found = await customers.search("phone", "933456712", ASKED)
        assert names(found) == ["Garcia Pujol, Elena", "López Fernández, Ainhoa"]
        assert found[0].phones == ["601592038", "933456712"]

    async def test_a_mobile_finds_its_partner_with_address(self, customers):
        [partner] = await customers.search("phone", "669425308", ASKED)
        assert partner.name == "Casals Garcia, Pere"
        assert partner.vat == "43298793M"
        assert partner.member_code == "S084992"
        assert partner.is_member
        assert partner.address and partner.city and len(partner.postal_code) == 5

    async def test_email_matches_case_insensitively_any_of_the_addresses(self, customers):
        [partner] = await customers.search("email", "FEINA.rocio", ASKED)
        assert partner.name == "Camps Garcia, Rocío"
        assert partner.emails == ["rocio.camps59@hotmail.com", "feina.rocio.camps59@hotmail.com"]
        assert partner.alerts == []

    async def test_vat_search_returns_the_bare_nif(self, customers):
        [partner] = await customers.search("vat", "Z7849637H", ASKED)
        assert (partner.name, partner.vat) == ("Garcia Bosch, Isabel", "Z7849637H")

    async def test_a_company_is_found_by_its_cif(self, customers):
        [partner] = await customers.search("vat", "F57717951", ASKED)
        assert partner.name == "Cooperativa Agrícola de Verdú SCCL"
        assert partner.emails == ["info@cooperativaa.cat", "factures@cooperativaa.cat"]

    async def test_member_code_search_shows_former_members(self, customers):
        [partner] = await customers.search("member", "S093030", ASKED)
        assert partner.name == "Pujol Soler, Isabel"
        assert not partner.is_member

    async def test_name_words_must_all_appear_in_any_order(self, customers):
        found = await customers.search("name", "elena garcia", ASKED)
        assert names(found) == ["Garcia Pujol, Elena", "Garcia Riera, Elena"]

    async def test_partner_notes_become_alerts(self, customers):
        [partner] = await customers.search("name", "Garcia Pujol, Pilar", ASKED)
        assert partner.alerts == [
            "Reclamació oberta per lectura estimada.",
            "Trucar només al matí.",
        ]

    async def test_a_common_surname_hits_the_limit_and_is_too_many(self, customers):
        found = await customers.search("name", "garcia", ASKED)
        assert len(found) == ASKED
        assert all("garcia" in p.name.lower() for p in found)
        assert SearchResult.build("name", "garcia", found).too_many

    async def test_a_contract_number_finds_owner_payer_member_and_notifier_not_the_administrator(
        self, customers
    ):
        found = await customers.search("contract", "0025682", ASKED)
        roles = {p.name: c.roles for p in found for c in p.contracts if c.number == "0025682"}
        assert roles == {
            "Mas Garcia, Laia": ["owner"],
            "Garcia Riera, Elena": ["payer"],
            "Casals Garcia, Pere": ["member"],
            "Martínez Font, Núria": ["notifier"],
        }

    async def test_the_administrator_sees_the_contract_with_its_role(self, customers):
        [partner] = await customers.search("vat", "11147331J", ASKED)
        [contract] = [c for c in partner.contracts if c.number == "0025682"]
        assert contract.roles == ["administrator"]
        assert contract.owner_name == "Mas Garcia, Laia"

    async def test_a_cups_with_border_suffix_is_found_by_its_first_20_characters(self, customers):
        for cups in ("ES0022980143102099JT0F", "ES0022980143102099JT1P", "es0022980143102099jt"):
            found = await customers.search("cups", cups, ASKED)
            assert names(found) == ["Garcia Pujol, Elena", "López Fernández, Ainhoa"], cups

    async def test_contract_details_and_order_active_owned_first(self, customers):
        [partner] = await customers.search("vat", "30453139N", ASKED)
        assert [c.number for c in partner.contracts] == ["0012592", "0025696", "0019909", "0022429"]
        first = partner.contracts[0]
        assert first.cups.startswith("ES") and len(first.cups) == 20
        assert first.tariff == "2.0TD" and set(first.power_kw) == {"P1", "P2"}
        assert first.active and first.state == "activa" and first.end_date is None

    async def test_inactive_contracts_are_included_with_their_end_date(self, customers):
        found = await customers.search("name", "garcia", ASKED)
        ended = [c for p in found for c in p.contracts if not c.active]
        assert ended and all(c.end_date and c.state == "baixa" for c in ended)

    async def test_a_partner_may_have_no_contracts(self, customers):
        [partner] = await customers.search("member", "S079101", ASKED)
        assert partner.contracts == []

    async def test_selfconsumption_is_an_alert_of_the_contract(self, customers):
        [partner] = await customers.search("contract", "0012422", ASKED)
        [contract] = [c for c in partner.contracts if c.number == "0012422"]
        assert contract.alerts == ["selfconsumption"]

    async def test_all_fields_unions_matches(self, customers):
        found = await customers.search("all", "933456712", ASKED)
        assert names(found) == ["Garcia Pujol, Elena", "López Fernández, Ainhoa"]

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("phone", "600000000"),
            ("email", "nobody@nowhere.coop"),
            ("vat", "00000000T"),
            ("member", "S999999"),
            ("name", "Zzyzx"),
            ("contract", "9999999"),
            ("cups", "ES0000000000000000XX"),
            ("all", "12121212"),
        ],
    )
    async def test_unknown_values_find_nobody(self, customers, field, value):
        assert await customers.search(field, value, ASKED) == []

    async def test_an_unknown_field_is_refused(self, customers):
        with pytest.raises(ValidationError):
            await customers.search("shoe_size", "42", ASKED)


class TestDetails:
    async def test_invoices_are_newest_first_limited_and_never_drafts(self, customers):
        invoices = await customers.invoices("0012000", limit=3)
        assert [i.number for i in invoices] == ["FE25000006", "FE25000418", "FE25000005"]
        assert invoices[1].total < 0  # a refund
        assert invoices[0].payer == "Romero Garcia, María"
        assert invoices[0].start < invoices[0].end <= invoices[0].issued < invoices[0].due

    async def test_all_invoices_of_a_contract(self, customers):
        invoices = await customers.invoices("0012000", limit=50)
        assert len(invoices) == 7
        assert all(i.number and i.state != "draft" for i in invoices)

    async def test_readings_are_newest_first_and_limited(self, customers):
        readings = await customers.readings("0012000", limit=4)
        assert [(str(r.date), r.period) for r in readings] == [
            ("2025-01-31", "3.0TD (P1)"),
            ("2025-01-31", "3.0TD (P2)"),
            ("2025-01-31", "3.0TD (P3)"),
            ("2024-12-31", "3.0TD (P1)"),
        ]
        assert readings[0].meter == "SAG082314360" and readings[0].value > readings[3].value

    async def test_an_unknown_contract_has_no_invoices_nor_readings(self, customers):
        assert await customers.invoices("9999999") == []
        assert await customers.readings("9999999") == []

    async def test_unpaid_invoices_are_counted_per_contract(self, customers):
        [partner] = await customers.search("vat", "20339082K", ASKED)
        assert {c.number: c.unpaid_invoices for c in partner.contracts} == {
            "0012000": 1,
            "0019279": 1,
        }
        assert partner.unpaid_invoices == 2

    async def test_a_partner_is_found_by_its_erp_id_with_its_contracts(self, customers):
        [found] = await customers.search("vat", "20339082K", ASKED)
        assert await customers.partner(found.erp_id) == found
        assert await customers.partner(424242) is None


async def test_an_erp_without_invoice_states_cannot_tell_what_is_unpaid(erp_server):
    erp_server.drop_field("giscedata.facturacio.factura", "state")
    [partner] = await odoo(erp_server).search("vat", "20339082K", ASKED)
    assert [c.unpaid_invoices for c in partner.contracts] == [None, None]
    assert partner.unpaid_invoices is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "garcia"), ("phone", "933456712"), ("contract", "0025682"), ("all", "S0")],
)
async def test_demo_and_odoo_adapters_give_identical_answers(erp_server, field, value):
    demo = await DemoCustomerData(DEMO).search(field, value, ASKED)
    real = await odoo(erp_server).search(field, value, ASKED)
    assert [p.model_dump() for p in real] == [p.model_dump() for p in demo]

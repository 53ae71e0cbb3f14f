"""The Odoo adapter against ERPs whose schema differs from the mapping, and searched wildcards.

The ERP is the XML-RPC stand-in on 127.0.0.1; `drop_field` takes a field out of its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.erp_check import plain_http_to_remote, report_missing_fields
from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.domain.customer import ErpMapping
from tomatic.domain.errors import CustomerDataError

DEMO = Path(__file__).parents[2] / "data" / "demo_erp.json"
MAPPING = ErpMapping(member_category_id=MEMBER_CATEGORY)
ASKED = 22
PHONE = "669425308"  # Casals Garcia, Pere
CONTRACTS = "giscedata.polissa"


@pytest.fixture
def server() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(DEMO)) as running:
        yield running


def adapter(server: FakeErpServer) -> OdooCustomerData:
    return OdooCustomerData(server.url, "erp", "tomatic", "secret", MAPPING, timeout=2.0)


class TestMissingFields:
    async def test_a_missing_supply_address_leaves_it_out_and_keeps_the_rest(self, server):
        server.drop_field(CONTRACTS, "cups_direccio")
        [partner] = await adapter(server).search("phone", PHONE, ASKED)
        assert partner.name == "Casals Garcia, Pere" and partner.contracts
        contract = partner.contracts[0]
        assert contract.supply_address == "" and contract.unknown == ["supply_address"]
        assert contract.cups.startswith("ES") and contract.tariff
        assert partner.unknown == []

    async def test_without_self_consumption_power_periods_and_province_search_still_works(
        self, server
    ):
        for model, field in [
            (CONTRACTS, "autoconsumo"),
            (CONTRACTS, "potencies_periode"),
            ("res.partner.address", "state_id"),
        ]:
            server.drop_field(model, field)
        [partner] = await adapter(server).search("contract", "0012422", ASKED)
        [contract] = [c for c in partner.contracts if c.number == "0012422"]
        assert contract.alerts == []  # self-consumption cannot be known
        assert list(contract.power_kw) == ["P1"]  # the single contracted power instead
        assert partner.province == "" and partner.city

    async def test_the_missing_fields_are_named_with_their_model(self, server):
        server.drop_field(CONTRACTS, "cups_direccio")
        server.drop_field("res.partner", "name")
        missing = await adapter(server).missing_fields()
        named = {(f.model, f.field): f.essential for f in missing}
        assert named == {(CONTRACTS, "cups_direccio"): False, ("res.partner", "name"): True}

    async def test_a_schema_is_asked_once_per_model(self, server):
        customers = adapter(server)
        await customers.search("phone", PHONE, ASKED)
        await customers.search("vat", "43298793M", ASKED)
        asked = [model for model, method in server.requests if method == "fields_get"]
        assert sorted(asked) == sorted(set(asked)) and CONTRACTS in asked

    async def test_a_failed_schema_question_is_asked_again(self, server):
        customers = adapter(server)
        server.fault = "temporarily broken"
        with pytest.raises(CustomerDataError):
            await customers.search("phone", PHONE, ASKED)
        server.fault = None
        assert [p.name for p in await customers.search("phone", PHONE, ASKED)]

    async def test_a_search_on_a_field_the_erp_lacks_finds_nobody(self, server):
        server.drop_field("res.partner", "vat")
        customers = adapter(server)
        assert await customers.search("vat", "43298793M", ASKED) == []
        [partner] = await customers.search("phone", PHONE, ASKED)
        assert partner.vat == "" and "vat" in partner.unknown


class TestWildcards:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("vat", "%"),
            ("vat", "_"),
            ("email", "%"),
            ("member", "%"),
            ("cups", "%"),
            ("name", "%"),
            ("email", "@%.%"),
            ("phone", "%"),
        ],
    )
    async def test_wildcards_are_plain_characters(self, server, field, value):
        assert await adapter(server).search(field, value, ASKED) == []

    async def test_an_underscore_in_an_address_still_matches_itself(self, server):
        address = next(iter(server.tables["res.partner.address"].values()))
        address["email"] = "maria_r@example.coop"
        customers = adapter(server)
        assert len(await customers.search("email", "maria_r@", ASKED)) == 1
        assert await customers.search("email", "mariaxr@", ASKED) == []


class TestStartupWarnings:
    @pytest.mark.parametrize(
        ("url", "warned"),
        [
            ("http://erp.example.coop:8069", True),
            ("http://10.0.0.5", True),
            ("https://erp.example.coop", False),
            ("http://127.0.0.1:8069", False),
            ("http://localhost:8069", False),
            ("http://[::1]:8069", False),
            (None, False),
        ],
    )
    def test_plain_http_to_another_host_is_flagged(self, url, warned):
        assert plain_http_to_remote(url) is warned

    async def test_missing_fields_are_logged_essential_ones_as_errors(self, server):
        server.drop_field(CONTRACTS, "cups_direccio")
        server.drop_field("res.partner.address", "phone")
        with capture_logs() as logs:
            await report_missing_fields(adapter(server))
        levels = {entry["log_level"]: entry["fields"] for entry in logs}
        assert levels == {
            "error": ["res.partner.address.phone"],
            "warning": ["giscedata.polissa.cups_direccio"],
        }

    async def test_an_unreachable_erp_is_one_warning(self, server):
        server.fault = "down"
        with capture_logs() as logs:
            assert await report_missing_fields(adapter(server)) == []
        assert [entry["log_level"] for entry in logs] == ["warning"]

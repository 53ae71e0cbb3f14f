"""The XML-RPC adapter alone, against the local fake ERP: failures (slow, hung, refusing,
faulting ERPs), the old OpenERP paths, and contact fields kept on the partner model."""

from __future__ import annotations

import asyncio
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.contract.test_customer_data import ASKED, DEMO, MAPPING, erp_server, names, odoo
from tests.support.xmlrpc_erp import FakeErpServer, tables_from_demo
from tomatic.adapters.erp_demo import DemoCustomerData
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.domain.errors import CustomerDataError

__all__ = ["erp_server"]  # the fixture, shared with the contract


class TestOdooFailures:
    async def test_a_slow_erp_times_out(self, erp_server):
        erp_server.delay = 0.6
        with pytest.raises(CustomerDataError) as caught:
            await odoo(erp_server, timeout=0.2).search("phone", "933456712", ASKED)
        assert caught.value.params == {"operation": "search", "reason": "timeout"}

    async def test_a_hung_erp_frees_the_operation_at_its_deadline(self, erp_server):
        erp_server.delay = 5.0
        started = time.monotonic()
        with pytest.raises(CustomerDataError) as caught:
            await odoo(erp_server, timeout=5.0, deadline=0.3).search("phone", "933456712", ASKED)
        assert time.monotonic() - started < 1.0
        assert caught.value.params == {"operation": "search", "reason": "timeout"}

    async def test_the_requests_of_one_search_share_one_deadline(self, erp_server):
        erp_server.delay = 0.15  # each request is quick, but a search makes more than six
        started = time.monotonic()
        with pytest.raises(CustomerDataError):
            await odoo(erp_server, timeout=5.0, deadline=0.5).search("phone", "933456712", ASKED)
        assert time.monotonic() - started < 0.8
        found = await odoo(erp_server, timeout=5.0, deadline=30).search("phone", "933456712", ASKED)
        assert names(found) == ["Garcia Pujol, Elena", "López Fernández, Ainhoa"]

    async def test_a_login_stuck_in_another_search_does_not_hold_this_one_past_its_deadline(
        self, erp_server
    ):
        erp_server.delay = 3.0
        adapter = odoo(erp_server, timeout=5.0, deadline=0.3)
        started = time.monotonic()
        outcomes = await asyncio.gather(
            adapter.search("phone", "933456712", ASKED),
            adapter.invoices("0012000"),
            return_exceptions=True,
        )
        assert time.monotonic() - started < 1.0
        assert all(isinstance(outcome, CustomerDataError) for outcome in outcomes)

    async def test_a_busy_default_thread_pool_does_not_hold_up_a_call_card(self, erp_server):
        # asyncio's default pool is small (CPUs + 4) and paints images: keep it busy
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=1))
        painting = asyncio.ensure_future(asyncio.to_thread(time.sleep, 3.0))
        await asyncio.sleep(0.05)
        adapter = odoo(erp_server, timeout=5.0, deadline=1.0)

        # as the call-info service waits for the ERP: a little longer than the deadline
        found = await asyncio.wait_for(adapter.search("phone", "933456712", ASKED), 1.5)

        assert names(found) == ["Garcia Pujol, Elena", "López Fernández, Ainhoa"]
        await painting

    async def test_a_fault_names_the_operation_but_not_the_customer(self, erp_server):
        erp_server.fault = "Error searching 933456712"
        with pytest.raises(CustomerDataError) as caught:
            await odoo(erp_server).search("phone", "933456712", ASKED)
        assert caught.value.params == {"operation": "search", "reason": "fault"}
        assert "933456712" not in str(caught.value)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__

    async def test_a_wrong_password_is_refused(self, erp_server):
        adapter = OdooCustomerData(erp_server.url, "erp", "tomatic", "wrong", MAPPING)
        with pytest.raises(CustomerDataError) as caught:
            await adapter.invoices("0012000")
        assert caught.value.params["reason"] == "login"

    async def test_a_closed_port_is_unavailable(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        adapter = OdooCustomerData(f"http://127.0.0.1:{port}", "erp", "u", "p", MAPPING)
        with pytest.raises(CustomerDataError) as caught:
            await adapter.readings("0012000")
        assert caught.value.params["operation"] == "readings"

    async def test_forcing_openerp_paths_on_an_odoo_only_server_fails(self):
        with (
            FakeErpServer(tables_from_demo(DEMO), styles=("odoo",)) as server,
            pytest.raises(CustomerDataError) as caught,
        ):
            await odoo(server, protocol="openerp").search("vat", "43298793M", ASKED)
        assert caught.value.params == {"operation": "search", "reason": "protocol", "code": 404}


class TestOldOpenErpPaths:
    @pytest.mark.parametrize("protocol", ["auto", "openerp"])
    async def test_an_openerp_server_answers_on_the_old_paths(self, protocol):
        with FakeErpServer(tables_from_demo(DEMO), styles=("openerp",)) as server:
            adapter = odoo(server, protocol=protocol)
            [partner] = await adapter.search("vat", "43298793M", ASKED)
            invoices = await adapter.invoices(partner.contracts[0].number, limit=2)
        assert partner.name == "Casals Garcia, Pere"
        assert len(invoices) == 2
        assert {model for model, _ in server.requests} >= {"res.partner", "giscedata.polissa"}

    async def test_auto_prefers_the_odoo_paths_when_served(self, erp_server):
        found = await odoo(erp_server).search("phone", "669425308", ASKED)
        assert names(found) == ["Casals Garcia, Pere"]
        assert erp_server.requests  # answered by execute_kw on /xmlrpc/2


def phones_on_partners(tables: dict) -> dict:
    """Odoo-style tables: contact fields on res.partner, no res.partner.address."""
    addresses = tables.pop("res.partner.address")
    for address in addresses.values():
        partner = tables["res.partner"][address["partner_id"][0]]
        partner |= {k: v for k, v in address.items() if k not in ("id", "partner_id", "active")}
    for contract in tables["giscedata.polissa"].values():
        notifier = contract["direccio_notificacio"]
        if notifier:
            owner = addresses[notifier[0]]["partner_id"]
            contract["direccio_notificacio"] = owner
    return tables


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "933456712"), ("email", "feina"), ("contract", "0025682"), ("vat", "30453139N")],
)
async def test_contact_fields_may_live_on_the_partner_model(field, value):
    mapping = MAPPING.model_copy(update={"address_model": None})
    demo = await DemoCustomerData(DEMO).search(field, value, ASKED)
    with FakeErpServer(phones_on_partners(tables_from_demo(DEMO))) as server:
        real = await odoo(server, mapping=mapping).search(field, value, ASKED)
    assert [p.model_dump() for p in real] == [p.model_dump() for p in demo]
    assert real

"""`/tomatic search` as people type it: invisible characters, a hung ERP, echoes of the text.

The listeners are called as bolt calls them; the ERP is the demo one, or the XML-RPC
stand-in (`tests/support/xmlrpc_erp.py`) when the path to a real ERP matters.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import AsyncMock

import pytest
from structlog.testing import capture_logs

from handlers.commands.slash import handle_tomatic
from tests.conftest import NOW, REPO, services_on
from tests.fakes import RecordingClient
from tests.support.callinfo import FakeCallNotifier
from tests.support.slack import RESPONSE_URL, as_bolt
from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.domain.customer import ErpMapping
from tomatic.i18n import t
from tomatic.services import Services
from tomatic.services.callinfo import CallInfoService


@pytest.fixture
async def services(settings, stores, notifier, runner) -> AsyncIterator[Services]:
    built = services_on(settings, stores, notifier, runner, call_notifier=FakeCallNotifier())
    await built.persons.create(None, "bernat", {"name": "Bernat", "slack_user_id": "U0BERNAT"})
    yield built
    await built.close()


@pytest.fixture
def erp() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as server:
        yield server


def over_erp(services: Services, erp: FakeErpServer, deadline: float) -> Services:
    """The same services, with call info asking the XML-RPC ERP within `deadline` seconds."""
    mapping = ErpMapping(member_category_id=MEMBER_CATEGORY)
    adapter = OdooCustomerData(erp.url, "erp", "tomatic", "secret", mapping, deadline=deadline)
    old = services.callinfo
    callinfo = CallInfoService(
        adapter, old.calls, old.persons, lambda: NOW, "en", erp_timeout=deadline + 0.2
    )
    return dataclasses.replace(services, callinfo=callinfo)


async def search(services: Services, text: str) -> dict[str, Any]:
    ack, respond = AsyncMock(), AsyncMock()
    command = {"text": f"search {text}", "user_id": "U0BERNAT", "trigger_id": "T1"}
    command |= {"channel_id": "C1", "response_url": RESPONSE_URL}
    client, context = RecordingClient(), {"services": services}
    work = handle_tomatic(ack, command, respond, client, context)
    await as_bolt(work, command, context, client, respond)
    return respond.await_args.kwargs


class TestWhatReachesTheErp:
    async def test_control_characters_are_dropped_and_the_search_still_finds(self, services, erp):
        reply = await search(over_erp(services, erp, 3.0), "Romero\x00 Garcia\x1b")
        assert "Romero Garcia, María" in json.dumps(reply["blocks"], ensure_ascii=False)

    async def test_a_search_of_only_invisible_characters_says_so_and_asks_nothing(
        self, services, erp
    ):
        reply = await search(over_erp(services, erp, 3.0), "\x01\x02\u200b")
        assert reply["text"] == ":warning: " + t("en", "callinfo.invisible_search")
        assert erp.requests == []

    async def test_a_hung_erp_is_an_answer_in_time_and_a_log_line_without_the_search(
        self, services, erp
    ):
        erp.delay = 5.0
        with capture_logs() as logs:
            reply = await search(over_erp(services, erp, 0.3), "629436216")
        assert reply["text"] == ":warning: " + t("en", "callinfo.unavailable")
        [failed] = [e for e in logs if e["event"] == "erp failed"]
        assert (failed["operation"], failed["reason"]) == ("search", "timeout")
        assert "629436216" not in repr(logs)

"""The real app against an ERP that lacks an optional field: a call card still names the caller.

Slack's Web API is the recording stand-in of test_ringring; the ERP is the XML-RPC stand-in
without `cups_direccio` (the supply address) on its contracts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from structlog.testing import capture_logs

from bot.app import SERVICES, create_app
from handlers.blocks.callinfo import contract_details_blocks
from tests.conftest import REPO, make_settings
from tests.e2e.test_ringring import PHONE, SIGNING_SECRET, TOKEN, URL, FakeSlack, wait_for
from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo
from tomatic.i18n import t


@pytest.fixture
def erp() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as server:
        server.drop_field("giscedata.polissa", "cups_direccio")
        yield server


async def test_a_card_without_supply_addresses_names_the_partner(
    aiohttp_client, aiohttp_server, tmp_path: Path, erp: FakeErpServer
) -> None:
    slack = FakeSlack()
    api_url = str((await aiohttp_server(slack.app)).make_url("/api/"))
    config = yaml.safe_load((REPO / "data" / "config.yaml").read_text(encoding="utf-8"))
    config["erp"] = {"member_category_id": MEMBER_CATEGORY}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    settings = make_settings(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-e2e",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        TOMATIC_CONFIG=str(tmp_path / "config.yaml"),
        TOMATIC_ERP="odoo",
        TOMATIC_ERP_URL=erp.url,
        TOMATIC_ERP_DB="erp",
        TOMATIC_ERP_USER="tomatic",
        TOMATIC_ERP_PASSWORD="secret",
        TOMATIC_RINGRING_TOKEN=TOKEN,
    )
    app = create_app(settings)
    await app[SERVICES].persons.create(
        None, "bernat", {"name": "Bernat", "extension": "3002", "slack_user_id": "U0BERNAT"}
    )
    with capture_logs() as logs:

        def warned() -> list:
            return [e["fields"] for e in logs if e["event"].startswith("erp lacks optional")]

        client = await aiohttp_client(app)  # starting the service checks the ERP's fields
        await wait_for(warned, timeout=3.0)
    assert warned() == [["giscedata.polissa.cups_direccio"]]

    params = {"phone": PHONE, "extension": "3002", "callid": "c-9", "token": TOKEN}
    assert (await client.get(URL, params=params)).status == 200
    await wait_for(lambda: "chat.update" in slack.methods(), timeout=3.0)

    [card] = [payload["blocks"] for method, payload in slack.calls if method == "chat.update"]
    text = json.dumps(card, ensure_ascii=False)
    assert "Romero Garcia, María" in text and "`0012000` · Active · 3.0TD ·" in text
    assert "Passeig de Gràcia" not in text
    assert t("en", "callinfo.unavailable_card") not in text
    details = contract_details_blocks(await app[SERVICES].callinfo.contract("0012000"), "en")
    shown = json.dumps(details, ensure_ascii=False)
    assert t("en", "callinfo.contract.cups") in shown
    assert t("en", "callinfo.contract.supply_address") not in shown

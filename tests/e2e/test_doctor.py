"""`tomatic doctor` against local stand-ins for Slack, the ERP (XML-RPC) and the PBX (SSH),
and the real service answering /healthz, all on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml

from bot.app import create_app
from bot.cli import main
from bot.doctor.slack import manifest_scopes
from tests.conftest import REPO, make_settings
from tests.support import pbx_fixtures
from tests.support.asterisk_server import AsteriskSshServer
from tests.support.slack_api import TEAM_CHANNEL, TOKEN, FakeSlackApi
from tests.support.xmlrpc_erp import MEMBER_CATEGORY, FakeErpServer, tables_from_demo
from tomatic.adapters.sqlite.db import open_database

QUEUE = pbx_fixtures.QUEUE
RINGRING = "k3P9-xq2Lw7Zr_0aVt5YbN8mHs"
SECRET = "8f14e45fceea167a5a36dedd4bea2543"


@dataclass
class Site:
    """Everything `tomatic doctor` looks at, and what it printed last."""

    slack: FakeSlackApi
    erp: FakeErpServer
    pbx: AsteriskSshServer
    out: str = ""

    def line(self, label: str) -> str:
        [found] = [line for line in self.out.splitlines() if line[2:].startswith(f"{label}:")]
        return found


@pytest.fixture
def erp() -> Iterator[FakeErpServer]:
    with FakeErpServer(tables_from_demo(REPO / "data" / "demo_erp.json")) as server:
        yield server


pbx = pbx_fixtures.asterisk_server  # the SSH server answering like Asterisk, queue somenergia


@pytest.fixture
async def site(aiohttp_server, tmp_path, monkeypatch, erp, pbx) -> Site:
    slack = FakeSlackApi(scopes=manifest_scopes())
    slack_url = str((await aiohttp_server(slack.app())).make_url("/api/"))
    service_settings = make_settings(
        tmp_path / "service",
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack_url,
    )
    service = await aiohttp_server(create_app(service_settings))
    config = yaml.safe_load((REPO / "data" / "config.yaml").read_text(encoding="utf-8"))
    config["erp"] = {"member_category_id": MEMBER_CATEGORY}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    open_database(tmp_path / "tomatic.db").conn.close()
    monkeypatch.chdir(tmp_path)
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_url,
        "TOMATIC_TEAM_CHANNEL": TEAM_CHANNEL,
        "TOMATIC_DB": str(tmp_path / "tomatic.db"),
        "TOMATIC_BACKUP_DIR": str(tmp_path / "backups"),
        "TOMATIC_CONFIG": str(tmp_path / "config.yaml"),
        "TOMATIC_ERP": "odoo",
        "TOMATIC_ERP_URL": erp.url,
        "TOMATIC_ERP_DB": "erp",
        "TOMATIC_ERP_USER": "tomatic",
        "TOMATIC_ERP_PASSWORD": "secret",
        "TOMATIC_PBX": "asterisk-ssh",
        "TOMATIC_PBX_HOST": "127.0.0.1",
        "TOMATIC_PBX_PORT": str(pbx.port),
        "TOMATIC_PBX_USER": pbx.username,
        "TOMATIC_PBX_PASSWORD": pbx.password,
        "TOMATIC_PBX_KNOWN_HOSTS": str(pbx.known_hosts_path),
        "TOMATIC_PBX_QUEUE": QUEUE,
        "TOMATIC_RINGRING_TOKEN": RINGRING,
        "TOMATIC_PUBLIC_URL": str(service.make_url("/")),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Site(slack, erp, pbx)


async def doctor(site: Site, capsys) -> int:
    """Run `tomatic doctor` in a thread (the stand-ins answer on this test's event loop)."""
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["doctor"])
    site.out = capsys.readouterr().out
    return code


async def test_everything_answering_passes_every_check(site, capsys):
    assert await doctor(site, capsys) == 0, site.out
    lines = site.out.splitlines()
    assert all(line.startswith("✔ ") for line in lines[:-1]) and len(lines) == 14
    assert lines[-1] == "All 13 checks passed."
    assert "the first nightly copy is made at 03:30" in site.line("Backups")
    assert "queue somenergia exists" in site.line("PBX queue")
    assert {"auth.test", "conversations.info"} <= set(site.slack.called)


async def test_contracts_without_a_supply_address_fail_naming_the_field(site, capsys):
    site.erp.drop_field("giscedata.polissa", "cups_direccio")
    assert await doctor(site, capsys) == 1
    assert site.line("ERP fields").startswith("✘")
    assert "giscedata.polissa.cups_direccio" in site.line("ERP fields")
    assert site.line("ERP login").startswith("✔")


async def test_a_missing_partner_name_is_essential(site, capsys):
    site.erp.drop_field("res.partner", "name")
    assert await doctor(site, capsys) == 1
    assert "cannot be matched to a named customer" in site.line("ERP fields")


async def test_a_pbx_that_is_down_is_named(site, capsys):
    await site.pbx.stop()
    assert await doctor(site, capsys) == 1
    line = site.line("PBX")
    assert line.startswith("✘ PBX:") and f"127.0.0.1:{site.pbx.port}" in line
    assert site.line("PBX queue").startswith("✘")


async def test_a_refused_ssh_login_is_not_a_pbx_that_does_not_answer(site, capsys, monkeypatch):
    monkeypatch.setenv("TOMATIC_PBX_PASSWORD", "not-the-password")
    assert await doctor(site, capsys) == 1
    line = site.line("PBX")
    assert "answers but refuses the SSH login (Permission denied" in line
    assert "TOMATIC_PBX_USER and TOMATIC_PBX_PASSWORD" in line and "does not answer" not in line


async def test_an_unknown_host_key_is_said_so(site, capsys):
    site.pbx.known_hosts_path.write_text("")
    assert await doctor(site, capsys) == 1
    assert "host key" in site.line("PBX") and "ssh-keyscan" in site.line("PBX")


async def test_a_missing_queue_is_said_so(site, capsys, monkeypatch):
    monkeypatch.setenv("TOMATIC_PBX_QUEUE", "atencio")
    assert await doctor(site, capsys) == 1
    assert site.line("PBX").startswith("✔")
    assert "atencio does not exist" in site.line("PBX queue")


async def test_slack_scopes_and_channel_membership(site, capsys):
    site.slack.scopes -= {"channels:read", "files:write"}
    site.slack.channels[TEAM_CHANNEL] = ("equip", False)
    assert await doctor(site, capsys) == 1
    assert "missing channels:read, files:write" in site.line("Slack scopes")
    assert "/invite @tomatic" in site.line("Team channel")


async def test_a_refused_token_leaves_scopes_and_channel_unchecked(site, capsys):
    site.slack.token = "xoxb-another"
    assert await doctor(site, capsys) == 1
    assert "invalid_auth" in site.line("Slack token")
    assert "not checked" in site.line("Slack scopes") and "not checked" in site.line("Team channel")


async def test_a_wrong_erp_password_fails_the_login(site, capsys, monkeypatch):
    monkeypatch.setenv("TOMATIC_ERP_PASSWORD", "Zq9-not-the-password")
    assert await doctor(site, capsys) == 1
    assert "(login)" in site.line("ERP login") and "Zq9-not-the-password" not in site.out


async def test_weak_token_unset_public_url_and_old_database(site, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TOMATIC_RINGRING_TOKEN", "abababababababab")
    monkeypatch.delenv("TOMATIC_PUBLIC_URL")
    (tmp_path / "tomatic.db").unlink()
    assert await doctor(site, capsys) == 1
    assert "too easy to guess (16 characters)" in site.line("Ringring token")
    assert "TOMATIC_PUBLIC_URL is not set" in site.line("Public URL")
    assert "does not exist yet" in site.line("Database")


async def test_embedded_defaults_are_not_a_production_setup(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))
    code = await asyncio.to_thread(main, ["doctor"])
    out = capsys.readouterr().out
    assert code == 1
    for expected in ("local sandbox", "TOMATIC_ERP=demo", "TOMATIC_PBX=fake"):
        assert expected in out


def test_settings_that_do_not_load_are_the_one_failed_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_PORT", "eighty")
    assert main(["doctor"]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("✘ Settings:") and "TOMATIC_PORT" in line


async def test_a_check_that_breaks_is_one_failed_line_not_a_traceback():
    from bot.doctor import guarded

    async def broken() -> list:
        raise RuntimeError("unexpected answer")

    [line] = await guarded(broken(), "pbx")
    assert line.line("en").startswith("✘ PBX: the check itself failed (RuntimeError: unexpected")


async def test_a_wrong_slack_api_url_is_named_not_a_broken_check(site, capsys, monkeypatch):
    wrong = os.environ["SLACK_API_URL"] + "nothere/"
    monkeypatch.setenv("SLACK_API_URL", wrong)
    assert await doctor(site, capsys) == 1
    line = site.line("Slack token")
    assert line.startswith("✘") and f"does not answer at {wrong} (HTTP 404)" in line
    assert "not checked" in site.line("Slack scopes") and "not checked" in site.line("Team channel")


async def test_a_wrong_erp_address_names_the_http_status(site, capsys, monkeypatch):
    monkeypatch.setenv("TOMATIC_ERP_URL", site.erp.url + "/odoo")
    assert await doctor(site, capsys) == 1
    assert "did not answer (HTTP 404)" in site.line("ERP login")


async def test_a_nightly_copy_that_stopped_coming_is_said_so(site, capsys, tmp_path, monkeypatch):
    copies = tmp_path / "backups"
    copies.mkdir()
    old = copies / "tomatic-20261120-033000.db"
    old.write_bytes(b"a copy")
    os.utime(old, (time.time() - 3 * 86400,) * 2)
    assert await doctor(site, capsys) == 1
    line = site.line("Backups")
    assert line.startswith("✘") and "tomatic-20261120-033000.db, is 72 hours old" in line
    (copies / "tomatic-20261123-033000.db").write_bytes(b"last night's copy")
    assert await doctor(site, capsys) == 0
    assert "is tomatic-20261123-033000.db (2 kept in all)" in site.line("Backups")
    monkeypatch.delenv("TOMATIC_BACKUP_DIR")
    assert await doctor(site, capsys) == 1
    assert "TOMATIC_BACKUP_DIR is not set" in site.line("Backups")

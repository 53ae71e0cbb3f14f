"""Everyone reachable on Slack from day one (issue 12), against the Slack sandbox.

A 60-person team is imported with `tomatic import-legacy` before Slack is configured;
59 of them have a Slack account with their e-mail, one does not, and nobody has used the
bot. Slack answers 429 to some calls along the way. The command line runs in a thread,
as its own process would, while the sandbox (and later the service) serve on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from aiohttp import ClientSession

from bot.cli import main
from bot.sandbox import Sandbox, SandboxUser
from bot.slack_client import build_client
from bot.slack_directory import SlackUserDirectory
from tests.conftest import REPO
from tests.e2e.conftest import SECRET, TOKEN, Stack
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.domain.errors import DirectoryUnavailableError
from tomatic.domain.model import WEEKDAYS, monday_of
from tomatic.domain.timetable import Timetable

RINGRING = "ringring-token-everyone-reachable"
PHONE = "629436216"  # Romero Garcia, María, in the demo ERP
IDS = [f"op{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(60)]  # opaa … opch
MISSING = IDS[-1]
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


def slack_id(person_id: str) -> str:
    return f"U0{person_id.upper()}"


def user(person_id: str) -> SandboxUser:
    email = f"{person_id}@example.coop"
    return SandboxUser(
        id=slack_id(person_id), name=person_id, real_name="", email=email, locale="ca-ES"
    )


def write_legacy_team(folder: Path) -> Path:
    """persons.yaml of the original Tomàtic: names, extensions, e-mails, a coordinator."""
    folder.mkdir()
    data = {
        "names": {p: f"Operator {p[2:].upper()}" for p in IDS},
        "extensions": {p: str(3100 + n) for n, p in enumerate(IDS)},
        "emails": {p: f"{p}@example.coop" for p in IDS},
        "groups": {"admin": [IDS[0]]},
    }
    (folder / "persons.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def extension(person_id: str) -> str:
    return str(3100 + IDS.index(person_id))


def week_for_everyone(week: dt.date) -> Timetable:
    """Three lines, each person at least once; the missing person on Monday's first turn."""
    table = Timetable.empty(week, list(WEEKDAYS), HOURS, 3)
    order = [MISSING, *IDS[:-1]]
    cells = [(d, h, line) for d in WEEKDAYS for h in range(4) for line in range(3)]
    for n, (day, hour, line) in enumerate(cells):
        table.cells[day][hour][line] = order[n % len(order)]
    return table


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    users = [user(p) for p in IDS if p != MISSING]
    box = Sandbox(
        bot_token=TOKEN, signing_secret=SECRET, events_url="http://127.0.0.1:9/", users=users
    )
    async with box.serve():
        yield box
    await box.close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line's settings: the test database and the repository's configuration."""
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "tomatic.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))
    return tmp_path


def point_at_slack(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", sandbox.response_url_base() + "api/")
    monkeypatch.setenv("SLACK_RATE_FACTOR", "100")


async def tomatic(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the command line (in a thread, like a separate process); status and output."""
    capsys.readouterr()
    status = await asyncio.to_thread(main, list(argv))
    return status, capsys.readouterr().out


@pytest.fixture
async def imported(env, capsys, monkeypatch, sandbox) -> Path:
    """The team imported before Slack was configured, then Slack pointed at."""
    status, out = await tomatic(capsys, "import-legacy", str(write_legacy_team(env / "legacy")))
    assert status == 0 and "60 persons" in out
    point_at_slack(monkeypatch, sandbox)
    return env


@pytest.fixture
async def stack(imported: Path, sandbox: Sandbox) -> AsyncIterator[Stack]:
    api_url = sandbox.response_url_base() + "api/"
    overrides = {"TOMATIC_RINGRING_TOKEN": RINGRING, "SLACK_RATE_FACTOR": "100"}
    running = Stack(tmp=imported, sandbox=sandbox, api_url=api_url, overrides=overrides)
    yield running
    await running.stop()


async def ring(stack: Stack, person_id: str, call_id: str) -> None:
    params = {"phone": PHONE, "ext": extension(person_id), "callid": call_id, "token": RINGRING}
    url = stack.url + "/api/info/ringring"
    async with ClientSession() as http, http.get(url, params=params) as response:
        assert response.status == 200


def has_card(sandbox: Sandbox, person_id: str) -> bool:
    return any(
        m.edited and "Romero Garcia" in json.dumps(m.blocks, ensure_ascii=False)
        for m in sandbox.dms(slack_id(person_id))
    )


async def test_slack_sync_links_everyone_known_even_through_429s(imported, capsys, sandbox):
    sandbox.faults.rate_limit("users.lookupByEmail", times=3, retry_after=1)
    status, out = await tomatic(capsys, "slack", "sync")
    assert status == 0, out
    assert "59 of 60 persons linked to Slack (59 newly)." in out
    assert f"Slack does not know the e-mail of (1):\n  {MISSING} <{MISSING}@example.coop>" in out
    assert f"[60/60] {MISSING}: not known to Slack" in out
    assert len(sandbox.faults.refused) == 3
    status, out = await tomatic(capsys, "person", "list", "--json")
    people = {p["id"]: p for p in json.loads(out)}
    assert people["opaa"]["slack_user_id"] == "U0OPAA" and people["opaa"]["language"] == "ca"
    assert people[MISSING]["slack_user_id"] == ""


async def test_a_dry_run_stores_nothing(imported, capsys, sandbox):
    status, out = await tomatic(capsys, "slack", "sync", "--dry-run")
    assert status == 0 and "59 of 60 persons would be linked to Slack" in out
    status, out = await tomatic(capsys, "person", "list", "--json")
    assert all(p["slack_user_id"] == "" for p in json.loads(out))


async def test_after_the_sync_a_call_reaches_someone_who_never_used_the_bot(
    imported, capsys, sandbox, stack
):
    assert (await tomatic(capsys, "slack", "sync"))[0] == 0
    await stack.start()
    before = len(sandbox.calls)
    await ring(stack, "opbk", "call-1")
    await sandbox.wait_for(lambda: has_card(sandbox, "opbk"), timeout=5)
    assert [method for method, _ in sandbox.calls[before:]] == [
        "chat.postMessage",
        "chat.update",
    ]  # the stored id is used: nothing looked up at call time


async def test_publishing_while_slack_answers_429_still_dms_all_59(
    imported, capsys, sandbox, stack
):
    assert (await tomatic(capsys, "slack", "sync"))[0] == 0
    await stack.start()
    services = stack.services
    week = monday_of(dt.date.today()) + dt.timedelta(days=7)
    version = SqliteTimetables(stack.db).save(week_for_everyone(week), "draft", "opaa")
    unlucky = {slack_id(p) for p in ("opab", "opbc", "opcd")}
    sandbox.faults.rate_limit(
        "chat.postMessage", times=3, retry_after=1, match=lambda a: a.get("channel") in unlucky
    )
    coordinator = await services.persons.get("opaa")
    result = await services.timetable.publish(coordinator, week, version)
    assert result.notified == 59
    linked = [p for p in IDS if p != MISSING]
    shown = f"{week.day}/{week.month}/{week.year}"  # the week, as Catalan writes dates
    reached = [p for p in linked if any(shown in m.text for m in sandbox.dms(slack_id(p)))]
    assert reached == linked
    assert len(sandbox.faults.refused) == 3
    announcement = sandbox.messages()[-1].text
    assert "(by <@U0OPAA>)" in announcement


async def test_the_turn_warning_mentions_everyone_it_names(imported, capsys, sandbox, stack):
    assert (await tomatic(capsys, "slack", "sync"))[0] == 0
    await stack.start()
    services = stack.services
    week = monday_of(dt.date.today()) + dt.timedelta(days=7)
    SqliteTimetables(stack.db).save(week_for_everyone(week), "published", "opaa")
    at = dt.datetime.combine(week, dt.time(8, 55), tzinfo=services.now().tzinfo)
    outcome = await services.operations.warn_next_turn(at)
    assert outcome.key.endswith("warned")
    warning = sandbox.messages()[-1].text
    assert warning.endswith(f": Operator {MISSING[2:].upper()}, <@U0OPAA>, <@U0OPAB>")
    assert any("09:00" in m.text for m in sandbox.dms("U0OPAA"))


async def test_when_the_missing_account_appears_the_next_sync_links_it_and_calls_reach_it(
    imported, capsys, sandbox, stack
):
    assert (await tomatic(capsys, "slack", "sync"))[0] == 0
    await stack.start()
    before = len(sandbox.calls)
    await ring(stack, MISSING, "call-before")
    await asyncio.sleep(0.3)
    assert sandbox.calls[before:] == []  # not linked: the call is recorded and dropped
    sandbox.add_user(user(MISSING))
    status, out = await tomatic(capsys, "slack", "sync")
    assert status == 0 and "60 of 60 persons linked to Slack (1 newly)." in out
    await ring(stack, MISSING, "call-after")
    await sandbox.wait_for(lambda: has_card(sandbox, MISSING), timeout=5)


async def test_a_sync_that_cannot_reach_slack_says_so_and_exits_1(imported, capsys, sandbox):
    sandbox.faults.refuse("users.lookupByEmail", "missing_scope", times=100)
    status, out = await tomatic(capsys, "slack", "sync")
    assert status == 1
    assert "Not checked: Slack did not answer (run the sync again later) (60):" in out
    assert "opaa <opaa@example.coop>: missing_scope" in out


async def test_importing_with_slack_configured_links_at_once(env, capsys, monkeypatch, sandbox):
    point_at_slack(monkeypatch, sandbox)
    status, out = await tomatic(capsys, "import-legacy", str(write_legacy_team(env / "legacy")))
    assert status == 0
    assert "59 persons in all are linked to Slack." in out
    assert f"  {MISSING} <{MISSING}@example.coop>" in out


async def test_person_add_links_at_once(env, capsys, monkeypatch, sandbox):
    point_at_slack(monkeypatch, sandbox)
    status, out = await tomatic(capsys, "person", "add", "opaa", "--email", "opaa@example.coop")
    assert status == 0 and "Linked to Slack as U0OPAA." in out
    status, out = await tomatic(capsys, "person", "add", "nobody", "--email", "no@example.coop")
    assert status == 0 and "Not linked to Slack" in out


async def test_the_directory_tells_members_strangers_and_deactivated_accounts_apart(sandbox):
    email = "gone@example.coop"
    gone = SandboxUser(id="U0GONE", name="gone", real_name="", email=email, deleted=True)
    sandbox.add_user(gone)
    sandbox.faults.rate_limit("users.lookupByEmail", times=1, retry_after=1)
    client = build_client(TOKEN, sandbox.response_url_base() + "api/", rate_factor=100)
    directory = SlackUserDirectory(client)
    member = await directory.by_email("OPAB@example.coop")
    assert (member.found, member.user_id) == ("member", "U0OPAB") and member.locale == "ca-ES"
    assert (await directory.by_email(f"{MISSING}@example.coop")).found == "unknown"
    assert (await directory.by_email("gone@example.coop")).found == "deactivated"
    sandbox.faults.refuse("users.lookupByEmail", "missing_scope")
    with pytest.raises(DirectoryUnavailableError) as failed:
        await directory.by_email("opaa@example.coop")
    assert failed.value.params["reason"] == "missing_scope"

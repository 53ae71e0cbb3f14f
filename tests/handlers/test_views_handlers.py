"""`/tomatic timetable` and `/tomatic calendar` listeners, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.commands.views import handle_calendar, handle_timetable
from handlers.context import Ctx
from tests.fakes import FakeNotifier
from tomatic.domain.model import Person
from tomatic.domain.timetable import Timetable
from tomatic.i18n import t
from tomatic.ports import Stores


class RefusingChannels(FakeNotifier):
    """Refuses uploads to channels the bot is not in, like Slack's not_in_channel."""

    async def upload(self, where, filename, content, title, comment):
        if where.startswith("C") or where in self.refused:
            return False
        return await super().upload(where, filename, content, title, comment)

    refused: tuple[str, ...] = ()


@pytest.fixture
def notifier() -> RefusingChannels:
    return RefusingChannels()


async def test_the_image_goes_to_the_users_dm_when_the_channel_refuses_it(
    services, stores, operator
):
    await operator_on_slack(stores, operator)
    week = Timetable.empty(dt.date(2026, 11, 30), ["dl"], services.config.hours, 1)
    week.cells["dl"][0] = ["bernat"]
    await stores.timetables.save(week, "published", "anna")
    ctx = Ctx(services, "U0BERNAT", "en", args=["next"], channel_id="C0OTHER")
    reply = await handle_timetable(ctx)
    assert [(w, f) for w, f, _ in services.notifier.files] == [
        ("U0BERNAT", "timetable-2026-11-30.png")
    ]
    assert "```" in reply.blocks[0]["text"]["text"]


async def test_an_image_slack_refuses_everywhere_is_a_sentence_next_to_the_text(
    services, stores, operator
):
    await operator_on_slack(stores, operator)
    week = Timetable.empty(dt.date(2026, 11, 30), ["dl"], services.config.hours, 1)
    week.cells["dl"][0] = ["bernat"]
    await stores.timetables.save(week, "published", "anna")
    services.notifier.refused = ("U0BERNAT",)
    ctx = Ctx(services, "U0BERNAT", "ca", args=["next"], channel_id="C0OTHER")
    reply = await handle_timetable(ctx)
    assert reply.blocks[0]["elements"][0]["text"] == t("ca", "views.image_not_shared")
    assert "```" in reply.blocks[1]["text"]["text"]  # the grid as text all the same


async def test_calendar_shows_the_same_address_until_renewed(services, stores, operator):
    await operator_on_slack(stores, operator)
    ctx = Ctx(services, "U0BERNAT", "ca")
    first, second = await handle_calendar(ctx), await handle_calendar(ctx)
    assert first.text == second.text and "/calendar/" in first.text
    button = first.blocks[-1]["elements"][0]
    assert button["text"]["text"] == "Enllaç nou"


async def operator_on_slack(stores: Stores, operator: Person) -> None:
    await stores.persons.save(operator.model_copy(update={"slack_user_id": "U0BERNAT"}), "test")

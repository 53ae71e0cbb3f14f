"""TimetableViewService on real SQLite: weeks, image, private page, tokens and the feed."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from tests.conftest import NOW, ZONE
from tomatic.adapters import png_timetable
from tomatic.adapters.png_drawing import font
from tomatic.domain.errors import NotFoundError, ValidationError
from tomatic.domain.model import Person
from tomatic.domain.timetable import Timetable, TimetableState
from tomatic.ports import Stores
from tomatic.services import Services
from tomatic.services.views import InvalidTokenError, TimetableViewService

THIS_WEEK = dt.date(2026, 11, 23)
NEXT_WEEK = dt.date(2026, 11, 30)
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


@pytest.fixture
async def team(services, stores):
    """Anna (Catalan, dark red) and Bernat <the> second (yellow): a name the name rule
    refuses today, stored straight in the database as an older one may hold it."""
    anna = await services.persons.create(
        None, "anna", {"name": "Anna Puig", "email": "anna@example.coop", "color": "990000",
                       "language": "ca", "groups": ["admin"]},
    )  # fmt: skip
    bernat = Person(id="bernat", name="Bernat <b>", email="bernat@example.coop", color="ffd966")
    await stores.persons.save(bernat, "t")
    return anna, bernat


async def publish(stores: Stores, week: dt.date, state: TimetableState = "published") -> Timetable:
    timetable = Timetable.empty(week, ["dl", "dm", "dx", "dj"], HOURS, 2)
    timetable.holidays = {"dv": "Festa"}
    timetable.cells["dl"][0] = ["anna", "bernat"]
    timetable.cells["dm"][2] = ["bernat", None]
    await stores.timetables.save(timetable, state, "anna")
    return timetable


def viewer(services: Services, stores: Stores, **drawing: Any) -> TimetableViewService:
    """The view service at the tests' clock, with these painters."""
    return TimetableViewService(
        stores.timetables,
        stores.persons,
        stores.tokens,
        stores.busy,
        services.config,
        lambda: NOW,
        "https://t.example",
        **drawing,
    )


def at(moment: dt.datetime, services: Services, stores: Stores) -> TimetableViewService:
    return TimetableViewService(
        stores.timetables,
        stores.persons,
        stores.tokens,
        stores.busy,
        services.config,
        lambda: moment,
        "https://t.example",
    )


class TestWeeks:
    def test_the_default_week_is_this_one_on_a_thursday(self, services):
        assert services.views.default_week() == THIS_WEEK

    def test_friday_after_closing_and_weekends_default_to_next_week(self, services, stores):
        friday = dt.datetime(2026, 11, 27, 14, 0, tzinfo=ZONE)
        assert at(friday - dt.timedelta(minutes=1), services, stores).default_week() == THIS_WEEK
        assert at(friday, services, stores).default_week() == NEXT_WEEK
        assert at(friday + dt.timedelta(days=1), services, stores).default_week() == NEXT_WEEK
        assert (
            at(friday + dt.timedelta(days=2, hours=9), services, stores).default_week() == NEXT_WEEK
        )

    def test_weeks_are_read_from_words_and_dates(self, services):
        views = services.views
        assert views.parse_week(None) == THIS_WEEK
        assert views.parse_week("next") == NEXT_WEEK
        assert views.parse_week("següent") == NEXT_WEEK
        assert views.parse_week("aquesta") == THIS_WEEK
        assert views.parse_week("last") == THIS_WEEK - dt.timedelta(days=7)
        assert views.parse_week("2026-12-02") == NEXT_WEEK

    def test_a_word_that_is_no_week_is_refused(self, services):
        with pytest.raises(ValidationError) as caught:
            services.views.parse_week("tomorrowish")
        assert caught.value.key == "dates.bad_week"


async def test_a_week_without_a_published_timetable_has_no_image(services, team, stores):
    await publish(stores, NEXT_WEEK, state="draft")
    with pytest.raises(NotFoundError) as caught:
        await services.views.image(NEXT_WEEK)
    assert caught.value.key == "views.no_timetable"


async def test_the_image_is_a_wide_png_with_each_persons_colour(services, team, stores):
    await publish(stores, NEXT_WEEK)
    image = Image.open(io.BytesIO(await services.views.image(NEXT_WEEK)))
    assert image.format == "PNG"
    assert 1100 <= image.width <= 1300 and image.height > 300
    colours = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x99, 0x00, 0x00) in colours and (0xFF, 0xD9, 0x66) in colours


async def test_a_snapshot_has_the_image_a_text_grid_and_a_private_link(services, team, stores):
    anna, _ = team
    await publish(stores, NEXT_WEEK)
    snapshot = await services.views.snapshot(anna, "next", "ca")
    assert snapshot.week == NEXT_WEEK and snapshot.png.startswith(b"\x89PNG")
    text = "\n".join(snapshot.rows)
    assert "Anna Puig · Bernat <b>" in text and "Festiu: Festa" in text and "—" in text
    assert "Dilluns 30/11/2026" in text
    token = await services.views.calendar_token(anna)
    assert snapshot.page_url.endswith(f"/timetable/2026-11-30.html?token={token}")


class TestTokens:
    async def test_a_person_keeps_one_token_until_renewed(self, services, team):
        anna, bernat = team
        first = await services.views.calendar_token(anna)
        assert await services.views.calendar_token(anna) == first
        assert await services.views.calendar_token(bernat) != first
        renewed = await services.views.renew_token(anna)
        assert renewed != first and await services.views.calendar_token(anna) == renewed

    async def test_old_and_revoked_tokens_stop_working(self, services, team):
        anna, _ = team
        old = await services.views.calendar_token(anna)
        new = await services.views.renew_token(anna)
        with pytest.raises(InvalidTokenError):
            await services.views.calendar(old)
        await services.views.calendar(new)
        assert await services.views.revoke_token(anna) is True
        with pytest.raises(InvalidTokenError):
            await services.views.calendar(new)
        assert await services.views.revoke_token(anna) is False

    async def test_urls_use_the_base_url(self, services, team):
        url = services.views.calendar_url("abc")
        assert url == "http://127.0.0.1:3000/calendar/abc.ics"


async def test_the_feed_has_recent_and_future_turns_in_the_persons_language(services, team, stores):
    anna, _ = team
    await publish(stores, NEXT_WEEK)
    await publish(stores, THIS_WEEK)
    await publish(stores, THIS_WEEK - dt.timedelta(weeks=6))
    await publish(stores, NEXT_WEEK + dt.timedelta(weeks=1), state="draft")
    text = await services.views.calendar(await services.views.calendar_token(anna))
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Europe/Madrid:20261130T090000" in text
    assert "DTSTART;TZID=Europe/Madrid:20261123T090000" in text
    assert "SUMMARY:Torn de telèfon" in text and "X-WR-CALNAME:Tomàtic — Anna Puig" in text
    assert "UID:2026-11-30-dl-0-anna@127.0.0.1" in text
    assert f"DTSTAMP:{NOW.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in text


async def test_the_page_needs_a_live_token_and_outlines_the_holders_turns(services, team, stores):
    _, bernat = team
    await publish(stores, NEXT_WEEK)
    with pytest.raises(InvalidTokenError):
        await services.views.html(NEXT_WEEK, "nope")
    token = await services.views.calendar_token(bernat)
    page = await services.views.html(NEXT_WEEK, token)
    assert page.startswith("<!doctype html>")
    assert "Bernat &lt;b&gt;" in page and "<b>" not in page
    assert page.count('class="mine"') == 2
    assert "Holiday" in page and "Festa" in page
    assert f"/timetable/2026-12-07.html?token={token}" in page
    with pytest.raises(NotFoundError):
        await services.views.html(NEXT_WEEK + dt.timedelta(weeks=3), token)


class TestOffTheEventLoop:
    """Drawing a big week takes a while: it must never hold up the event loop."""

    async def test_the_image_and_the_page_are_drawn_in_another_thread(self, services, team, stores):
        anna, _ = team
        await publish(stores, NEXT_WEEK)
        drawn: dict[str, bool] = {}

        def painter(grid) -> bytes:
            drawn["image"] = on_loop_thread()
            return b"\x89PNG fake"

        def page_writer(grid, lang, note, mine, links) -> str:
            drawn["page"] = on_loop_thread()
            return "<html></html>"

        views = viewer(services, stores, painter=painter, page_writer=page_writer)
        snapshot = await views.snapshot(anna, "next", "en")
        await views.html(NEXT_WEEK, await views.calendar_token(anna))
        assert snapshot.png == b"\x89PNG fake"
        assert drawn == {"image": False, "page": False}


async def test_everyone_asking_for_the_same_week_at_once_gets_one_drawing(services, team, stores):
    await publish(stores, NEXT_WEEK)
    drawings: list[int] = []

    def painter(grid) -> bytes:
        drawings.append(1)
        return b"\x89PNG " + grid.title.encode()

    views = viewer(services, stores, painter=painter)
    images = await asyncio.gather(*(views.image(NEXT_WEEK, "ca") for _ in range(10)))
    assert len(set(images)) == 1 and drawings == [1]
    assert await views.image(NEXT_WEEK, "es") != images[0] and drawings == [1, 1]


async def test_a_failed_drawing_fails_its_askers_and_the_next_one_draws_again(
    services, team, stores
):
    await publish(stores, NEXT_WEEK)
    attempts: list[int] = []

    def painter(grid) -> bytes:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("no fonts")
        return b"\x89PNG"

    views = viewer(services, stores, painter=painter)
    with pytest.raises(OSError):
        await views.image(NEXT_WEEK)
    assert await views.image(NEXT_WEEK) == b"\x89PNG" and len(attempts) == 2


def on_loop_thread() -> bool:
    """Whether the caller runs on a thread with a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_fitting_a_huge_name_in_a_cell_measures_it_a_few_times_only():
    class CountingDraw:
        calls = 0

        def textlength(self, text, font=None):
            self.calls += 1
            return 7.5 * len(text)

    draw = CountingDraw()
    fitted = png_timetable._fit(draw, "Maria " * 500, font(15), 180)
    assert fitted.endswith("…") and 7.5 * len(fitted) <= 180 < 7.5 * (len(fitted) + 1)
    assert draw.calls <= 14

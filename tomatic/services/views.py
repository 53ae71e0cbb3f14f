"""Seeing published timetables: PNG image, private HTML page, personal iCalendar feed."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from tomatic.domain.config import PlanningConfig
from tomatic.domain.dates import read_week
from tomatic.domain.errors import NotFoundError
from tomatic.domain.ical import calendar_text, turn_events
from tomatic.domain.model import WEEKDAYS, Person, date_of, monday_of
from tomatic.domain.render_grid import Grid, Labels, build_grid, text_rows
from tomatic.domain.render_html import html_page
from tomatic.domain.timetable import Timetable
from tomatic.i18n import t
from tomatic.i18n.formats import date_text
from tomatic.ports import BusyStore, PersonStore, TimetableStore, TokenStore
from tomatic.services.view_images import PAINTERS, ImageCache, Painter

TOKEN_KIND = "personal"
RECENT_WEEKS = 4
PageWriter = Callable[[Grid, str, str, str | None, str], str]


class InvalidTokenError(NotFoundError):
    """A personal link token that does not exist or was revoked."""

    key = "views.bad_token"


@dataclass(frozen=True)
class WeekSnapshot:
    """What `/tomatic timetable` shows: the image, the grid as lines of text and the page."""

    week: dt.date
    title: str
    png: bytes
    rows: list[str]
    page_url: str


class TimetableViewService:
    """Read-only views of published timetables and each person's secret link."""

    def __init__(
        self,
        timetables: TimetableStore,
        persons: PersonStore,
        tokens: TokenStore,
        busy: BusyStore,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
        base_url: str,
        painter: Painter | None = None,
        language: str = "en",
        page_writer: PageWriter = html_page,
    ) -> None:
        self.timetables = timetables
        self.persons = persons
        self.tokens = tokens
        self.busy = busy
        self.config = config
        self.now = now
        self.base_url = base_url.rstrip("/")
        self.language = language
        self.page_writer = page_writer
        self._images = ImageCache(painter)
        self._pages = asyncio.Semaphore(PAINTERS)

    def default_week(self) -> dt.date:
        """This week; next week on weekends and on Friday from closing time."""
        moment = self.now()
        week = monday_of(moment.date())
        weekday = moment.weekday()
        closed = weekday == 4 and moment.strftime("%H:%M") >= self.config.hours[-1]
        return week + dt.timedelta(days=7) if weekday >= 5 or closed else week

    def parse_week(self, word: str | None) -> dt.date:
        """A week as typed (`tomatic.domain.dates.read_week`); the default week if None."""
        return read_week(word, self.now().date(), self.default_week())

    async def published(self, week: dt.date) -> Timetable:
        """The published timetable of a week (NotFoundError when there is none)."""
        found = await self.timetables.published(week)
        if found is None:
            raise NotFoundError("views.no_timetable", date=week)
        return found[1]

    async def grid(self, week: dt.date, lang: str) -> Grid:
        """The drawing model of a published week, in `lang`, holidays with their names
        (built in a thread: a 300-person, 40-line week is thousands of cells)."""
        timetable = await self._with_holiday_names(await self.published(week))
        persons = await self.persons.all()
        names = {p.id: p.display_name for p in persons}
        colors = {p.id: p.color for p in persons}
        labels = grid_labels(lang, week)
        return await asyncio.to_thread(build_grid, timetable, names, colors, labels)

    async def _with_holiday_names(self, timetable: Timetable) -> Timetable:
        if not timetable.holidays or all(timetable.holidays.values()):
            return timetable
        named = {h.date: h.name for h in await self.busy.holidays()}
        holidays = {
            day: name or named.get(date_of(timetable.week, day), "")
            for day, name in timetable.holidays.items()
        }
        return timetable.model_copy(update={"holidays": holidays})

    async def image(self, week: dt.date, lang: str | None = None) -> bytes:
        """The PNG of a published week."""
        return await self._paint(await self.grid(week, lang or self.language))

    async def image_of(self, timetable: Timetable, lang: str) -> bytes:
        """The PNG of any version (a draft, a planner run's best so far): the caller checks
        who may see it."""
        persons = await self.persons.all()
        names = {p.id: p.display_name for p in persons}
        colors = {p.id: p.color for p in persons}
        labels = grid_labels(lang, timetable.week)
        grid = await asyncio.to_thread(build_grid, timetable, names, colors, labels)
        return await self._paint(grid)

    async def _paint(self, grid: Grid) -> bytes:
        """The painter's PNG, drawn in a thread (once for everyone asking for the same)."""
        return await self._images.image(grid)

    async def snapshot(self, person: Person, word: str | None, lang: str) -> WeekSnapshot:
        """Image, text rows and private page link of a week, for `person`."""
        week = self.parse_week(word)
        grid = await self.grid(week, lang)
        png = await self._paint(grid)
        token = await self.calendar_token(person)
        return WeekSnapshot(week, grid.title, png, text_rows(grid), self.page_url(week, token))

    async def html(self, week: dt.date, token: str) -> str:
        """The private page of a week; InvalidTokenError unless `token` is a live one."""
        person = await self._person_of(token)
        lang = person.language or self.language
        grid = await self.grid(week, lang)
        links = " ".join(
            f'<a href="{self.page_url(week + dt.timedelta(days=days), token)}">{t(lang, key)}</a>'
            for days, key in ((-7, "views.page.previous"), (7, "views.page.next"))
        )
        note = t(lang, "views.page.note")
        async with self._pages:
            return await asyncio.to_thread(self.page_writer, grid, lang, note, person.id, links)

    async def calendar_token(self, person: Person) -> str:
        """The person's secret link token, created on first use."""
        token = await self.tokens.active(TOKEN_KIND, person.id)
        return token or await self.renew_token(person)

    async def renew_token(self, person: Person) -> str:
        """Revoke the person's token and issue a new one (old links stop working)."""
        token = secrets.token_urlsafe(24)
        await self.tokens.replace(TOKEN_KIND, person.id, token, person.id)
        return token

    async def revoke_token(self, person: Person) -> bool:
        """Revoke the person's token without a replacement."""
        return await self.tokens.revoke(TOKEN_KIND, person.id, person.id)

    def calendar_url(self, token: str) -> str:
        """The address to subscribe to."""
        return f"{self.base_url}/calendar/{quote(token)}.ics"

    def page_url(self, week: dt.date, token: str) -> str:
        """The private page of a week."""
        return f"{self.base_url}/timetable/{week.isoformat()}.html?token={quote(token)}"

    async def calendar(self, token: str) -> str:
        """The iCalendar text of the person's turns in recent and future published weeks."""
        person = await self._person_of(token)
        lang = person.language or self.language
        zone = _zone_of(self.now())
        since = monday_of(self.now().date()) - dt.timedelta(weeks=RECENT_WEEKS)
        events = []
        for week in await self.timetables.published_weeks():
            if week >= since:
                timetable = await self.published(week)
                events += turn_events(
                    timetable,
                    person.id,
                    zone,
                    t(lang, "views.calendar.summary"),
                    t(lang, "views.calendar.description", line="{line}", turn="{turn}"),
                    urlsplit(self.base_url).hostname or "tomatic",
                )
        name = t(lang, "views.calendar.name", name=person.display_name)
        return calendar_text(events, name, zone, self.now(), t(lang, "views.calendar.alarm"))

    async def _person_of(self, token: str) -> Person:
        person_id = await self.tokens.person_of(TOKEN_KIND, token) if token else None
        person = await self.persons.get(person_id) if person_id else None
        if person is None:
            raise InvalidTokenError()
        return person


def grid_labels(lang: str, week: dt.date) -> Labels:
    """The words of a timetable drawing (title, days, holiday, lines) in `lang`."""
    return Labels(
        title=t(lang, "views.title", date=date_text(lang, week)),
        day_names={d: t(lang, f"views.day.{d}") for d in WEEKDAYS},
        short_day_names={d: t(lang, f"views.short.{d}") for d in WEEKDAYS},
        holiday=t(lang, "views.holiday"),
        line=t(lang, "views.line", n="{n}"),
        date=t(lang, "dates.format.date", day="{day}", month="{month}", year="{year}"),
    )


def _zone_of(moment: dt.datetime) -> ZoneInfo:
    zone = moment.tzinfo
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo("UTC")

"""Personal read-only views over HTTP: the iCalendar feed and the private timetable page.

The token in the address is the only secret: unknown or revoked tokens get 404 on the
feed (nothing to discover) and 403 on the page.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from tomatic.domain.errors import NotFoundError
from tomatic.services.views import InvalidTokenError, TimetableViewService

VIEWS = web.AppKey("views", TimetableViewService)
PRIVATE = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}


def add_view_routes(app: web.Application, service: TimetableViewService) -> None:
    """Add `GET /calendar/{token}.ics` and `GET /timetable/{week}.html?token=…`."""
    app[VIEWS] = service
    app.router.add_get("/calendar/{token}.ics", calendar)
    app.router.add_get("/timetable/{week}.html", timetable_page)


async def calendar(request: web.Request) -> web.Response:
    """The person's turns as text/calendar."""
    try:
        text = await request.app[VIEWS].calendar(request.match_info["token"])
    except NotFoundError:
        raise web.HTTPNotFound(text="not found") from None
    headers = PRIVATE | {"Content-Disposition": 'inline; filename="tomatic.ics"'}
    return web.Response(text=text, content_type="text/calendar", charset="utf-8", headers=headers)


async def timetable_page(request: web.Request) -> web.Response:
    """A published week as a read-only HTML page, for holders of a personal token."""
    try:
        week = dt.date.fromisoformat(request.match_info["week"])
    except ValueError:
        raise web.HTTPNotFound(text="no such week") from None
    try:
        page = await request.app[VIEWS].html(week, request.query.get("token", ""))
    except InvalidTokenError:
        raise web.HTTPForbidden(text="this link is not valid") from None
    except NotFoundError:
        raise web.HTTPNotFound(text="no published timetable for that week") from None
    return web.Response(text=page, content_type="text/html", charset="utf-8", headers=PRIVATE)

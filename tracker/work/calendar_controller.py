"""The calendar feed: /kalender/{token}.ics for calendar clients, and /konto/kalender, where a
person makes, copies and revokes their address."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.guard import PUBLIC, READ
from tracker.accounts.permissions import Principal
from tracker.clock import now, today
from tracker.phases.catalogue import PhaseCatalogue
from tracker.web.http import see_other
from tracker.work import calendar, services

PAGE = "/konto/kalender"


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@get("/kalender/{file:str}", name="work:calendar_feed", opt=PUBLIC)
async def calendar_feed(
    request: Request, file: FromPath[str], catalogue: NamedDependency[PhaseCatalogue]
) -> Response[bytes]:
    token = file.removesuffix(".ics")
    owner = await calendar.owner_of(token) if file.endswith(".ics") else None
    if owner is None:  # unknown and revoked addresses look the same
        raise NotFoundException()
    records = await services.my_records(owner)
    items = await services.waiting_for(owner, records, catalogue)
    items += await services.planned_sessions(records, today())
    entries = [
        calendar.CalendarEntry(
            item.key, item.due, f"{item.label}: {item.what} – {item.title}", item.url
        )
        for item in items
        if item.due is not None and item.key and item.kind != "review"
    ]
    return Response(
        calendar.build_calendar(entries, _base_url(request), f"Mitt arbete – {owner.name}", now()),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=900"},
    )


@get(PAGE, name="work:calendar_page", opt=READ)
async def calendar_page(actor: NamedDependency[Principal]) -> Template:
    return Template("work/calendar.html", context={"feed": await calendar.active_feed(actor)})


@post(PAGE, name="work:calendar_create", opt=READ, status_code=200)
async def calendar_create(request: Request, actor: NamedDependency[Principal]) -> Template:
    """The new address is shown once, on this answer: only its hash is kept."""
    token = await calendar.create_feed(actor)
    return Template(
        "work/calendar.html",
        context={
            "feed": await calendar.active_feed(actor),
            "address": f"{_base_url(request)}/kalender/{token}.ics",
        },
    )


@post(f"{PAGE}/aterkalla", name="work:calendar_revoke", opt=READ)
async def calendar_revoke(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
    revoked = await calendar.revoke_feed(actor)
    flash(
        request,
        "Kalenderadressen är återkallad. Den slutar fungera direkt."
        if revoked
        else "Du har ingen kalenderadress att återkalla.",
        category="success",
    )
    return see_other(PAGE)


ROUTES = [calendar_feed, calendar_page, calendar_create, calendar_revoke]

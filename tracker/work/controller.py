"""Mitt arbete: the signed-in start page (the steps and recent projects below one's own work)."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from litestar.response import Template

from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.work import services
from tracker.work.board import board
from tracker.work.calendar_controller import ROUTES as CALENDAR_ROUTES
from tracker.work.rules import due_state


@get("/", name="home")
async def home(
    actor: NamedDependency[Principal], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    records = await services.my_records(actor)
    on = today()
    return Template(
        "home.html",
        context={
            "records": records,
            "waiting": await services.waiting_for(actor, records, catalogue),
            "due_state": lambda item: due_state(item.due, on),
            "by_step": await project_register.count_by_step(),
            "recent": await project_register.recently_changed(),
        },
    )


ROUTES = [home, board, *CALENDAR_ROUTES]

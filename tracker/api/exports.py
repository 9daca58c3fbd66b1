"""CSV and XLSX exports of the register lists, with the list page's current filters:
/projekt, /dialoger, /dialoger/aterkoppling, /insikter and /forandringar (…/export.csv and
…/export.xlsx)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency

from tracker.accounts.guard import READ
from tracker.api import rows as r
from tracker.clock import today
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.filters import read_filters as read_dialogue_filters
from tracker.dialogues.filters import read_ledger_filters
from tracker.insights.rules import CHANGE_STATUS_LABELS
from tracker.insights.views import read_insight_filters
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.filters import read_filters as read_project_filters
from tracker.web.tabular import send_table


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params)


def _export(path: str, name: str) -> get:
    """The route of a register's export, `path`/export.csv and `path`/export.xlsx (the ending
    says which), for everyone who may read the register; not part of the API's schema."""
    return get(
        [f"{path}/export.csv", f"{path}/export.xlsx"], name=name, opt=READ, include_in_schema=False
    )


@_export("/projekt", "projects:export")
async def export_projects(
    request: Request, catalogue: NamedDependency[PhaseCatalogue]
) -> Response[bytes]:
    filters = read_project_filters(_params(request), catalogue)
    rows = await r.project_rows(filters, catalogue)
    return send_table(request, "projekt", "Projekt", r.PROJECT_COLUMNS, rows)


@_export("/dialoger", "dialogues:export")
async def export_dialogues(
    request: Request, dialogue_lists: NamedDependency[DialogueLists]
) -> Response[bytes]:
    filters = read_dialogue_filters(_params(request), dialogue_lists)
    rows = await r.dialogue_rows(filters, dialogue_lists)
    return send_table(request, "dialoger", "Dialoger", r.DIALOGUE_COLUMNS, rows)


@_export("/dialoger/aterkoppling", "dialogues:ledger-export")
async def export_ledger(
    request: Request, dialogue_lists: NamedDependency[DialogueLists]
) -> Response[bytes]:
    filters = read_ledger_filters(_params(request), dialogue_lists)
    rows = await r.ledger_rows(filters, dialogue_lists, today())
    return send_table(request, "aterkoppling", "Återkoppling", r.LEDGER_COLUMNS, rows)


@_export("/insikter", "insights:export")
async def export_insights(request: Request) -> Response[bytes]:
    filters = read_insight_filters(_params(request))
    rows = await r.insight_rows(filters)
    return send_table(request, "insikter", "Insikter", r.INSIGHT_COLUMNS, rows)


@_export("/forandringar", "changes:export")
async def export_changes(request: Request) -> Response[bytes]:
    status = request.query_params.get("status", "")
    rows = await r.change_rows(status if status in CHANGE_STATUS_LABELS else "")
    return send_table(request, "forandringar", "Tjänsteförändringar", r.CHANGE_COLUMNS, rows)


ROUTES: list[Any] = [
    export_projects,
    export_dialogues,
    export_ledger,
    export_insights,
    export_changes,
]

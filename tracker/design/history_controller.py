"""A project's design history: the page (internal evidence marked), the print view and the PDF
(both without internal evidence, to be shared), for every signed-in user."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.response import Template

from tracker.accounts.guard import READ
from tracker.clock import today
from tracker.design import history_document, history_views
from tracker.municipality import Municipality
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project

HISTORY = "/projekt/{project_id:int}/designhistorik"


@get(HISTORY, name="design:history", opt=READ)
async def history_page(
    project: NamedDependency[Project], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    history = await history_views.project_history(project.id, catalogue)
    return Template("design/history.html", context={"project": project, "history": history})


@get(HISTORY + "/utskrift", name="design:history_print", opt=READ)
async def history_print(
    project: NamedDependency[Project], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    """The history alone, for printing and sharing: no menus, no internal evidence."""
    history = await history_views.project_history(project.id, catalogue, shared=True)
    context = {"project": project, "history": history, "made_on": today().isoformat()}
    return Template("design/history_print.html", context=context)


@get(HISTORY + "/designhistorik.pdf", name="design:history_pdf", opt=READ)
async def history_pdf(
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    municipality: NamedDependency[Municipality],
) -> Response[Any]:
    history = await history_views.project_history(project.id, catalogue, shared=True)
    pictures = await history_views.pictures_as_data(project.id)
    html = history_document.document_html(project.title, history, pictures, municipality, today())
    name = f"designhistorik-projekt-{project.id}.pdf"
    return Response(
        await history_document.history_pdf(html),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@get("/designhistorik/dokument.css", name="design:history_css", opt=READ)
async def history_css() -> Response[str]:
    return Response(
        history_document.STYLE,
        media_type="text/css; charset=utf-8",
        headers={"cache-control": "private, max-age=3600"},
    )


ROUTES: list[Any] = [history_page, history_print, history_pdf, history_css]

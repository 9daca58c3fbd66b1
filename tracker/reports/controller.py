"""The report-back's pages: list, create, view (HTML, printable), the records behind each
figure and compare versions. Editing the draft is in edit_controller.py, freezing and new
versions in freeze_controller.py, the PDF and DOCX downloads in download_controller.py; the
dependencies they share (`lists`, `report`, `version`) in page.py."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.accounts import once
from tracker.accounts.guard import READ, REPORT
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.reports import documents, figures, integrity, outline, services
from tracker.reports.compare import changes_between
from tracker.reports.figures import Lists
from tracker.reports.forms import ReportInput, new_report_defaults, read_report_form
from tracker.reports.page import document_of, report_url
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion
from tracker.shared.registration import unique_or_refused
from tracker.text import clean
from tracker.web.forms import Fields
from tracker.web.http import plain, see_other
from tracker.web.pagination import page_number


@get("/rapporter", name="reports:list", opt=READ)
async def report_list(request: Request) -> Template:
    q = clean(request.query_params.get("q", "")).strip()[:200]
    page = await services.list_reports(page_number(request.query_params.get("sida")), q=q)
    params = {"q": q} if q else {}
    return Template("reports/list.html", context={"page": page, "params": params, "q": q})


@get("/rapporter/ny", name="reports:new", opt=REPORT)
async def new_report() -> Template:
    return Template("reports/new.html", context={"fields": Fields(new_report_defaults(today()))})


@post("/rapporter", name="reports:create", opt=REPORT)
async def create_report(
    request: Request,
    actor: NamedDependency[Principal],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    raw = plain(await request.form())

    def refuse(fields: Fields, status: int) -> Template:
        return Template("reports/new.html", context={"fields": fields}, status_code=status)

    async def create(data: ReportInput) -> str:
        return report_url((await services.create_report(data, lists, actor)).id, 1)

    message = "Rapporten är skapad och utkastet är skrivet utifrån siffrorna."
    read = await unique_or_refused(read_report_form(raw), Report, "rapporten")
    return await once.submit_once(request, actor, raw, read, refuse, create, message)


@get("/rapporter/{report_id:int}", name="reports:detail", opt=READ)
async def report_page(report: NamedDependency[Report]) -> Response[Any]:
    latest = await services.latest_version(report.id)
    if latest is None:
        raise NotFoundException()
    return see_other(report_url(report.id, latest.number))


async def _render_version(
    request: Request,
    report: Report,
    version: ReportVersion,
    lists: Lists,
    template: str = "reports/version.html",
) -> Template:
    frozen = version.status == Status.FROZEN
    verified = await integrity.matches_log(version) if frozen else None
    document = await document_of(request, report, version, lists, bool(verified))
    versions = services.version_infos(await services.versions_of(report.id))
    info = next(v for v in versions if v.number == version.number)
    return Template(
        template,
        context={
            "report": report,
            "version": version,
            "info": info,
            "versions": versions,
            "document": document,
            "link_base": report_url(report.id, version.number),
            "verified": verified,
        },
    )


@get("/rapporter/{report_id:int}/versioner/{number:int}", name="reports:version", opt=READ)
async def version_page(
    request: Request,
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    lists: NamedDependency[Lists],
) -> Template:
    page = await _render_version(request, report, version, lists)
    assert page.context is not None
    page.context["changed"] = await services.changed_since_frozen(report, version, lists)
    return page


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/utskrift",
    name="reports:print",
    opt=READ,
)
async def print_page(
    request: Request,
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    lists: NamedDependency[Lists],
) -> Template:
    """The document alone, for printing: no menus, the same style as the PDF."""
    return await _render_version(request, report, version, lists, template="reports/print.html")


@get("/rapporter/dokument.css", name="reports:css", opt=READ)
async def document_css() -> Response[str]:
    return Response(
        documents.DOCUMENT_CSS,
        media_type="text/css; charset=utf-8",
        headers={"cache-control": "private, max-age=3600"},
    )


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/underlag/{figure_key:str}",
    name="reports:evidence",
    opt=READ,
)
async def figure_records(
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    figure_key: FromPath[str],
    lists: NamedDependency[Lists],
) -> Template:
    """Exactly the records a figure counts (as they were at freezing, for a frozen version)."""
    content = await services.content_of(report, version, lists)
    figure = content["figures"].get(figure_key)
    if figure is None:
        raise NotFoundException()
    kind = figure["kind"]
    if "records" in content:
        stored = content["records"].get(kind, {})
        rows = [stored[str(i)] for i in figure["ids"] if str(i) in stored]
    else:
        rows = await figures.records(kind, figure["ids"], lists)
    return Template(
        "reports/evidence.html",
        context={
            "report": report,
            "version": version,
            "figure": figure,
            "value": outline.figure_text(figure),
            **figures.behind(figure, rows),
            "kind_noun": figures.KIND_NOUNS.get(kind, "post"),
        },
    )


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/jamfor",
    name="reports:compare",
    opt=READ,
)
async def compare(
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    lists: NamedDependency[Lists],
) -> Template:
    """What changed against the previous version, and against the previous report."""
    content = await services.content_of(report, version, lists)
    earlier = (
        await services.get_version(report.id, version.number - 1) if version.number > 1 else None
    )
    against_version = (
        changes_between(await services.content_of(report, earlier, lists), content)
        if earlier
        else None
    )
    previous = await services.previous_frozen(report)
    against_report = None
    if previous:
        previous_content = await services.content_of(previous[0], previous[1], lists)
        against_report = changes_between(previous_content, content)
    return Template(
        "reports/compare.html",
        context={
            "report": report,
            "version": version,
            "earlier": earlier,
            "against_version": against_version,
            "previous": previous,
            "against_report": against_report,
        },
    )


ROUTES: list[Any] = [
    report_list,
    new_report,
    create_report,
    report_page,
    version_page,
    print_page,
    document_css,
    figure_records,
    compare,
]

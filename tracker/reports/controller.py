"""The report-back's pages: list, create, view (HTML, printable), edit the draft, freeze (after
a confirmation page), new version, the records behind each figure and compare versions. The
PDF and DOCX downloads are in download_controller.py."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts import once
from tracker.accounts.guard import READ, REPORT
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.collaborations.catalogue import CollaborationLists
from tracker.dialogues.catalogue import DialogueLists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports import documents, figures, integrity, outline, services
from tracker.reports.binding import bound_keys, reference
from tracker.reports.figures import Lists
from tracker.reports.forms import (
    META_FIELDS,
    META_LABELS,
    check_references,
    new_report_defaults,
    read_narrative,
    read_report_form,
)
from tracker.reports.page import conflict as _conflict
from tracker.reports.page import lists_of as _lists
from tracker.reports.page import report_or_404 as _report_or_404
from tracker.reports.page import report_url
from tracker.reports.page import version_or_404 as _version_or_404
from tracker.reports.rules import PART_HINTS, PARTS, Status, changed_only, diff_lines
from tracker.reports.tables import Report, ReportVersion
from tracker.web.forms import Fields
from tracker.web.http import form_value, plain, see_other
from tracker.web.pagination import page_number
from tracker.web.versions import Conflict, save_or_conflict, versioned


@get("/rapporter", name="reports:list", opt=READ)
async def report_list(request: Request) -> Template:
    page = await services.list_reports(page_number(request.query_params.get("sida")))
    return Template("reports/list.html", context={"page": page, "params": {}})


@get("/rapporter/ny", name="reports:new", opt=REPORT)
async def new_report() -> Template:
    return Template("reports/new.html", context={"fields": Fields(new_report_defaults(today()))})


@post("/rapporter", name="reports:create", opt=REPORT)
async def create_report(
    request: Request,
    actor: NamedDependency[Principal],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Response[Any]:
    raw = plain(await request.form())
    if earlier := await once.earlier_result(actor, raw):
        return once.repeated(request, earlier)
    data, fields = read_report_form(raw)
    if data is None:
        return Template("reports/new.html", context={"fields": fields}, status_code=422)

    async def create() -> str:
        lists = _lists(catalogue, dialogue_lists, collaboration_lists)
        return report_url((await services.create_report(data, lists, actor)).id, 1)

    url = await once.create_once(actor, raw, create)
    flash(request, "Rapporten är skapad och utkastet är skrivet utifrån siffrorna.", "success")
    return see_other(url)


@get("/rapporter/{report_id:int}", name="reports:detail", opt=READ)
async def report_page(report_id: FromPath[int]) -> Response[Any]:
    report = await _report_or_404(report_id)
    latest = await services.latest_version(report.id)
    if latest is None:
        raise NotFoundException()
    return see_other(report_url(report.id, latest.number))


async def _render_version(
    report: Report, version: ReportVersion, lists: Lists, template: str = "reports/version.html"
) -> Template:
    content = await services.content_of(report, version, lists)
    versions = services.version_infos(await services.versions_of(report.id))
    info = next(v for v in versions if v.number == version.number)
    return Template(
        template,
        context={
            "report": report,
            "version": version,
            "info": info,
            "versions": versions,
            "blocks": outline.build(content),
            "link_base": report_url(report.id, version.number),
            "verified": await integrity.matches_log(version)
            if version.status == Status.FROZEN
            else None,
            "content": content,
        },
    )


@get("/rapporter/{report_id:int}/versioner/{number:int}", name="reports:version", opt=READ)
async def version_page(
    report_id: FromPath[int],
    number: FromPath[int],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    report = await _report_or_404(report_id)
    version = await _version_or_404(report, number)
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
    page = await _render_version(report, version, lists)
    assert page.context is not None
    page.context["changed"] = await services.changed_since_frozen(report, version, lists)
    return page


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/utskrift",
    name="reports:print",
    opt=READ,
)
async def print_page(
    report_id: FromPath[int],
    number: FromPath[int],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    """The document alone, for printing: no menus, the same style as the PDF."""
    report = await _report_or_404(report_id)
    version = await _version_or_404(report, number)
    return await _render_version(
        report,
        version,
        _lists(catalogue, dialogue_lists, collaboration_lists),
        template="reports/print.html",
    )


@get("/rapporter/dokument.css", name="reports:css", opt=READ)
async def document_css() -> Response[str]:
    return Response(
        documents.DOCUMENT_CSS,
        media_type="text/css; charset=utf-8",
        headers={"cache-control": "private, max-age=3600"},
    )


def _stored(report: Report, version: ReportVersion) -> dict[str, str]:
    """The edit form's fields as the report and its draft hold them now."""
    values = {key: form_value(getattr(report, key)) for key in META_FIELDS}
    return values | services.narrative_of(version)


def _edit_fields(report: Report, version: ReportVersion) -> Fields:
    return Fields(versioned(_stored(report, version), report.version))


def _edit_page(
    report: Report,
    version: ReportVersion,
    fields: Fields,
    found: dict[str, dict[str, Any]],
    status: int = 200,
    conflict: Conflict | None = None,
) -> Template:
    """The edit form, with the figures a text may bind to and the numbers each text binds,
    and what someone else saved meanwhile when the form was stale."""
    return Template(
        "reports/edit.html",
        context={
            "report": report,
            "version": version,
            "fields": fields,
            "parts": PARTS,
            "hints": PART_HINTS,
            "figures": found,
            "bound": {key: bound_keys(fields.raw.get(key, "")) for key in PARTS},
            "reference": reference,
            "conflict": conflict,
        },
        status_code=status,
    )


@get("/rapporter/{report_id:int}/redigera", name="reports:edit", opt=REPORT)
async def edit_report(
    report_id: FromPath[int],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    report = await _report_or_404(report_id)
    version = await services.latest_version(report.id)
    if version is None:
        raise NotFoundException()
    if version.status != Status.DRAFT:
        return _conflict(report, version.number, services.FROZEN_MESSAGE)
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
    found = await services.figures_for(report.period_start, report.period_end, lists)
    return _edit_page(report, version, _edit_fields(report, version), found)


@post("/rapporter/{report_id:int}/redigera", name="reports:update", opt=REPORT)
async def update_report(
    request: Request,
    report_id: FromPath[int],
    actor: NamedDependency[Principal],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Response[Any]:
    report = await _report_or_404(report_id)
    version = await services.latest_version(report.id)
    if version is None:
        raise NotFoundException()
    raw = plain(await request.form())
    number = int(raw["version"]) if raw.get("version", "").isdigit() else version.number
    if number != version.number or version.status != Status.DRAFT:
        return _conflict(report, number, services.FROZEN_MESSAGE)
    data, fields = read_report_form(raw)
    narrative = read_narrative(fields)
    start, end = (
        (data.period_start, data.period_end) if data else (report.period_start, report.period_end)
    )
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
    found = await services.figures_for(start, end, lists)
    check_references(fields, narrative, found)
    if data is None or not fields.ok:
        return _edit_page(report, version, fields, found, 422)

    async def reload() -> tuple[dict[str, str], int]:
        current = await _report_or_404(report_id)
        draft = await services.get_version(report_id, number)
        if draft is None:
            raise NotFoundException()
        return _stored(current, draft), current.version

    try:
        changed = await save_or_conflict(
            raw,
            lambda read: services.update_draft(report, number, data, narrative, actor, read),
            reload,
            META_LABELS | {key: label.lower() for key, label in PARTS.items()},
        )
    except services.VersionFrozen as frozen:
        return _conflict(report, number, frozen.message)
    if isinstance(changed, Conflict):
        return _edit_page(report, version, changed.fields, found, 409, changed)
    flash(request, "Utkastet är sparat." if changed else "Inget ändrades.", "success")
    return see_other(report_url(report.id, number))


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/faststall",
    name="reports:confirm_freeze",
    opt=REPORT,
)
async def confirm_freeze(
    report_id: FromPath[int],
    number: FromPath[int],
    actor: NamedDependency[Principal],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    """Fastställ cannot be undone: this page says so, who will be recorded, and the values the
    bound numbers in the text will keep."""
    report = await _report_or_404(report_id)
    version = await _version_or_404(report, number)
    if version.status != Status.DRAFT:
        return _conflict(report, number, "Versionen är redan fastställd.")
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
    found = await services.figures_for(report.period_start, report.period_end, lists)
    keys = dict.fromkeys(
        k for text in services.narrative_of(version).values() for k in bound_keys(text)
    )
    bound = [found[key] for key in keys if key in found]
    return Template(
        "reports/freeze.html",
        context={"report": report, "version": version, "actor": actor, "bound": bound},
    )


@post(
    "/rapporter/{report_id:int}/versioner/{number:int}/faststall",
    name="reports:freeze",
    opt=REPORT,
)
async def freeze_version(
    request: Request,
    report_id: FromPath[int],
    number: FromPath[int],
    actor: NamedDependency[Principal],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Response[Any]:
    report = await _report_or_404(report_id)
    await _version_or_404(report, number)
    try:
        digest = await services.freeze(
            report, number, _lists(catalogue, dialogue_lists, collaboration_lists), actor
        )
    except services.VersionFrozen as frozen:
        return _conflict(report, number, frozen.message)
    flash(request, f"Version {number} är fastställd. Kontrollsumma (SHA-256): {digest}", "success")
    return see_other(report_url(report.id, number))


@post("/rapporter/{report_id:int}/ny-version", name="reports:new_version", opt=REPORT)
async def create_version(
    request: Request, report_id: FromPath[int], actor: NamedDependency[Principal]
) -> Response[Any]:
    report = await _report_or_404(report_id)
    try:
        number = await services.new_version(report, actor)
    except services.DraftExists as exists:
        latest = await services.latest_version(report.id)
        return _conflict(report, latest.number if latest else 1, exists.message)
    flash(
        request, f"Version {number} är skapad som utkast. Gör rättelserna och fastställ.", "success"
    )
    return see_other(f"/rapporter/{report.id}/redigera")


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/underlag/{figure_key:str}",
    name="reports:evidence",
    opt=READ,
)
async def figure_records(
    report_id: FromPath[int],
    number: FromPath[int],
    figure_key: FromPath[str],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    """Exactly the records a figure counts (as they were at freezing, for a frozen version)."""
    report = await _report_or_404(report_id)
    version = await _version_or_404(report, number)
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
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
    report_id: FromPath[int],
    number: FromPath[int],
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    """What changed against the previous version, and against the previous report."""
    report = await _report_or_404(report_id)
    version = await _version_or_404(report, number)
    lists = _lists(catalogue, dialogue_lists, collaboration_lists)
    content = await services.content_of(report, version, lists)
    earlier = await services.get_version(report.id, number - 1) if number > 1 else None
    against_version = (
        changed_only(diff_lines(await services.content_of(report, earlier, lists), content))
        if earlier
        else None
    )
    previous = await services.previous_frozen(report)
    against_report = None
    if previous:
        previous_content = await services.content_of(previous[0], previous[1], lists)
        against_report = changed_only(diff_lines(previous_content, content))
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
    edit_report,
    update_report,
    confirm_freeze,
    freeze_version,
    create_version,
    figure_records,
    compare,
]

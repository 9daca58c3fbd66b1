"""Drafting a report-back: the edit page of the latest draft, with the figures its text may bind
to, and saving it (409 when the version is frozen or someone saved it meanwhile)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template

from tracker.accounts.guard import REPORT
from tracker.accounts.permissions import Principal
from tracker.reports import services
from tracker.reports.binding import bound_keys, reference
from tracker.reports.figures import Lists
from tracker.reports.forms import (
    META_FIELDS,
    META_LABELS,
    REGISTRY_FIELDS,
    check_references,
    read_narrative,
    read_report_form,
)
from tracker.reports.page import conflict, report_or_404, report_url
from tracker.reports.rules import PART_HINTS, PARTS, Status
from tracker.reports.tables import Report, ReportVersion
from tracker.shared.registration import read_date_and_secrecy, unique_or_refused
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_value, plain
from tracker.web.versions import Conflict, save_or_conflict, versioned


def _stored(report: Report, version: ReportVersion) -> dict[str, str]:
    """The edit form's fields as the report and its draft hold them now."""
    values = {key: form_value(getattr(report, key)) for key in (*META_FIELDS, *REGISTRY_FIELDS)}
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


async def _latest_or_404(report: Report) -> ReportVersion:
    version = await services.latest_version(report.id)
    if version is None:
        raise NotFoundException()
    return version


@get("/rapporter/{report_id:int}/redigera", name="reports:edit", opt=REPORT)
async def edit_report(report: NamedDependency[Report], lists: NamedDependency[Lists]) -> Template:
    version = await _latest_or_404(report)
    if version.status != Status.DRAFT:
        return conflict(report, version.number, services.FROZEN_MESSAGE)
    found = await services.figures_for(report.period_start, report.period_end, lists)
    return _edit_page(report, version, _edit_fields(report, version), found)


@post("/rapporter/{report_id:int}/redigera", name="reports:update", opt=REPORT)
async def update_report(
    request: Request,
    report: NamedDependency[Report],
    actor: NamedDependency[Principal],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    version = await _latest_or_404(report)
    raw = plain(await request.form())
    number = int(raw["version"]) if raw.get("version", "").isdigit() else version.number
    if number != version.number or version.status != Status.DRAFT:
        return conflict(report, number, services.FROZEN_MESSAGE)
    data, fields = await unique_or_refused(read_report_form(raw), Report, "rapporten", report.id)
    narrative = read_narrative(fields)
    start, end = (
        (data.period_start, data.period_end) if data else (report.period_start, report.period_end)
    )
    found = await services.figures_for(start, end, lists)
    check_references(fields, narrative, found)
    if data is None or not fields.ok:
        return _edit_page(report, version, fields, found, 422)

    async def reload() -> tuple[dict[str, str], int]:
        current = await report_or_404(report.id)
        draft = await services.get_version(report.id, number)
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
        return conflict(report, number, frozen.message)
    if isinstance(changed, Conflict):
        return _edit_page(report, version, changed.fields, found, 409, changed)
    return edit_saved(request, changed, report_url(report.id, number), "Utkastet är sparat.")


def _registration_page(
    report: Report, fields: Fields, status: int = 200, conflict: Conflict | None = None
) -> Template:
    return Template(
        "reports/registration.html",
        context={"report": report, "fields": fields, "conflict": conflict},
        status_code=status,
    )


def _registration_values(report: Report) -> dict[str, str]:
    return {key: form_value(getattr(report, key)) for key in REGISTRY_FIELDS}


@get("/rapporter/{report_id:int}/registrering", name="reports:registration", opt=REPORT)
async def registration_page(report: NamedDependency[Report]) -> Template:
    return _registration_page(
        report, Fields(versioned(_registration_values(report), report.version))
    )


@post("/rapporter/{report_id:int}/registrering", name="reports:register", opt=REPORT)
async def register_report(
    request: Request, report: NamedDependency[Report], actor: NamedDependency[Principal]
) -> Response[Any]:
    """The registration date and secrecy, at any time; the diarienummer is the document's and
    changes only with a draft."""
    raw = plain(await request.form())
    fields = Fields(raw)
    registered_on, secrecy = read_date_and_secrecy(fields)
    if not fields.ok:
        return _registration_page(report, fields, 422)

    async def reload() -> tuple[dict[str, str], int]:
        current = await report_or_404(report.id)
        return _registration_values(current), current.version

    values = {"registered_on": registered_on, "secrecy": secrecy}
    saved = await save_or_conflict(
        raw,
        lambda read: services.update_registration(report, values, actor, read),
        reload,
        META_LABELS,
    )
    if isinstance(saved, Conflict):
        return _registration_page(report, saved.fields, 409, saved)
    return edit_saved(request, saved, f"/rapporter/{report.id}", "Registreringen är sparad.")


ROUTES: list[Any] = [edit_report, update_report, registration_page, register_report]

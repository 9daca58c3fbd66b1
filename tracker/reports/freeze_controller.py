"""Fastställ and corrections: the confirmation page (freezing cannot be undone), freezing a
draft, and a new version as a draft for corrections."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.guard import REPORT
from tracker.accounts.permissions import Principal
from tracker.reports import freezing, services
from tracker.reports.binding import bound_keys
from tracker.reports.figures import Lists
from tracker.reports.page import conflict, report_url
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion
from tracker.web.http import see_other

VERSION_PATH = "/rapporter/{report_id:int}/versioner/{number:int}"


@get(f"{VERSION_PATH}/faststall", name="reports:confirm_freeze", opt=REPORT)
async def confirm_freeze(
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    actor: NamedDependency[Principal],
    lists: NamedDependency[Lists],
) -> Template:
    """Fastställ cannot be undone: this page says so, who will be recorded, and the values the
    bound numbers in the text will keep."""
    if version.status != Status.DRAFT:
        return conflict(report, version.number, "Versionen är redan fastställd.")
    found = await services.figures_for(report.period_start, report.period_end, lists)
    keys = dict.fromkeys(
        k for text in services.narrative_of(version).values() for k in bound_keys(text)
    )
    bound = [found[key] for key in keys if key in found]
    return Template(
        "reports/freeze.html",
        context={"report": report, "version": version, "actor": actor, "bound": bound},
    )


@post(f"{VERSION_PATH}/faststall", name="reports:freeze", opt=REPORT)
async def freeze_version(
    request: Request,
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    actor: NamedDependency[Principal],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    number = version.number
    try:
        digest = await freezing.freeze(report, number, lists, actor)
    except services.VersionFrozen as frozen:
        return conflict(report, number, frozen.message)
    flash(request, f"Version {number} är fastställd. Kontrollsumma (SHA-256): {digest}", "success")
    return see_other(report_url(report.id, number))


@post("/rapporter/{report_id:int}/ny-version", name="reports:new_version", opt=REPORT)
async def create_version(
    request: Request, report: NamedDependency[Report], actor: NamedDependency[Principal]
) -> Response[Any]:
    try:
        number = await freezing.new_version(report, actor)
    except freezing.DraftExists as exists:
        latest = await services.latest_version(report.id)
        return conflict(report, latest.number if latest else 1, exists.message)
    flash(
        request, f"Version {number} är skapad som utkast. Gör rättelserna och fastställ.", "success"
    )
    return see_other(f"/rapporter/{report.id}/redigera")


ROUTES: list[Any] = [confirm_freeze, freeze_version, create_version]

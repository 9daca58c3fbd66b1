"""Delivery to the e-archive from a record's page: a page that says what the package holds and
lists the earlier deliveries (when, by whom, the package's SHA-256), and a plain POST button
that records the delivery and downloads the package (no JavaScript needed). Administrators and
report managers only."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.accounts.guard import REPORT
from tracker.accounts.permissions import Principal
from tracker.archive import services
from tracker.archive.package import Built
from tracker.archive.record_contents import BY_SLUG, Kind, record_of
from tracker.db import MAX_ID
from tracker.kinds import REPORT as REPORT_KIND
from tracker.municipality import Municipality
from tracker.reports.page import conflict, report_or_404, version_or_404
from tracker.reports.rules import Status

BASE = "/arkiv/rapporter/{report_id:int}/versioner/{number:int}"
NOT_FROZEN = "Bara fastställda versioner kan levereras till e-arkivet. Fastställ versionen först."


@get(BASE, name="archive:report", opt=REPORT)
async def report_delivery_page(report_id: FromPath[int], number: FromPath[int]) -> Template:
    report = await report_or_404(report_id)
    version = await version_or_404(report, number)
    if version.status != Status.FROZEN:
        return conflict(report, number, NOT_FROZEN)
    deliveries = await services.deliveries_of(REPORT_KIND.key, report_id, number)
    return Template(
        "archive/report.html",
        context={"report": report, "version": version, "deliveries": deliveries},
    )


@post(f"{BASE}/leverera", name="archive:deliver_report", opt=REPORT, status_code=200)
async def deliver_report(
    report_id: FromPath[int],
    number: FromPath[int],
    actor: NamedDependency[Principal],
    municipality: NamedDependency[Municipality],
) -> Response[Any]:
    report = await report_or_404(report_id)
    await version_or_404(report, number)
    try:
        built = await services.deliver_report(report_id, number, municipality, actor, "web")
    except services.NotDeliverable as refused:
        return conflict(report, number, refused.message)
    return _download(built)


RECORD = "/arkiv/{kind_slug:str}/{record_id:int}"


async def _kind_and_record(kind_slug: str, record_id: int) -> tuple[Kind, dict[str, Any]]:
    kind = BY_SLUG.get(kind_slug)
    record = await record_of(kind, record_id) if kind and 0 < record_id <= MAX_ID else None
    if kind is None or record is None:
        raise NotFoundException()
    return kind, record


def _record_conflict(kind: Kind, record: dict[str, Any], message: str) -> Template:
    return Template(
        "archive/conflict.html",
        context={"kind": kind, "record": record, "message": message},
        status_code=409,
    )


@get(RECORD, name="archive:record", opt=REPORT)
async def record_delivery_page(kind_slug: FromPath[str], record_id: FromPath[int]) -> Template:
    kind, record = await _kind_and_record(kind_slug, record_id)
    if not kind.finished(record):
        return _record_conflict(kind, record, kind.not_finished)
    return Template(
        "archive/record.html",
        context={
            "kind": kind,
            "record": record,
            "status": kind.status_label(record),
            "deliveries": await services.deliveries_of(kind.kind.key, record_id),
        },
    )


@post(f"{RECORD}/leverera", name="archive:deliver_record", opt=REPORT, status_code=200)
async def deliver_record(
    kind_slug: FromPath[str],
    record_id: FromPath[int],
    actor: NamedDependency[Principal],
    municipality: NamedDependency[Municipality],
) -> Response[Any]:
    kind, record = await _kind_and_record(kind_slug, record_id)
    try:
        built = await services.deliver_record(kind, record_id, municipality, actor, "web")
    except services.NotDeliverable as refused:
        return _record_conflict(kind, record, refused.message)
    return _download(built)


def _download(built: Built) -> Response[Any]:
    return Response(
        built.data,
        media_type="application/zip",
        headers={
            "content-disposition": f'attachment; filename="{built.file_name}"',
            "x-package-sha256": built.sha256,
        },
    )


ROUTES: list[Any] = [report_delivery_page, deliver_report, record_delivery_page, deliver_record]

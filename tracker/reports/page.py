"""What the report-back's controllers share: the lists the figures need, a report or version
or 404, a version's URL and the 409 page for a change a frozen version refuses."""

from __future__ import annotations

from litestar.exceptions import NotFoundException
from litestar.response import Template

from tracker.collaborations.catalogue import CollaborationLists
from tracker.db import MAX_ID
from tracker.dialogues.catalogue import DialogueLists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports import services
from tracker.reports.figures import Lists
from tracker.reports.tables import Report, ReportVersion


def lists_of(
    catalogue: PhaseCatalogue,
    dialogue_lists: DialogueLists,
    collaboration_lists: CollaborationLists,
) -> Lists:
    return Lists(catalogue, dialogue_lists, collaboration_lists)


async def report_or_404(report_id: int) -> Report:
    report = await services.get_report(report_id) if 0 < report_id <= MAX_ID else None
    if report is None:
        raise NotFoundException()
    return report


async def version_or_404(report: Report, number: int) -> ReportVersion:
    version = await services.get_version(report.id, number) if 0 < number < 100_000 else None
    if version is None:
        raise NotFoundException()
    return version


def report_url(report_id: int, number: int | None = None) -> str:
    return f"/rapporter/{report_id}" + (f"/versioner/{number}" if number else "")


def conflict(report: Report, number: int, message: str) -> Template:
    return Template(
        "reports/conflict.html",
        context={"report": report, "number": number, "message": message},
        status_code=409,
    )

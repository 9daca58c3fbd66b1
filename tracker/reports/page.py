"""What the report-back's controllers share: the dependencies its handlers take (the lists the
figures need, the report and the version of the path or 404), a version's URL and the 409 page
for a change a frozen version refuses."""

from __future__ import annotations

from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.collaborations.catalogue import CollaborationLists
from tracker.db import MAX_ID
from tracker.dialogues.catalogue import DialogueLists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports import services
from tracker.reports.figures import Lists
from tracker.reports.tables import Report, ReportVersion

MAX_VERSION = 100_000  # no report has this many versions: a larger number is no version's


def lists_of(
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Lists:
    """The data files the figures need, as one dependency (`lists`)."""
    return Lists(catalogue, dialogue_lists, collaboration_lists)


async def report_or_404(report_id: FromPath[int]) -> Report:
    """The report of the path (`report`), or 404."""
    report = await services.get_report(report_id) if 0 < report_id <= MAX_ID else None
    if report is None:
        raise NotFoundException()
    return report


async def version_or_404(report: NamedDependency[Report], number: FromPath[int]) -> ReportVersion:
    """The version of the path's report (`version`), or 404."""
    version = await services.get_version(report.id, number) if 0 < number < MAX_VERSION else None
    if version is None:
        raise NotFoundException()
    return version


# Every report route has these: a handler names the ones it needs.
DEPENDENCIES = {
    "lists": Provide(lists_of, sync_to_thread=False),
    "report": Provide(report_or_404),
    "version": Provide(version_or_404),
}


def report_url(report_id: int, number: int | None = None) -> str:
    return f"/rapporter/{report_id}" + (f"/versioner/{number}" if number else "")


def conflict(report: Report, number: int, message: str) -> Template:
    return Template(
        "reports/conflict.html",
        context={"report": report, "number": number, "message": message},
        status_code=409,
    )

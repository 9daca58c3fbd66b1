"""What the report-back's controllers share: the dependencies its handlers take (the lists the
figures need, the report and the version of the path or 404), a version's URL, the 409 page
for a change a frozen version refuses, and a version's document as HTML (a frozen one made
once, issue 19)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from markupsafe import Markup

from tracker.collaborations.catalogue import CollaborationLists
from tracker.db import MAX_ID
from tracker.dialogues.catalogue import DialogueLists
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports import outline, services
from tracker.reports.figures import Lists
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion
from tracker.web.immutable import Once

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


@dataclass(frozen=True, slots=True)
class Document:
    """A version's document as HTML, cut where the version's page puts its notice (after the
    facts at the top): `head` + `tail` is the document alone, as the printable page shows it."""

    title: str
    head: Markup
    tail: Markup


# The documents of frozen versions drawn in this process (some 50 kB each), by verified digest.
DOCUMENTS: Once[Document] = Once(size=32)
_MARK = Markup("<!-- the version's notice -->")  # never in escaped content


async def document_of(
    request: Request, report: Report, version: ReportVersion, lists: Lists, verified: bool
) -> Document:
    """The version's document: a draft's drawn now; a frozen version's drawn once per process
    and digest, unless its content is not what was frozen (`verified` false: drawn each time,
    never kept)."""
    link_base = report_url(report.id, version.number)

    async def draw() -> Document:
        content = await services.content_of(report, version, lists)
        engine = request.app.template_engine
        assert engine is not None  # the app always has one (tracker/app.py)
        template = engine.get_template("reports/_document_parts.html")
        html = template.render(blocks=outline.build(content), link_base=link_base, mark=_MARK)
        head, _, tail = html.partition(str(_MARK))
        title = str(content.get("meta", {}).get("title", report.title))
        return Document(title=title, head=Markup(head), tail=Markup(tail))

    if version.status != Status.FROZEN or not verified:
        return await draw()
    return await DOCUMENTS.get((version.content_sha256, link_base), draw)

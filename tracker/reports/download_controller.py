"""The downloads of a frozen version: the PDF and the DOCX, with the municipality's name,
logo and address from lists/municipality.toml (tracker/municipality.py)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.response import Template

from tracker.accounts.guard import READ
from tracker.municipality import Municipality
from tracker.reports import documents, integrity, services, word
from tracker.reports.figures import Lists
from tracker.reports.page import conflict
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion


async def _content_to_download(
    report: Report, version: ReportVersion, lists: Lists
) -> dict[str, Any] | Template:
    """What a download holds: a frozen version's stored content, or a draft's content as it
    comes out now, marked as a draft (`draft`: UTKAST on every page and in the file name); or
    the refusal (409) to show instead, for a version whose content is no longer what was
    frozen (the same check as the version's page)."""
    if version.status != Status.FROZEN:
        return {**await services.content_of(report, version, lists), "draft": True}
    if not await integrity.matches_log(version):
        return conflict(report, version.number, TAMPERED_MESSAGE)
    return await services.content_of(report, version, lists)


def _file_name(report: Report, number: int, suffix: str, *, draft: bool = False) -> str:
    # Only ASCII letters, digits and dashes: the name goes into a header as it is.
    stem = re.sub(r"[^A-Za-z0-9]+", "-", report.diarienummer).strip("-") or f"rapport-{report.id}"
    return f"{stem}-version-{number}{'-UTKAST' if draft else ''}.{suffix}"


TAMPERED_MESSAGE = (
    "Versionen kan inte laddas ner: innehållet stämmer inte med det sparade innehållet när "
    "versionen fastställdes. Någon har ändrat den i databasen. Kontakta en administratör."
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _download(
    report: Report,
    version: ReportVersion,
    lists: Lists,
    suffix: str,
    media_type: str,
    make: Callable[[dict[str, Any]], Awaitable[bytes]],
) -> Response[Any]:
    """A version as an attached file made by `make` from its content (a draft marked UTKAST);
    a tampered frozen version is refused with 409."""
    content = await _content_to_download(report, version, lists)
    if not isinstance(content, dict):
        return content  # the refusal
    name = _file_name(report, version.number, suffix, draft=bool(content.get("draft")))
    return Response(
        await make(content),
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/rapport.pdf",
    name="reports:pdf",
    opt=READ,
)
async def download_pdf(
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    municipality: NamedDependency[Municipality],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    async def make(content: dict[str, Any]) -> bytes:
        return await documents.pdf_bytes(content, version.number, municipality)

    return await _download(report, version, lists, "pdf", "application/pdf", make)


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/rapport.docx",
    name="reports:docx",
    opt=READ,
)
async def download_docx(
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    municipality: NamedDependency[Municipality],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    async def make(content: dict[str, Any]) -> bytes:
        return word.docx_bytes(content, version.number, municipality)

    return await _download(report, version, lists, "docx", DOCX_TYPE, make)


ROUTES: list[Any] = [download_pdf, download_docx]

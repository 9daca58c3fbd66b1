"""The downloads of a frozen version: the PDF and the DOCX, with the municipality's name,
logo and address from lists/municipality.toml (tracker/municipality.py)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency

from tracker.accounts.guard import READ
from tracker.municipality import Municipality
from tracker.reports import documents, integrity, services, word
from tracker.reports.figures import Lists
from tracker.reports.page import conflict
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion
from tracker.web.immutable import (
    PRIVATE,
    Once,
    fingerprint,
    not_modified,
    not_modified_since,
    strong_etag,
)
from tracker.web.security import NO_STORE


def _file_name(report: Report, number: int, suffix: str, *, draft: bool = False) -> str:
    # Only ASCII letters, digits and dashes: the name goes into a header as it is.
    stem = re.sub(r"[^A-Za-z0-9]+", "-", report.diarienummer).strip("-") or f"rapport-{report.id}"
    return f"{stem}-version-{number}{'-UTKAST' if draft else ''}.{suffix}"


TAMPERED_MESSAGE = (
    "Versionen kan inte laddas ner: innehållet stämmer inte med det sparade innehållet när "
    "versionen fastställdes. Någon har ändrat den i databasen. Kontakta en administratör."
)

# The PDFs and DOCX files of frozen versions made in this process, the latest used kept.
FILES: Once[bytes] = Once(size=16)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _download(
    request: Request,
    report: Report,
    version: ReportVersion,
    lists: Lists,
    suffix: str,
    media_type: str,
    make: Callable[[dict[str, Any]], Awaitable[bytes]],
    variant: str,
) -> Response[Any]:
    """A version as an attached file made by `make` from its content. A draft's content as it
    comes out now, marked as a draft (`draft`: UTKAST on every page and in the file name),
    made anew each time. A frozen version's file is made once (`FILES`, keyed by its verified
    digest and `variant`) and carries a strong ETag, answered with 304; a version whose content
    is no longer what was frozen is refused with 409 (the same check as the version's page),
    before the cache is asked."""
    if version.status != Status.FROZEN:
        content = {**await services.content_of(report, version, lists), "draft": True}
        return _attachment(report, version, suffix, media_type, await make(content), draft=True)
    if not await integrity.matches_log(version):
        return conflict(report, version.number, TAMPERED_MESSAGE)
    etag = strong_etag(version.content_sha256, f"{suffix}-{variant}")
    # A report under secrecy (OSL) is not kept in the browser's cache.
    cache_control = NO_STORE if report.secrecy else PRIVATE
    if not_modified_since(request.headers, etag):
        return not_modified(etag, cache_control)

    async def made() -> bytes:
        return await make(await services.content_of(report, version, lists))

    body = await FILES.get((version.content_sha256, suffix, variant, version.number), made)
    response = _attachment(report, version, suffix, media_type, body)
    response.headers.update({"etag": etag, "cache-control": cache_control})
    return response


def _attachment(
    report: Report,
    version: ReportVersion,
    suffix: str,
    media_type: str,
    body: bytes,
    *,
    draft: bool = False,
) -> Response[Any]:
    name = _file_name(report, version.number, suffix, draft=draft)
    return Response(
        body,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/rapport.pdf",
    name="reports:pdf",
    opt=READ,
)
async def download_pdf(
    request: Request,
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    municipality: NamedDependency[Municipality],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    async def make(content: dict[str, Any]) -> bytes:
        return await documents.pdf_bytes(content, version.number, municipality)

    variant = fingerprint(municipality)
    return await _download(request, report, version, lists, "pdf", "application/pdf", make, variant)


@get(
    "/rapporter/{report_id:int}/versioner/{number:int}/rapport.docx",
    name="reports:docx",
    opt=READ,
)
async def download_docx(
    request: Request,
    report: NamedDependency[Report],
    version: NamedDependency[ReportVersion],
    municipality: NamedDependency[Municipality],
    lists: NamedDependency[Lists],
) -> Response[Any]:
    async def make(content: dict[str, Any]) -> bytes:
        return word.docx_bytes(content, version.number, municipality)

    variant = fingerprint(municipality)
    return await _download(request, report, version, lists, "docx", DOCX_TYPE, make, variant)


ROUTES: list[Any] = [download_pdf, download_docx]

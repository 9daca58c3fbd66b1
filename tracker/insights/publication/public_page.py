"""The public "Ni sa – vi gjorde" page of a published version, drawn once (issue 19).

A published version never changes (the database refuses to update it), so its page is drawn
once per process and kept by the SHA-256 of the version as read now (`version_digest`: a row
changed behind the database's guards has another digest and is drawn anew, never served from
what was kept), with the list of versions it links to and the municipality in its footer. The
page has nothing of the visitor's own (no menu, no forms, no sign-in), so the whole page is
kept, and sent with a strong ETag that a browser's `If-None-Match` gets 304 for (kept by
the browser only: tracker/web/immutable.py).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Template

from tracker.db import MAX_ID
from tracker.insights.publication import rules
from tracker.insights.publication import services as publication
from tracker.insights.publication.integrity import version_digest
from tracker.municipality import Municipality
from tracker.publishing.public import drawn_once
from tracker.web.immutable import Once

TEMPLATE = "insights/publication_public.html"

# The public pages drawn in this process (a few kB each), the latest used kept.
PAGES: Once[str] = Once(size=128)


def _not_published(dialogue_id: int) -> Template:
    return Template(
        "insights/publication_missing.html",
        context={"dialogue_id": dialogue_id},
        status_code=404,
    )


async def public_page(
    request: Request[Any, Any, Any],
    municipality: Municipality,
    dialogue_id: int,
    number: int | None,
) -> Response[Any]:
    """The latest published version (`number` None) or the one asked for; 404 when none."""
    if not 0 < dialogue_id <= MAX_ID or (number is not None and not 0 < number <= MAX_ID):
        return _not_published(dialogue_id)
    shown = (
        await publication.latest_version(dialogue_id)
        if number is None
        else await publication.version(dialogue_id, number)
    )
    if shown is None:
        return _not_published(dialogue_id)
    versions = await publication.versions(dialogue_id)

    def context() -> dict[str, Any]:
        return {
            "version": shown,
            "versions": versions,
            "dialogue_id": dialogue_id,
            "text_blocks": rules.text_blocks,
        }

    seal = version_digest(shown)
    return await drawn_once(request, PAGES, seal, versions, municipality, TEMPLATE, context)

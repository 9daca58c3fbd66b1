"""A published version's public page, for both publications: drawn once per process and kept
by the version's seal as read now (a row changed behind the database's guards has another
digest and is drawn anew), with the list of versions it links to and the municipality in its
footer; sent with a strong ETag that a browser's `If-None-Match` gets 304 for (kept by the
browser only: tracker/web/immutable.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType

from tracker.municipality import Municipality
from tracker.web.immutable import (
    PRIVATE,
    Once,
    fingerprint,
    not_modified,
    not_modified_since,
    strong_etag,
)


async def drawn_once(
    request: Request[Any, Any, Any],
    pages: Once[str],
    seal: str,
    versions: list[dict[str, Any]],
    municipality: Municipality,
    template: str,
    context: Callable[[], dict[str, Any]],
) -> Response[Any]:
    """The page of the version sealed by `seal`, from `pages` or drawn with the `context`."""
    # The other versions the page links to (a new one makes every page of the record new).
    listed = tuple((v["number"], str(v["published_on"])) for v in versions)
    etag = strong_etag(seal, f"html-{fingerprint(listed, municipality)}")
    if not_modified_since(request.headers, etag):
        return not_modified(etag, PRIVATE)

    async def draw() -> str:
        engine = request.app.template_engine
        assert engine is not None  # the app always has one (tracker/app.py)
        return str(engine.get_template(template).render(**context()))

    html = await pages.get(etag, draw)
    return Response(
        html, media_type=MediaType.HTML, headers={"etag": etag, "cache-control": PRIVATE}
    )

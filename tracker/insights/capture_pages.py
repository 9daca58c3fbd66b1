"""The forms of "Underlag och insikter" on pages of their own (issue 14): adding evidence and
formulating an insight open on demand from a source's page. Each is a page (GET
…/underlag/ny, …/insikter/ny) that works without JavaScript and shows a refused plain post
again; htmx loads the same page's block in place in the section (tracker/web/fragments.py).
The routes are made with the source's other capture routes (tracker/insights/capture.py)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.response import Template

from tracker.db import fetch_rows
from tracker.insights.views import Capture
from tracker.kinds import KINDS
from tracker.shared.form_page import form_page
from tracker.web.forms import Fields


@dataclass(frozen=True, slots=True)
class CaptureForm:
    title: str  # the page's heading, and the verb of the button that opens it
    fields: str  # the name of its fields in the templates


FORMS = {
    "underlag": CaptureForm("Lägg till underlag", "evidence_fields"),
    "insikt": CaptureForm("Formulera en insikt", "insight_fields"),
}

NO_EVIDENCE = "En insikt bygger på underlag. Lägg till underlag först."


async def source_title(source_type: str, source_id: int) -> str:
    rows = await fetch_rows(KINDS[source_type].titles_sql() + " WHERE id = {}", source_id)
    return str(rows[0]["title"]) if rows else ""


async def render_capture_form(
    found: Capture,
    which: str,
    fields: Fields | None = None,
    *,
    refused: str = "",
    status: int = 200,
) -> Template:
    """The page of one of the section's forms, empty or as typed with its errors; `refused`:
    why the form may not be used now (shown instead of it)."""
    form = FORMS[which]
    kind = KINDS[found.source_type]
    context = {
        "which": which,
        "form_title": form.title,
        "capture": found,
        form.fields: fields or Fields({}),
        "refused": refused,
        "source_label": kind.source_label or kind.label,
    }
    title = await source_title(found.source_type, found.source_id)
    return form_page(
        "insights/capture_form.html", kind.key, title, found.page_url, context, status=status
    )

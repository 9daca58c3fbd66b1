"""The design history as one document to share: the HTML of the PDF and the PDF itself (with
the reports' document style and PDF pipeline, tracker/web/pdf.py). The shared document never
holds internal evidence; it says that it leaves it out."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.design.history import History
from tracker.municipality import Municipality
from tracker.settings import get_settings
from tracker.web.pdf import DOCUMENT_CSS, pdf_from_html

# The history's own rules on top of the documents' style (the print view and the PDF).
HISTORY_CSS = """
.history { list-style: none; padding: 0; margin: 0; break-inside: auto; page-break-inside: auto; }
.history-entry__facts, .history-figure { break-inside: avoid; page-break-inside: avoid; }
.history-entry { margin: 0 0 1.2em; padding-top: .5em; border-top: 1px solid #999; }
.history-entry__heading { margin-top: .2em; }
.history-entry__date { font-weight: normal; }
.history-entry__facts { margin: 0 0 .6em; }
.history-entry__facts div { margin: 0 0 2px; }
.history-entry__facts dt { display: inline; font-weight: bold; }
.history-entry__facts dt::after { content: ":"; }
.history-entry__facts dd { display: inline; margin: 0 0 0 .4em; }
.history-note h3 { font-size: 11pt; margin: .8em 0 .2em; }
.history-note p { margin: 0 0 .4em; }
.pre-line { white-space: pre-line; }
.history-left-out { border: 1px solid #999; padding: 2mm 3mm; }
img { max-width: 100%; height: auto; }
.history th:last-child, .history td:last-child { width: 7em; white-space: nowrap; overflow-wrap: normal; }
.history-figure img { border: 1px solid #999; }
"""
STYLE = DOCUMENT_CSS + HISTORY_CSS


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir)),
        autoescape=select_autoescape(["html"]),
    )


def document_html(
    title: str,
    history: History,
    pictures: dict[int, str],
    municipality: Municipality,
    made_on: date,
) -> str:
    """The stand-alone HTML of the PDF: no links, the pictures inside it as data: URIs."""
    return (
        _environment()
        .get_template("design/history_pdf.html")
        .render(
            title=title,
            history=history,
            pictures=pictures,
            municipality=municipality,
            made_on=made_on.isoformat(),
        )
    )


async def history_pdf(html: str) -> bytes:
    return await pdf_from_html(html, [STYLE], str(get_settings().templates_dir))

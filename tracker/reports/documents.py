"""Downloads of a frozen version: PDF (WeasyPrint, A4, page numbers "1 (n)", tagged PDF/UA-1)
and DOCX (python-docx, real Heading styles and tables) – both drawn from the same outline as
the HTML page."""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from typing import Any

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.reports import outline
from tracker.reports.charts import Chart
from tracker.settings import get_settings
from tracker.web.templating import local_time

# Shared by the printable HTML page (served as /rapporter/dokument.css) and the PDF.
DOCUMENT_CSS = """
@page {
  size: A4;
  margin: 22mm 20mm 24mm 24mm;
  @top-right { content: "Tjänsteutlåtande"; font-size: 9pt; color: #444; }
  @bottom-right { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; }
}
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.45; color: #1a1a1a; background: #fff; }
body { margin: 0; }
.print-bar { padding: 8px 0 16px; }
@media print { .print-bar { display: none; } }
.report-document { max-width: 46rem; margin: 0 auto; }
.report-kicker { text-transform: uppercase; letter-spacing: .05em; font-size: 9pt; margin: 0; }
h1 { font-size: 18pt; margin: .2em 0 .6em; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1.1em 0 .3em; page-break-after: avoid; break-after: avoid; }
.report-meta { margin: 0 0 1.2em; }
.report-meta div { margin: 0 0 2px; }
.report-meta dt { display: inline; font-weight: bold; }
.report-meta dt::after { content: ":"; }
.report-meta dd { display: inline; margin: 0 0 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; page-break-inside: avoid; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding: 0 0 4px; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
figure { margin: .6em 0 1em; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 9.5pt; margin: 4px 0; }
svg { max-width: 100%; height: auto; }
.report-signatures { list-style: none; padding: 0; }
.report-signatures li { margin: 2.2em 0 0; border-top: 1px solid #999; padding-top: 2px; max-width: 20em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; white-space: nowrap; }
"""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def frozen_line(content: dict[str, Any], number: int) -> str:
    """ "Version 2, fastställd 2026-03-20 21:01 av …", in Swedish time like the web page."""
    frozen = content.get("frozen") or {}
    if not frozen.get("at"):
        return ""
    moment = datetime.fromisoformat(str(frozen["at"]))
    return f"Version {number}, fastställd {local_time(moment)} av {frozen.get('by', '')}."


def document_html(content: dict[str, Any], number: int) -> str:
    """The stand-alone HTML the PDF is made from (no links, no menus)."""
    template = _environment().get_template("reports/pdf.html")
    return template.render(
        blocks=outline.build(content),
        content=content,
        number=number,
        frozen_line=frozen_line(content, number),
    )


def _render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(get_settings().templates_dir))
    stylesheets = [CSS(string=DOCUMENT_CSS)]
    try:
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1"))
    except Exception:  # an older or stricter WeasyPrint: a plain tagged PDF is still good
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_tags=True))


async def pdf_bytes(content: dict[str, Any], number: int) -> bytes:
    html = document_html(content, number)
    return await anyio.to_thread.run_sync(_render_pdf, html)


# --- DOCX --------------------------------------------------------------------------------------


def _table(document: Any, block: dict[str, Any]) -> None:
    document.add_paragraph(block["caption"], style="Caption")
    headers = block["headers"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for row in block["rows"]:
        cells = table.add_row().cells
        cells[0].text = row["label"]
        for cell, value in zip(cells[1:], row["cells"], strict=False):
            cell.text = value["text"]


FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def chart_png(chart: Chart, scale: int = 2) -> bytes:
    """The chart drawn as a picture for Word, from the same geometry as the SVG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "white")
    draw = ImageDraw.Draw(image)
    small, label = _font(11 * scale), _font(12 * scale)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, y * scale

    for y, value in chart.ticks:
        draw.line([at(36, y), at(chart.width - 6, y)], fill="#c8c8c8", width=scale)
        draw.text(at(32, y), str(value), fill="#333333", font=small, anchor="rm")
    for group in chart.groups:
        for bar in group.bars:
            if bar.height > 0:
                draw.rectangle(
                    [at(bar.x, bar.y), at(bar.x + bar.width, chart.base_y)], fill=bar.colour
                )
            draw.text(
                at(bar.x + bar.width / 2, bar.label_y),
                str(bar.value),
                fill="#1a1a1a",
                font=small,
                anchor="mb",
            )
        for line_number, text in enumerate(group.lines):
            draw.text(
                at(group.x, chart.base_y + 16 + 14 * line_number),
                text,
                fill="#1a1a1a",
                font=small,
                anchor="ms",
            )
    for index, (name, colour) in enumerate(chart.series):
        x = 40 + index * 160
        draw.rectangle([at(x, chart.height - 18), at(x + 12, chart.height - 6)], fill=colour)
        draw.text(at(x + 18, chart.height - 8), name, fill="#1a1a1a", font=label, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chart_table(document: Any, block: dict[str, Any]) -> None:
    from docx.shared import Cm

    chart = block["chart"]
    document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    # The picture's text alternative, as Word's "Alternativ text" shows it.
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("title", chart.title)
    properties.set("descr", chart.description)
    document.add_paragraph(f"Diagram: {chart.title}. {chart.description}", style="Caption")
    _table(
        document,
        {
            "caption": chart.title,
            "headers": [chart.headers[0] or "Grupp", *chart.headers[1:]],
            "rows": [
                {"label": row[0], "cells": [{"text": value} for value in row[1:]]}
                for row in chart.rows
            ],
        },
    )


def _repeat_header(row: Any) -> None:
    """Mark the header row as a header (repeats on each page, read as headers by Word)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def docx_bytes(content: dict[str, Any], number: int) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = content["meta"]["title"]
    document.core_properties.language = "sv-SE"
    document.styles["Normal"].font.size = Pt(11)
    for block in outline.build(content):
        kind = block["type"]
        if kind == "kicker":
            document.add_paragraph(f"{block['text']} – version {number}")
        elif kind == "heading":
            document.add_heading(block["text"], level=block["level"])
        elif kind == "meta":
            for term, value in block["items"]:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{term}: ").bold = True
                paragraph.add_run(str(value))
        elif kind == "paragraph":
            document.add_paragraph(block["text"])
        elif kind == "list":
            # Numbered by hand: Word's list numbering would run on from one list to the next.
            for index, item in enumerate(block["items"], start=1):
                document.add_paragraph(f"{index}. {item}")
        elif kind == "signatures":
            for item in block["items"]:
                document.add_paragraph("\n\n" + item)
        elif kind == "table":
            _table(document, block)
        elif kind == "chart":
            _chart_table(document, block)
    if line := frozen_line(content, number):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

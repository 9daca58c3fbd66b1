"""Downloads of a frozen version: the PDF (WeasyPrint, A4, page numbers "1 (n)", tagged PDF/UA-1)
drawn from the same outline as the HTML page, the freeze line in Swedish time, and the charts as
pictures for the DOCX (tracker/reports/word.py)."""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from typing import Any

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.municipality import Municipality
from tracker.reports import outline
from tracker.reports.charts import Chart
from tracker.settings import get_settings
from tracker.web.templating import local_time

# Shared by the printable HTML page (served as /rapporter/dokument.css) and the PDF.
DOCUMENT_CSS = """
@page {
  size: A4;
  margin: 26mm 20mm 24mm 25mm;
  @top-left { content: element(running-header); width: 100%; }
  @bottom-right { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; }
}
html { overflow-wrap: anywhere; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.45; color: #1a1a1a; background: #fff; }
body { margin: 0; }
.running-header { position: running(running-header); display: flex; align-items: center;
                  justify-content: space-between; font-size: 9pt; color: #333;
                  border-bottom: 1px solid #999; padding-bottom: 2mm; width: 100%; }
.running-header img { height: 9mm; width: auto; vertical-align: middle; margin-right: 2mm; }
.running-header strong { font-size: 10pt; color: #1a1a1a; }
.draft-mark { border: 2px solid #8a1c1c; color: #8a1c1c; padding: 2mm 3mm; }
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
caption { text-align: left; font-weight: bold; padding: 0 0 4px; break-after: avoid; page-break-after: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
figure { margin: .6em 0 1em; page-break-inside: avoid; break-inside: avoid; }
figcaption, .report-chart__caption { font-size: 9.5pt; font-weight: normal; margin: 4px 0; break-after: avoid; page-break-after: avoid; }
ol { break-inside: avoid; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
.report-signatures-block { break-inside: avoid; page-break-inside: avoid; }
.report-signatures { list-style: none; padding: 0; break-inside: avoid; page-break-inside: avoid; }
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


def document_html(content: dict[str, Any], number: int, municipality: Municipality) -> str:
    """The stand-alone HTML the PDF is made from (no links, no menus), with the running header
    (the municipality's logo and name, the diarienummer) as a WeasyPrint running element."""
    template = _environment().get_template("reports/pdf.html")
    return template.render(
        blocks=outline.build(content),
        content=content,
        number=number,
        frozen_line=frozen_line(content, number),
        municipality=municipality,
        logo=municipality.logo.as_uri() if municipality.logo else None,
    )


def _render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(get_settings().templates_dir))
    stylesheets = [CSS(string=DOCUMENT_CSS)]
    try:
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1"))
    except Exception:  # an older or stricter WeasyPrint: a plain tagged PDF is still good
        return bytes(document.write_pdf(stylesheets=stylesheets, pdf_tags=True))


async def pdf_bytes(content: dict[str, Any], number: int, municipality: Municipality) -> bytes:
    html = document_html(content, number, municipality)
    return await anyio.to_thread.run_sync(_render_pdf, html)


# --- the chart as a picture, for the DOCX (tracker/reports/word.py) -----------------------


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

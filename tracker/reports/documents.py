"""Downloads of a frozen version: the PDF (WeasyPrint, A4, page numbers "1 (n)", tagged PDF/UA-1)
drawn from the same outline as the HTML page, the freeze line in Swedish time, and the charts as
pictures for the DOCX (tracker/reports/word.py)."""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.municipality import Municipality
from tracker.reports import outline
from tracker.reports.charts import Chart
from tracker.settings import get_settings
from tracker.web.pdf import DOCUMENT_CSS, pdf_from_html
from tracker.web.templating import local_time

__all__ = ["DOCUMENT_CSS", "chart_png", "document_html", "frozen_line", "pdf_bytes"]


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


async def pdf_bytes(content: dict[str, Any], number: int, municipality: Municipality) -> bytes:
    html = document_html(content, number, municipality)
    return await pdf_from_html(html, [DOCUMENT_CSS], str(get_settings().templates_dir))


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

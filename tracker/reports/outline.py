"""The tjänsteutlåtande as a list of blocks (headings, paragraphs, lists, tables, charts).

The HTML page, the printable HTML and PDF, and the DOCX file are all drawn from this one
outline, so the three formats always hold the same content.
"""

from __future__ import annotations

from typing import Any

from tracker.reports.binding import figure_text, segments
from tracker.reports.charts import Chart, charts_of
from tracker.reports.definitions import appendix
from tracker.reports.rules import LIST_PARTS, PARTS, STRANDS, lines, paragraphs

__all__ = ["build", "figure_text"]

APPENDIX_HEADING = "Så har siffrorna räknats"


def _table(content: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    found = content.get("figures", {})
    rows = []
    for row in table["rows"]:
        cells = []
        for cell in row["cells"]:
            key = cell.get("figure")
            if key and key in found:
                cells.append({"text": figure_text(found[key]), "figure": key})
            else:
                cells.append({"text": cell.get("text", "–") if not key else "–", "figure": None})
        rows.append({"label": row["label"], "cells": cells})
    return {"type": "table", "caption": table["caption"], "headers": table["headers"], "rows": rows}


def _bound(text: str, figures: dict[str, Any]) -> dict[str, Any]:
    """A paragraph or list item: its text with bound numbers resolved, and its pieces (the
    bound ones carry their figure's key, so the page can mark them and link the records)."""
    pieces = segments(text, figures)
    return {
        "text": "".join(piece.text for piece in pieces),
        "parts": [
            {
                "text": piece.text,
                "figure": piece.figure,
                "label": figures[piece.figure]["label"] if piece.figure else "",
            }
            for piece in pieces
        ],
    }


def _text(key: str, text: str, figures: dict[str, Any]) -> list[dict[str, Any]]:
    if key in LIST_PARTS:
        items = [_bound(item, figures) for item in lines(text)]
        return (
            [{"type": "list", "items": [item["text"] for item in items], "entries": items}]
            if items
            else []
        )
    return [{"type": "paragraph", **_bound(block, figures)} for block in paragraphs(text)]


def _chart(chart: Chart) -> dict[str, Any]:
    """A chart; one with nothing but zeros becomes one sentence instead of half a page."""
    if all(bar.value == 0 for group in chart.groups for bar in group.bars):
        text = f"{chart.title}: alla värden är 0 för perioden, så diagrammet visas inte."
        return {"type": "paragraph", "text": text, "parts": [], "empty_chart": chart.key}
    return {"type": "chart", "chart": chart}


def _appendix(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Bilaga: each figure's definition, from the words the figures were computed with."""
    items = appendix(content.get("figures", {}))
    if not items:
        return []
    return [
        {"type": "heading", "level": 2, "text": APPENDIX_HEADING},
        {
            "type": "paragraph",
            "text": "Siffrorna beskriver läget vid periodens slut, så långt uppgifterna i "
            "systemet visar det. Så här har varje siffra räknats:",
        },
        # Definitions, not steps: a bulleted list, not a numbered one.
        {
            "type": "list",
            "ordered": False,
            "items": items,
            "entries": [{"text": item, "parts": []} for item in items],
        },
    ]


def build(content: dict[str, Any]) -> list[dict[str, Any]]:
    meta = content["meta"]
    narrative = content.get("narrative", {})
    tables = content.get("tables", {})
    charts = charts_of(content)
    blocks: list[dict[str, Any]] = [
        {"type": "kicker", "text": "Tjänsteutlåtande"},
        {"type": "heading", "level": 1, "text": meta["title"]},
        {
            "type": "meta",
            "items": [
                ("Datum", meta["report_date"]),
                ("Diarienummer", meta["diarienummer"]),
                ("Handläggare", meta["handlaggare"]),
                ("Period", f"{meta['period_start']} – {meta['period_end']}"),
            ],
        },
    ]

    def part(key: str, heading: str | None = None, level: int = 2) -> None:
        blocks.append({"type": "heading", "level": level, "text": heading or PARTS[key]})
        blocks.extend(_text(key, narrative.get(key, ""), content.get("figures", {})))

    part("summary")
    part("proposals")
    part("background")
    for strand, name, key in STRANDS:
        blocks.append({"type": "heading", "level": 2, "text": name})
        part(key, "Läget", 3)
        blocks.append({"type": "heading", "level": 3, "text": "Siffror för perioden"})
        blocks.extend(_table(content, table) for table in tables.get(strand, []))
        for chart in charts.get(strand, []):
            blocks.append(_chart(chart))
        blocks.append({"type": "heading", "level": 3, "text": "Tidslinje"})
        blocks.extend(_table(content, table) for table in tables.get(f"{strand}_timeline", []))
    blocks.append({"type": "heading", "level": 2, "text": "Insiktskedjan"})
    blocks.append(
        {
            "type": "paragraph",
            "text": "Kedjan går från underlag och insikter via projekt och tjänsteförändringar "
            "till återkoppling. Tabellen visar var den brister för perioden.",
        }
    )
    blocks.extend(_table(content, table) for table in tables.get("gaps", []))
    for key in ("conclusions", "actions", "assessment", "children", "economy", "documents"):
        part(key)
    signatories = lines(meta.get("signatories", ""))
    if signatories:
        blocks.append({"type": "heading", "level": 2, "text": "Underskrifter"})
        blocks.append({"type": "signatures", "items": [*signatories, meta["handlaggare"]]})
    blocks.extend(_appendix(content))
    return blocks

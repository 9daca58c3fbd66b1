"""The flow as plain SVG geometry: one band per step of the chain, top to bottom, its bar as
long as its count allows, and the gap where the flow stops drawn under the band it follows.
The template draws it (with a title, a description and the same numbers as a table)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from tracker.overview.flow import BANDS, GAPS
from tracker.overview.rules import FlowFilter

WIDTH = 400  # about the width of a phone: the text stays readable at 390 px
BAR_MAX = 300
BAND_HEIGHT = 62
GAP_HEIGHT = 30
BAND_COLOUR = "#1d4f91"  # 4.5:1 on white, as the report's charts
GAP_COLOUR = "#a34700"


@dataclass(slots=True)
class Row:
    key: str
    label: str
    value: int
    url: str
    y: float
    bar: float  # the bar's length (bands); 0 for gaps
    gap: bool = False
    chain_url: str = ""  # a gap's view on /kedjan


@dataclass(slots=True)
class Diagram:
    rows: list[Row]
    height: int
    description: str
    width: int = WIDTH


def records_url(key: str, flow: FlowFilter) -> str:
    return "/oversikt/poster?" + urlencode({"mangd": key, **flow.query()})


def build(counts: dict[str, int], flow: FlowFilter) -> Diagram:
    largest = max((counts.get(band.key, 0) for band in BANDS), default=0)
    rows: list[Row] = []
    y = 8.0
    for band in BANDS:
        value = counts.get(band.key, 0)
        length = round(max(3.0, BAR_MAX * value / largest) if largest else 3.0, 1)
        rows.append(Row(band.key, band.label, value, records_url(band.key, flow), y, length))
        y += BAND_HEIGHT
        for gap in GAPS:
            if gap.after == band.key and counts.get(gap.key, 0):
                rows.append(
                    Row(
                        gap.key,
                        gap.label,
                        counts[gap.key],
                        records_url(gap.key, flow),
                        y,
                        0,
                        gap=True,
                        chain_url=f"/kedjan#{gap.anchor}",
                    )
                )
                y += GAP_HEIGHT
    parts = [f"{'Här stannar det: ' if row.gap else ''}{row.label}: {row.value}" for row in rows]
    return Diagram(rows, int(y), "Flödesdiagram, uppifrån och ned. " + "; ".join(parts) + ".")

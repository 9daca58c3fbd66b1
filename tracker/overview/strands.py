"""The three strands now and per quarter: the report's own figures (tracker.reports.figures),
computed once for each of the last eight quarters, so the overview and the report never
disagree. A fixed number of statements whatever the data size (the report's per quarter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.overview.rules import Quarter
from tracker.reports import charts, figures
from tracker.reports.figures import Lists


@dataclass(frozen=True, slots=True)
class Strand:
    key: str
    title: str
    figures: tuple[tuple[str, str], ...]  # (figure key, series name)


STRANDS = (
    Strand(
        "dialogues",
        "Medborgardialog",
        (("dialogues.active", "Med aktivitet"), ("dialogues.held", "Med dialogtillfällen")),
    ),
    Strand("collaborations", "Samverkan", (("collaborations.active", "Aktiv samverkan"),)),
    Strand(
        "projects",
        "Tjänstedesign",
        (("projects.active", "Projekt"), ("changes.introduced", "Införda förändringar")),
    ),
)
KEY_FIGURES = {key for strand in STRANDS for key, _ in strand.figures}


@dataclass(slots=True)
class Cell:
    value: int
    url: str


@dataclass(slots=True)
class StrandView:
    strand: Strand
    now: list[tuple[str, Cell]]  # (the figure's label, its value in the quarter under way)
    chart: charts.Chart
    cells: list[list[Cell]]  # per quarter (oldest first), per series


def records_url(key: str, start: date, end: date) -> str:
    return f"/oversikt/poster?figur={key}&fran={start.isoformat()}&till={end.isoformat()}"


async def by_quarter(quarters: list[Quarter], lists: Lists) -> list[StrandView]:
    """Each strand's key figures per quarter; the last quarter (under way) is "now"."""
    sets = [await figures.compute(q.start, q.end, lists) for q in quarters]
    views = []
    for strand in STRANDS:
        cells = [
            [
                Cell(int(found.figures[key]["value"]), records_url(key, q.start, q.end))
                for key, _ in strand.figures
            ]
            for q, found in zip(quarters, sets, strict=True)
        ]
        data: dict[str, Any] = {
            "title": f"{strand.title} per kvartal",
            "series": [name for _, name in strand.figures],
            "bars": [
                {"label": q.label, "values": [cell.value for cell in row]}
                for q, row in zip(quarters, cells, strict=True)
            ],
        }
        latest = sets[-1].figures
        now = [
            (str(latest[key]["label"]).replace("under perioden", "i kvartalet"), cell)
            for (key, _), cell in zip(strand.figures, cells[-1], strict=True)
        ]
        views.append(StrandView(strand, now, charts.build(strand.key, data), cells))
    return views


async def figure_ids(key: str, start: date, end: date, lists: Lists) -> tuple[str, list[int], str]:
    """A key figure's label, the ids behind it and their kind, for the period."""
    if key not in KEY_FIGURES:
        raise KeyError(key)
    found = (await figures.compute(start, end, lists)).figures[key]
    return str(found["label"]), list(found["ids"]), str(found["kind"])

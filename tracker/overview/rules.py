"""The overview's periods and filter: plain functions, tested without HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.web.forms import Fields

QUARTERS = 8  # two years


@dataclass(frozen=True, slots=True)
class Quarter:
    start: date
    end: date  # the last day, or today for the quarter under way

    @property
    def label(self) -> str:
        return f"K{(self.start.month - 1) // 3 + 1} {self.start.year}"


def quarters(today: date, count: int = QUARTERS) -> list[Quarter]:
    """The `count` quarters up to and including today's, oldest first; the last ends today."""
    year, index = today.year, (today.month - 1) // 3
    found = []
    for _ in range(count):
        start = date(year, 3 * index + 1, 1)
        next_start = date(year + 1, 1, 1) if index == 3 else date(year, 3 * index + 4, 1)
        found.append(Quarter(start, min(next_start - timedelta(days=1), today)))
        year, index = (year - 1, 3) if index == 0 else (year, index - 1)
    return list(reversed(found))


def year_before(today: date) -> date:
    """The first day of the last twelve months: a year ago plus one day (29 February safe)."""
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(today.year - 1, 3, 1)


@dataclass(frozen=True, slots=True)
class FlowFilter:
    """The flow's period (both days included), board (nämnd) and theme; empty means all."""

    start: date
    end: date
    board: str = ""
    theme: int | None = None

    def query(self) -> dict[str, str]:
        """The filter as the GET parameters of the form."""
        params = {"fran": self.start.isoformat(), "till": self.end.isoformat()}
        if self.board:
            params["namnd"] = self.board
        if self.theme is not None:
            params["tema"] = str(self.theme)
        return params


def read_filter(params: dict[str, Any], today: date) -> tuple[Fields, FlowFilter]:
    """The filter from the query string; dates left out are the last twelve months. On bad
    input `fields` carries the message beside the field and the default filter is returned."""
    raw = {key: str(params.get(key, "")) for key in ("fran", "till", "namnd", "tema")}
    raw["fran"] = raw["fran"].strip() or year_before(today).isoformat()
    raw["till"] = raw["till"].strip() or today.isoformat()
    fields = Fields(raw)
    start = fields.date("fran", label="Från och med")
    end = fields.date("till", label="Till och med")
    if start and end and end < start:
        fields.error("till", "Till och med kan inte vara före från och med.")
    theme_text = fields.raw.get("tema", "").strip()
    theme = int(theme_text) if theme_text.isdigit() else None
    if theme_text and theme is None:
        fields.error("tema", "Välj ett tema i listan.")
    board = fields.raw.get("namnd", "").strip()[:200]
    if not fields.ok or start is None or end is None:
        return fields, FlowFilter(year_before(today), today)
    return fields, FlowFilter(start, end, board, theme)

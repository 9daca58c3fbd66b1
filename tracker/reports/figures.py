"""The report's figures, computed in the database for a period, each with the ids behind it.

Every figure is an aggregate (COUNT/SUM with GROUP BY) that also gathers the ids of the records
it counts (group_concat on SQLite, string_agg on PostgreSQL), so the HTML can link "12 dialoger"
to exactly those 12. Drafting sends a fixed number of statements whatever the data size:
Python only sorts small lists of groups (a handful of states, levels, steps or months).

What "in the period" means (both dates included, dates only – never clock times, except for
step moves and insights, which only have a time stamp and are counted from 00:00 Swedish time
on the first day to 24:00 on the last):

- A dialogue is *held* in the period when one of its sessions (dialogtillfällen) has `held_on`
  in the period: a session on the last day counts, one on the day after does not. A dialogue
  is *active* in the period when it was held, decided (`decided_on`), had its information
  meeting (`info_meeting_on`) or gave feedback (`given_on`) in the period. Dialogues by state
  are the active ones, in the state they have when the report is drafted (or frozen).
- Feedback *due* in the period: `feedback_due` in the period; *on time*: feedback to residents
  given on or before the due date. *Overdue at the end of the period*: due before the last day
  and no feedback to residents given by the last day (also promises from before the period).
- A collaboration is active when its period (start, end) overlaps the report's; its
  contributions are those of the calendar years the period touches.
- A project is counted when it started on or before the last day; iterations started in the
  period; step moves back to an earlier step (regressions) made in the period.
- Service changes by the status they had on the last day (from their status history); changes
  *introduced* (införda) in the period: status införd dated in the period.
- The chain's gaps (as on /kedjan) are limited to the period's records: dialogues held in the
  period with no insight (or, when they promised Inflytande or Medbeslutande, no change),
  insights formulated in the period that no project uses, and changes that existed on the last
  day with no evidence behind them – as the records stand when drafted (or frozen).
- Archived records are left out throughout, as on the other overview pages.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Hashable
from datetime import date
from typing import Any

from tracker import data_version
from tracker.db import fetch_rows, is_postgres
from tracker.kinds import (
    COLLABORATION,
    DIALOGUE,
    INSIGHT,
    ORGANISATION,
    PROJECT,
    SERVICE_CHANGE,
    SERVICE_EFFECT,
    RecordKind,
)
from tracker.reports.figureset import (
    KIND_NOUNS,
    FigureSet,
    Lists,
    months_of,
    percent,
    period_moments,
)
from tracker.reports.strand_collaborations import collaboration_figures
from tracker.reports.strand_dialogues import dialogue_figures
from tracker.reports.strand_effects import effect_figures
from tracker.reports.strand_projects import gap_figures, project_figures
from tracker.reports.strand_statuses import status_figures

__all__ = [
    "KIND_NOUNS",
    "FigureSet",
    "Lists",
    "behind",
    "compute",
    "list_keys",
    "months_of",
    "percent",
    "period_moments",
    "records",
]


async def compute(start: date, end: date, lists: Lists) -> FigureSet:
    """All figures of the report for the period, computed again only when the data has
    changed (the report draft, a frozen version's "changed since" check and the overview
    ask for the same periods over and over). Each caller gets its own copy to change."""
    key = ("report-figures", start, end, *list_keys(lists))
    found = await data_version.cached(key, lambda: _compute(start, end, lists))
    return copy.deepcopy(found)


def list_keys(lists: Lists) -> tuple[Hashable, ...]:
    return (lists.catalogue, lists.dialogue_lists, lists.collaboration_lists)


async def _compute(start: date, end: date, lists: Lists) -> FigureSet:
    """All figures of the report for the period: a fixed number of SQL statements."""
    result = FigureSet()
    await dialogue_figures(result, start, end, lists)
    await collaboration_figures(result, start, end, lists)
    await project_figures(result, start, end, lists)
    await gap_figures(result, start, end)
    await status_figures(result, start, end)
    await effect_figures(result, start, end)
    return result


# --- the records behind a figure ---------------------------------------------------------------

# Each kind's statement and the kind whose page a row links to: its own, or (for iterations and
# step moves, which have no page of their own, where a row has a `parent`) its project's.
_TITLES: dict[str, tuple[str, RecordKind | None]] = {
    **{kind.key: (kind.titles_sql(), kind) for kind in (DIALOGUE, COLLABORATION, ORGANISATION)},
    PROJECT.key: (PROJECT.titles_sql(), PROJECT),
    "iteration": (
        "SELECT i.id AS id, p.title AS title, i.step AS detail, i.started_on AS on_date, "
        "i.project AS parent FROM iteration i JOIN project p ON p.id = i.project",
        PROJECT,
    ),
    "step_move": (
        "SELECT m.id AS id, p.title AS title, m.from_step AS detail, m.to_step AS detail2, "
        "m.project AS parent FROM step_move m JOIN project p ON p.id = m.project",
        PROJECT,
    ),
    INSIGHT.key: (INSIGHT.titles_sql(), INSIGHT),
    SERVICE_CHANGE.key: ("SELECT id, title FROM service_change", SERVICE_CHANGE),
    SERVICE_EFFECT.key: (
        "SELECT e.id AS id, c.title || ': ' || e.indicator AS title "
        "FROM service_effect e JOIN service_change c ON c.id = e.change",
        SERVICE_EFFECT,
    ),
}


def record_url(kind: str, row: dict[str, Any]) -> str | None:
    page = _TITLES[kind][1]
    return page.url(row.get("parent") or row["id"]) if page else None


def behind(figure: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The records behind a figure as its underlag shows them: each with its part of an amount
    (the parts add up to the figure) or, for a share, whether it is in the numerator."""
    amounts = figure.get("amounts")
    part = set(figure.get("part_ids", []))
    shown = []
    for row in rows:
        extra: dict[str, Any] = {}
        if amounts is not None:
            extra["amount"] = int(amounts.get(str(row["id"]), 0))
        if "part_ids" in figure:
            extra["in_part"] = row["id"] in part
        shown.append({**row, **extra})
    total = sum(row["amount"] for row in shown) if amounts is not None else None
    return {"rows": shown, "total": total}


async def records(kind: str, ids: list[int], lists: Lists) -> list[dict[str, Any]]:
    """Title, detail and link of each record (one statement, whatever the number of ids)."""
    if kind not in _TITLES:
        return []
    base, _ = _TITLES[kind]
    alias = base.split(" FROM ")[1].split()[1] if " JOIN " in base else None
    column = f"{alias}.id" if alias else "id"
    if is_postgres():
        rows = await fetch_rows(f"{base} WHERE {column} = ANY({{}}) ORDER BY 1", list(ids))
    else:
        rows = await fetch_rows(
            f"{base} WHERE {column} IN (SELECT value FROM json_each({{}})) ORDER BY 1",
            json.dumps(list(ids)),
        )
    names = {phase.key: phase.name for phase in lists.catalogue}
    found = []
    for row in rows:
        title = str(row["title"])
        if kind == "iteration":
            title = f"{title}: iteration i {names.get(row['detail'], row['detail'])}, " + (
                row["on_date"].isoformat()
                if hasattr(row["on_date"], "isoformat")
                else str(row["on_date"])
            )
        elif kind == "step_move":
            title = (
                f"{title}: från {names.get(row['detail'], row['detail'])} "
                f"till {names.get(row['detail2'], row['detail2'])}"
            )
        elif kind == "insight" and len(title) > 160:
            title = title[:157] + "…"
        found.append({"id": int(row["id"]), "title": title, "url": record_url(kind, row)})
    return found

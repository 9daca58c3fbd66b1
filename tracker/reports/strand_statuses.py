"""Projects and collaborations by the status they had at the period's end, read from their
dated status histories (tracker.reports.as_of.status_at_end): a project closed on 1 April
counts as ongoing in a report for the first quarter, whenever the report is drafted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from tracker.collaborations.rules import STATUS_LABELS as COLLABORATION_STATUSES
from tracker.db import fetch_rows
from tracker.insights.counting import live
from tracker.projects.rules import STATUS_LABELS as PROJECT_STATUSES
from tracker.reports.as_of import status_at_end, with_end
from tracker.reports.figureset import FigureSet, figure_row, ids_agg, period_moments, split_ids

# The same sets as "projects.active" and "collaborations.active", split by status at the end.
_PROJECTS = f"FROM project p WHERE {live('p')} AND p.start_date <= {{}}"
_COLLABORATIONS = (
    f"FROM collaboration c WHERE {live('c')} AND c.start_date <= {{}} "
    "AND (c.end_date IS NULL OR c.end_date >= {})"
)


async def status_figures(result: FigureSet, start: date, end: date) -> None:
    """Two figure groups, projects.status.* and collaborations.status.*, with their tables."""
    found = await fetch_rows(
        with_end() + "SELECT x.what AS what, x.grp AS grp, "
        f"{ids_agg('x.id')} AS ids FROM (SELECT 'project' AS what, p.id AS id, "
        f"{status_at_end('project_status_event', 'project', 'p')} AS grp {_PROJECTS} "
        "UNION ALL SELECT 'collaboration', c.id, "
        f"{status_at_end('collaboration_status_event', 'collaboration', 'c')} "
        f"{_COLLABORATIONS}) x GROUP BY x.what, x.grp",
        period_moments(start, end)[1],
        end,
        end,
        end,
        start,
    )
    _group(result, found, "project", PROJECT_STATUSES, ("projects", "Projekt"))
    _group(result, found, "collaboration", COLLABORATION_STATUSES, ("collaborations", "Samverkan"))


def _group(
    result: FigureSet,
    found: list[dict[str, Any]],
    what: str,
    labels: Mapping[str, str],
    names: tuple[str, str],
) -> None:
    section, noun = names
    ids_by_status = {row["grp"]: split_ids(row["ids"]) for row in found if row["what"] == what}
    rows = []
    for status, label in labels.items():
        ids = ids_by_status.get(status, [])
        key = result.add(
            f"{section}.status.{status}",
            f"{noun} med status {label.lower()} vid periodens slut",
            len(ids),
            what,
            ids,
        )
        rows.append(figure_row(label, key))
    result.tables.setdefault(section, []).append(
        {
            "caption": f"{noun} per status vid periodens slut",
            "headers": ["Status", "Antal"],
            "rows": rows,
        }
    )

"""Links as of a moment: a project's use of an insight (insight_use) and a change's building on
an insight (change_insight) are removed by deleting their row, so a removed one is kept here
(insight_link_removal: what was linked, when and by whom, and when and by whom it was removed).
The report counts a link that existed at the end of its period: made before that moment, and
either still there or removed at or after it (`insight_uses`, `change_insights`).

Insight evidence is never unlinked (evidence is archived instead), so it needs no removals.
Removals from before this table existed are filled from the change log, which logged every
unlink on the insight with the link's key (the migration, and `tracker import` of old files).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.db import fetch_rows
from tracker.insights.tables import ChangeInsight, Insight, InsightUse, ServiceChange
from tracker.projects.tables import Project
from tracker.shared.status_history import SYSTEM, logged_changes, logged_moment


class InsightLinkRemoval(Table, tablename="insight_link_removal"):
    """A removed link of an insight: to a project (a use) or to a change, never both."""

    id: Serial

    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    project = ForeignKey(Project, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    change = ForeignKey(
        ServiceChange, null=True, default=None, index=True, on_delete=OnDelete.restrict
    )
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)
    unlinked_at = Timestamptz(index=True)
    unlinked_by = Varchar(length=200)


def _as_of(columns: str, table: str, other: str, until: str | None) -> tuple[str, ...]:
    if until is None:
        return (table,)
    removed = (
        f"(SELECT {columns} FROM insight_link_removal "
        f"WHERE {other} IS NOT NULL AND unlinked_at >= {until})"
    )
    return table, removed


def insight_uses(until: str | None = None) -> tuple[str, ...]:
    """Where the projects' uses of insights (insight, project, linked_at) that had not been
    removed by `until` (an SQL moment) are read: insight_use, and without `until` only it.
    Each is read in a query of its own (an EXISTS per source, joined by OR): PostgreSQL
    pushes no join condition into a UNION ALL of the two, and scanned every removal per row."""
    return _as_of("insight, project, linked_at", "insight_use", "project", until)


def change_insights(until: str | None = None) -> tuple[str, ...]:
    """Where the changes' insights (change, insight, linked_at) that had not been removed by
    `until` are read, as `insight_uses`: change_insight, and its removals given `until`."""
    return _as_of("change, insight, linked_at", "change_insight", "change", until)


async def keep_removed(
    link: type[InsightUse] | type[ChangeInsight], row_id: int, at: datetime, by: str
) -> None:
    """Before the link's row is deleted: keep what it linked and when, and its removal."""
    table: Any = link
    other = "project" if link is InsightUse else "change"
    row = (
        await table.select(table.insight, getattr(table, other), table.linked_at, table.linked_by)
        .where(table.id == row_id)
        .first()
    )
    if row is not None:
        await InsightLinkRemoval.insert(InsightLinkRemoval(**row, unlinked_at=at, unlinked_by=by))


CHUNK = 100  # rows per INSERT, well within SQLite's limit on placeholders
_USE = re.compile(r"^insight:(\d+)-project:(\d+)$")
_CHANGE = re.compile(r"^change:(\d+)-insight:(\d+)(?::\d+)?$")


def _link_of(changes: Any) -> tuple[str, str] | None:
    """The link a logged (un)link names, as (`project` or `change`, a key without strength)."""
    pair = logged_changes(changes).get("link")
    key = next((k for k in pair if k), None) if isinstance(pair, list) else None
    if not isinstance(key, str):
        return None
    if match := _USE.match(key):
        return "project", f"{match[1]}-{match[2]}"
    if match := _CHANGE.match(key):
        return "change", f"{match[2]}-{match[1]}"
    return None


def removals_from_log(log: list[dict[str, Any]], created: dict[int, Any]) -> list[dict[str, Any]]:
    """The removed links the insights' change log tells (its rows oldest first; `created`: each
    insight's creation, for a link whose making the log does not show)."""
    made: dict[tuple[str, str], tuple[datetime, str]] = {}
    removals: list[dict[str, Any]] = []
    for row in log:
        link = _link_of(row["changes"])
        if link is None:
            continue
        at = logged_moment(row["occurred_at"])
        if row["action"] == "linked":
            made[link] = (at, row["actor"])
            continue
        insight, other = (int(part) for part in link[1].split("-"))
        began = created.get(insight, row["occurred_at"])
        linked_at, linked_by = made.pop(link, (logged_moment(began), SYSTEM))
        removals.append(
            {
                "insight": insight,
                "project": other if link[0] == "project" else None,
                "change": other if link[0] == "change" else None,
                "linked_at": linked_at,
                "linked_by": linked_by,
                "unlinked_at": at,
                "unlinked_by": row["actor"],
            }
        )
    return removals


async def fill_from_change_log() -> int:
    """Keep every removal the change log tells, when none is kept yet; the rows written."""
    if await InsightLinkRemoval.exists():
        return 0
    log = await fetch_rows(
        "SELECT entity_id, occurred_at, actor, action, changes FROM change_log "
        "WHERE entity_type = 'insight' AND action IN ('linked', 'unlinked') "
        "ORDER BY occurred_at, id"
    )
    if not any(row["action"] == "unlinked" for row in log):
        return 0
    insights = await fetch_rows("SELECT id, created_at FROM insight")
    created = {int(row["id"]): row["created_at"] for row in insights}
    removals = [r for r in removals_from_log(log, created) if r["insight"] in created]
    for start in range(0, len(removals), CHUNK):
        chunk = removals[start : start + CHUNK]
        await InsightLinkRemoval.insert(*[InsightLinkRemoval(**row) for row in chunk])
    return len(removals)

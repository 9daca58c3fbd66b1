"""What the service changes' pages show: the list, a change's page with everything behind it,
and the changes a dialogue's feedback can report. Reads only, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.db import fetch_rows
from tracker.insights import counting
from tracker.insights.tables import ChangeStatusEvent, ServiceChange
from tracker.insights.trails import SOURCE_COLUMNS, SOURCE_JOINS
from tracker.web.pagination import PAGE_SIZE, Page


@dataclass(slots=True)
class ChangeDetail:
    change: dict[str, Any]
    events: list[dict[str, Any]]
    insights: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    feedback: list[dict[str, Any]]


async def change_detail(change_id: int) -> ChangeDetail | None:
    """The change with its status history and everything behind it: six queries."""
    change = (
        await ServiceChange.select(
            *ServiceChange.all_columns(),
            ServiceChange.project.title.as_alias("project_title"),
        )
        .where(ServiceChange.id == change_id)
        .first()
    )
    if change is None:
        return None
    events = await (
        ChangeStatusEvent.select()
        .where(ChangeStatusEvent.change == change_id)
        .order_by(ChangeStatusEvent.id)
    )
    insights = await fetch_rows(
        "SELECT i.id, i.statement, i.target_group, ci.strength, ci.linked_at, ci.linked_by "
        "FROM insight i JOIN change_insight ci ON ci.insight = i.id WHERE ci.change = {} "
        "ORDER BY ci.strength DESC, i.id",
        change_id,
    )
    evidence = await fetch_rows(
        f"SELECT DISTINCT e.id, e.text, e.speaker_category, e.internal, e.source_type, "
        f"e.source_id, ie.insight, {SOURCE_COLUMNS} FROM evidence e {SOURCE_JOINS} "
        "JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight WHERE ci.change = {} ORDER BY e.id",
        change_id,
    )
    sources: dict[tuple[str, int], dict[str, Any]] = {}
    for row in evidence:
        sources.setdefault((row["source_type"], row["source_id"]), row)
    feedback = await fetch_rows(
        "SELECT f.id, f.given_on, f.dialogue, d.title AS dialogue_title FROM dialogue_feedback f "
        "JOIN feedback_change fc ON fc.feedback = f.id JOIN dialogue d ON d.id = f.dialogue "
        "WHERE fc.change = {} ORDER BY f.given_on",
        change_id,
    )
    return ChangeDetail(
        change,
        events,
        insights,
        evidence,
        sorted(sources.values(), key=lambda row: (row["source_type"], row["title"] or "")),
        feedback,
    )


async def changes_from_dialogue(dialogue_id: int) -> list[dict[str, Any]]:
    """The service changes that build on what the dialogue brought up: feedback can name them."""
    return await fetch_rows(
        "SELECT DISTINCT c.id, c.title, c.status, c.status_on FROM service_change c "
        "JOIN change_insight ci ON ci.change = c.id "
        "JOIN insight_evidence ie ON ie.insight = ci.insight JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = 'dialogue' AND e.source_id = {} "
        f"AND {counting.live_change('c')} AND {counting.live('e')} "
        "AND EXISTS (SELECT 1 FROM insight li WHERE li.id = ci.insight AND li.archived_at IS NULL) "
        "ORDER BY c.id",
        dialogue_id,
    )


async def changes_named_in_feedback(dialogue_id: int) -> dict[int, list[dict[str, Any]]]:
    """Per piece of the dialogue's feedback, the changes it reported ("vi gjorde")."""
    rows = await fetch_rows(
        "SELECT fc.feedback, c.id, c.title, c.status FROM feedback_change fc "
        "JOIN service_change c ON c.id = fc.change JOIN dialogue_feedback f ON f.id = fc.feedback "
        "WHERE f.dialogue = {} ORDER BY c.id",
        dialogue_id,
    )
    named: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        named.setdefault(row["feedback"], []).append(row)
    return named


async def list_changes(status: str, page: int) -> Page:
    """All service changes, most recently changed first, optionally of one status."""
    where = counting.live_change("c") + (" AND c.status = {}" if status else "")
    args = [status] if status else []
    total = (await fetch_rows(f"SELECT COUNT(*) AS n FROM service_change c WHERE {where}", *args))[
        0
    ]
    rows = await fetch_rows(
        "SELECT c.id, c.title, c.status, c.status_on, c.project, p.title AS project_title, "
        "(SELECT COUNT(*) FROM change_insight ci WHERE ci.change = c.id) AS insight_count "
        f"FROM service_change c JOIN project p ON p.id = c.project WHERE {where} "
        f"ORDER BY c.status_on DESC, c.id DESC LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}",
        *args,
    )
    return Page(rows=rows, total=int(total["n"]), number=page, size=PAGE_SIZE)


async def changes_by_status() -> dict[str, int]:
    rows = await fetch_rows(
        "SELECT c.status, COUNT(*) AS n FROM service_change c "
        f"WHERE {counting.live_change('c')} GROUP BY c.status"
    )
    return {row["status"]: int(row["n"]) for row in rows}

"""Following the chain both ways: everything that came of a source, and everything behind a
service change. A fixed number of statements, whatever the chain's depth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.db import fetch_rows
from tracker.insights import counting
from tracker.kinds import DIALOGUE, SOURCE_KINDS


@dataclass(slots=True)
class Trail:
    """A chain followed from one record: each list holds rows of one kind."""

    evidence: list[dict[str, Any]] = field(default_factory=list)
    insights: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


# The title of a piece of evidence's source, whichever kind it is (tracker.kinds.SOURCE_KINDS),
# and a dialogue's levels on Delaktighetstrappan (promised and achieved). Used as
# `FROM evidence e {SOURCE_JOINS}`; each source's table is joined as `src_<kind>`.
SOURCE_JOINS = " ".join(
    f"LEFT JOIN {kind.table} src_{kind.key} ON e.source_type = '{kind.key}' "
    f"AND src_{kind.key}.id = e.source_id"
    for kind in SOURCE_KINDS
)
SOURCE_TITLE = "COALESCE(" + ", ".join(f"src_{k.key}.{k.title}" for k in SOURCE_KINDS) + ")"
SOURCE_COLUMNS = (
    f"{SOURCE_TITLE} AS title, src_{DIALOGUE.key}.level_promised AS level_promised, "
    f"src_{DIALOGUE.key}.level_achieved AS level_achieved"
)


async def trail_from_source(source_type: str, source_id: int) -> Trail:
    """Everything that came of a dialogue or collaboration: four queries at any depth."""
    evidence = await fetch_rows(
        "SELECT id, text, speaker_category, internal FROM evidence "
        "WHERE source_type = {} AND source_id = {} AND archived_at IS NULL ORDER BY id",
        source_type,
        source_id,
    )
    # Only what counts (tracker.insights.counting): live evidence, live insights, projects
    # and changes.
    insights = await fetch_rows(
        "SELECT DISTINCT i.id, i.statement, i.target_group FROM insight i "
        "JOIN insight_evidence ie ON ie.insight = i.id JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live('i')} AND {counting.live_evidence('e')} ORDER BY i.id",
        source_type,
        source_id,
    )
    # The source's insights first, as a list (written as a join from the projects, SQLite
    # walked every live project: 160 ms on the N=1 data instead of 7).
    projects = await fetch_rows(
        "SELECT DISTINCT p.id, p.title, p.current_step, u.insight FROM insight_use u "
        "JOIN project p ON p.id = u.project WHERE u.insight IN (SELECT ie.insight FROM evidence e "
        "JOIN insight_evidence ie ON ie.evidence = e.id WHERE e.source_type = {} "
        f"AND e.source_id = {{}} AND {counting.live_evidence('e')}) AND {counting.live('p')} "
        "ORDER BY p.id",
        source_type,
        source_id,
    )
    changes = await fetch_rows(
        "SELECT DISTINCT c.id, c.title, c.status, c.status_on, c.project, ci.insight, ci.strength "
        "FROM service_change c JOIN change_insight ci ON ci.change = c.id "
        "JOIN insight_evidence ie ON ie.insight = ci.insight JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live_change('c')} AND {counting.live_evidence('e')} ORDER BY c.id",
        source_type,
        source_id,
    )
    return Trail(evidence=evidence, insights=insights, projects=projects, changes=changes)


async def trail_to_change(change_id: int) -> Trail:
    """Every insight, piece of evidence and source behind a change: three queries."""
    insights = await fetch_rows(
        "SELECT i.id, i.statement, i.target_group, ci.strength FROM insight i "
        "JOIN change_insight ci ON ci.insight = i.id WHERE ci.change = {} ORDER BY ci.strength DESC, i.id",
        change_id,
    )
    evidence = await fetch_rows(
        "SELECT DISTINCT e.id, e.text, e.speaker_category, e.internal, e.source_type, e.source_id, "
        "ie.insight FROM evidence e JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight WHERE ci.change = {} ORDER BY e.id",
        change_id,
    )
    sources = await fetch_rows(
        f"SELECT DISTINCT e.source_type, e.source_id AS id, {SOURCE_COLUMNS} FROM evidence e "
        f"{SOURCE_JOINS} JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight WHERE ci.change = {} "
        "ORDER BY e.source_type, e.source_id",
        change_id,
    )
    return Trail(evidence=evidence, insights=insights, sources=sources)

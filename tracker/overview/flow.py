"""The promise in one picture: how many records flow from the period's dialogues and
collaborations to evidence, insights, projects, service changes and feedback given, and where
the chain breaks – counted in the database, one statement whatever the data size.

The period picks the sources: dialogues with a session (dialogtillfälle) held in it, both days
included, and collaborations whose period overlaps it. What follows from them is counted as the
records stand today: their live evidence, the live insights it backs, the live projects that use
those insights, the live service changes that build on them, and the dialogues of the period
whose residents were told about such a change (återkoppling "vi gjorde"). A board (nämnd) keeps
the dialogues of that board; collaborations have no board and are then left out. A theme keeps
the insights with that theme and what follows from them. Archived records never count (the
predicates of tracker.insights.counting, the same as /kedjan and the report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.db import fetch_rows
from tracker.insights import counting
from tracker.insights.counting import live, live_change, live_evidence
from tracker.insights.rules import PROMISING_LEVELS
from tracker.overview.rules import FlowFilter


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    label: str
    kind: str  # the kind of record behind it (tracker.kinds), or "evidence"


@dataclass(frozen=True, slots=True)
class Gap:
    key: str
    label: str
    kind: str
    after: str  # the band after which the flow stops
    anchor: str  # its gap view on /kedjan


BANDS = (
    Band("dialogues", "Dialoger med dialogtillfällen under perioden", "dialogue"),
    Band("collaborations", "Samverkan aktiv under perioden", "collaboration"),
    Band("evidence", "Underlag från dem", "evidence"),
    Band("insights", "Insikter som underlaget stöder", "insight"),
    Band("projects", "Projekt som använder insikterna", "project"),
    Band("changes", "Tjänsteförändringar som bygger på insikterna", "service_change"),
    Band("feedback", "Dialoger där deltagarna fått veta vad som ändrats", "dialogue"),
)
GAPS = (
    Gap("silent", "Dialoger utan insikter", "dialogue", "evidence", "tysta"),
    Gap("unused", "Insikter som inget projekt använder", "insight", "insights", "oanvanda"),
    Gap(
        "promises",
        "Dialoger som utlovade inflytande eller medbeslutande men inte ledde till förändring",
        "dialogue",
        "changes",
        "lofte",
    ),
    Gap("overdue", "Dialoger med försenad återkoppling", "dialogue", "feedback", "forsenad"),
)
SETS = {band.key: band for band in BANDS} | {gap.key: gap for gap in GAPS}


def _chain(flow: FlowFilter, today: date) -> tuple[str, list[Any]]:
    """The WITH clause naming each band's and gap's set of ids, and its parameters."""
    args: list[Any] = [flow.start, flow.end]
    board = ""
    if flow.board:
        board = "AND d.board = {} "
        args.append(flow.board)
    args += [flow.end, flow.start]
    none_without_board = "AND 1 = 0 " if flow.board else ""
    theme = ""
    if flow.theme is not None:
        theme = (
            "AND EXISTS (SELECT 1 FROM insight_theme it WHERE it.insight = i.id AND it.theme = {}) "
        )
    levels = ", ".join(f"'{level}'" for level in PROMISING_LEVELS)  # constants, not input
    sql = (
        "WITH set_dialogues AS (SELECT d.id AS id FROM dialogue d "
        f"WHERE {live('d')} AND EXISTS (SELECT 1 FROM dialogue_session s WHERE s.dialogue = d.id "
        f"AND s.held_on >= {{}} AND s.held_on <= {{}}) {board}), "
        "set_collaborations AS (SELECT c.id AS id FROM collaboration c "
        "WHERE c.archived_at IS NULL AND c.start_date <= {} "
        f"AND (c.end_date IS NULL OR c.end_date >= {{}}) {none_without_board}), "
        "set_evidence AS (SELECT e.id AS id FROM evidence e "
        f"WHERE {live_evidence('e')} AND ("
        "(e.source_type = 'dialogue' AND e.source_id IN (SELECT id FROM set_dialogues)) OR "
        "(e.source_type = 'collaboration' AND e.source_id IN (SELECT id FROM set_collaborations)))), "
        "set_insights AS (SELECT i.id AS id FROM insight i "
        f"WHERE {live('i')} AND EXISTS (SELECT 1 FROM insight_evidence ie WHERE ie.insight = i.id "
        f"AND ie.evidence IN (SELECT id FROM set_evidence)) {theme}), "
        "set_projects AS (SELECT p.id AS id FROM project p "
        f"WHERE {live('p')} AND EXISTS (SELECT 1 FROM insight_use u WHERE u.project = p.id "
        "AND u.insight IN (SELECT id FROM set_insights))), "
        "set_changes AS (SELECT c.id AS id FROM service_change c "
        f"WHERE {live_change('c')} AND EXISTS (SELECT 1 FROM change_insight ci "
        "WHERE ci.change = c.id AND ci.insight IN (SELECT id FROM set_insights))), "
        "set_feedback AS (SELECT d.id AS id FROM dialogue d WHERE d.id IN (SELECT id FROM set_dialogues) "
        "AND EXISTS (SELECT 1 FROM dialogue_feedback f JOIN feedback_change fc ON fc.feedback = f.id "
        "WHERE f.dialogue = d.id AND f.audience = 'residents' "
        "AND fc.change IN (SELECT id FROM set_changes))), "
        "set_silent AS (SELECT d.id AS id FROM dialogue d WHERE d.id IN (SELECT id FROM set_dialogues) "
        f"AND NOT {counting.dialogue_has_insight('d.id')}), "
        "set_unused AS (SELECT i.id AS id FROM insight i WHERE i.id IN (SELECT id FROM set_insights) "
        f"AND NOT {counting.insight_used('i.id')}), "
        "set_promises AS (SELECT d.id AS id FROM dialogue d WHERE d.id IN (SELECT id FROM set_dialogues) "
        f"AND d.level_promised IN ({levels}) AND NOT {counting.dialogue_led_to_change('d.id')}), "
        "set_overdue AS (SELECT d.id AS id FROM dialogue d WHERE d.id IN (SELECT id FROM set_dialogues) "
        "AND d.feedback_due < {} AND NOT EXISTS (SELECT 1 FROM dialogue_feedback f "
        "WHERE f.dialogue = d.id AND f.audience = 'residents')) "
    )
    if flow.theme is not None:
        args.append(flow.theme)
    args.append(today)
    return sql, args


async def flow_counts(flow: FlowFilter, today: date) -> dict[str, int]:
    """How many records each band and gap holds: one statement."""
    chain, args = _chain(flow, today)
    union = " UNION ALL ".join(
        f"SELECT '{key}' AS name, COUNT(*) AS n FROM set_{key}" for key in SETS
    )
    rows = await fetch_rows(chain + union, *args)
    return {str(row["name"]): int(row["n"]) for row in rows}


async def flow_ids(name: str, flow: FlowFilter, today: date) -> list[int]:
    """The ids behind one band or gap (a key of SETS): one statement."""
    if name not in SETS:
        raise KeyError(name)
    chain, args = _chain(flow, today)
    rows = await fetch_rows(chain + f"SELECT id FROM set_{name} ORDER BY id", *args)
    return [int(row["id"]) for row in rows]

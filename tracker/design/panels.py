"""The design section on a project's page: counts, the newest version of each prototype as a
small gallery, and the way to the design page (tracker.web.panels). One query."""

from __future__ import annotations

from typing import Any

from tracker.accounts.guard import current_user
from tracker.clock import today
from tracker.db import fetch_rows
from tracker.design import history_publication_services
from tracker.design.change_tests import tests_of_change
from tracker.design.effect_views import effects_of_change
from tracker.design.history_publication import approve_history_problem
from tracker.design.views import GALLERY_SQL
from tracker.insights import counting
from tracker.insights.gaps import GAPS_PANEL
from tracker.kinds import DESIGN_TEST, PROJECT, SERVICE_CHANGE
from tracker.publishing.rules import STATE_LABELS, PageState
from tracker.web.panels import Panel, PanelRequest

# The counts in a one-row table, joined with the gallery's rows (none: one row of counts).
PANEL_SQL = (
    "SELECT c.*, g.* FROM (SELECT "
    "(SELECT COUNT(*) FROM hypothesis WHERE project = {} AND archived_at IS NULL) AS hypotheses, "
    "(SELECT COUNT(*) FROM design_test WHERE project = {} AND archived_at IS NULL) AS tests, "
    # The design history's publication (issue 18): its id, state, seal and last sender.
    "(SELECT id FROM history_publication WHERE project = {}) AS hp_id, "
    "(SELECT state FROM history_publication WHERE project = {}) AS hp_state, "
    "(SELECT public FROM history_publication WHERE project = {}) AS hp_public, "
    "(SELECT snapshot_digest FROM history_publication WHERE project = {}) AS hp_digest, "
    "(SELECT edited_by_id FROM history_publication WHERE project = {}) AS hp_edited_by_id) c "
    f"LEFT JOIN ({GALLERY_SQL}) g ON 1 = 1 ORDER BY g.prototype"
)


async def design_panel(asked: PanelRequest) -> dict[str, Any]:
    project_id = asked.record.id
    rows = await fetch_rows(PANEL_SQL, *[project_id] * 8)
    counts = {"hypotheses": rows[0]["hypotheses"], "tests": rows[0]["tests"]}
    gallery = [row for row in rows if row["id"] is not None]
    return {
        "design_gallery": gallery,
        "design_counts": counts,
        "history_publication": await _publication(asked, rows[0]),
    }


async def _publication(asked: PanelRequest, row: dict[str, Any]) -> dict[str, Any]:
    """The design history's publication on the project's page: its state, who was asked to
    review and the steps the user may take from there (one more query while under review)."""
    state = row["hp_state"]
    user = current_user(asked.request)
    reviewing = state in (PageState.IN_REVIEW, PageState.APPROVED)
    draft = {"id": row["hp_id"]} if row["hp_id"] is not None else None
    return {
        "state": state,
        "label": STATE_LABELS.get(state or "", "Inte publicerad"),
        "public": bool(row["hp_public"]),
        "asked": await history_publication_services.asked(draft) if reviewing else [],
        "seen": row["hp_digest"] or "",
        "may_approve": user is not None
        and state == PageState.IN_REVIEW
        and approve_history_problem(state, row["hp_edited_by_id"], user) is None,
    }


async def effects_panel(asked: PanelRequest) -> dict[str, Any]:
    """The change's promised effects with their follow-ups, and its archived effects (to be
    found and restored), for its page. Two queries."""
    change_id = asked.record["id"]
    archived = await fetch_rows(
        "SELECT id, indicator FROM service_effect WHERE change = {} AND archived_at IS NOT NULL "
        "ORDER BY id",
        change_id,
    )
    return {
        "change_effects": await effects_of_change(change_id),
        "archived_effects": archived,
        "effects_today": today(),
    }


async def change_tests_panel(asked: PanelRequest) -> dict[str, Any]:
    """The tests the change rests on, for its page. One query."""
    return {"change_tests": await tests_of_change(asked.record["id"])}


GAP_ROWS = 50  # tests listed, as /kedjan's own lists


async def tests_without_insights(asked: PanelRequest) -> dict[str, Any]:
    """For /kedjan: tests (of live projects) whose observations led to no insight that counts,
    newest first. One query."""
    silent = f"NOT EXISTS ({counting.insights_of_source(DESIGN_TEST.key, 't.id')})"
    rows = await fetch_rows(
        "SELECT t.id, t.method, t.tested_on, t.project, p.title AS project_title, "
        "COUNT(*) OVER () AS total FROM design_test t JOIN project p ON p.id = t.project "
        f"WHERE t.archived_at IS NULL AND p.archived_at IS NULL AND {silent} "
        f"ORDER BY t.tested_on DESC, t.id DESC LIMIT {GAP_ROWS}"
    )
    return {"tests_without_insights": rows}


PANELS: dict[str, list[Panel]] = {
    PROJECT.key: [design_panel],
    SERVICE_CHANGE.key: [change_tests_panel, effects_panel],
    GAPS_PANEL: [tests_without_insights],
}

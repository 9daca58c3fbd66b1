"""What the design history reads: seven queries whatever the amount of data (eight for the
PDF, which carries the pictures themselves)."""

from __future__ import annotations

from tracker.clock import SWEDISH_TIME, today
from tracker.db import fetch_rows
from tracker.design.history import History, HistoryRows, build_history
from tracker.design.views import TEST_COLUMNS, VERSION_COLUMNS
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import DECISION_LABELS


async def history_rows(project_id: int) -> HistoryRows:
    iterations = await fetch_rows(
        "SELECT id, step, started_on, ended_on, methods, summary, learnings, decision "
        "FROM iteration WHERE project = {} ORDER BY id",
        project_id,
    )
    moves = await fetch_rows(
        "SELECT id, from_step, to_step, reason, moved_at, moved_on FROM step_move "
        "WHERE project = {} ORDER BY id",
        project_id,
    )
    for move in moves:
        move["on"] = move["moved_on"] or move["moved_at"].astimezone(SWEDISH_TIME).date()
    tests = await fetch_rows(
        f"SELECT {TEST_COLUMNS}, v.number AS version_number, p.name AS prototype_name "
        "FROM design_test t JOIN prototype_version v ON v.id = t.prototype_version "
        "JOIN prototype p ON p.id = v.prototype "
        "WHERE t.project = {} AND t.archived_at IS NULL ORDER BY t.id",
        project_id,
    )
    results = await fetch_rows(
        "SELECT r.test, r.result, h.if_we, h.outcome, h.because FROM test_result r "
        "JOIN design_test t ON t.id = r.test JOIN hypothesis h ON h.id = r.hypothesis "
        "WHERE t.project = {} AND t.archived_at IS NULL ORDER BY r.test, h.id",
        project_id,
    )
    versions = await fetch_rows(
        f"SELECT {VERSION_COLUMNS}, p.name AS prototype_name, "
        "CASE WHEN p.archived_at IS NULL THEN 0 ELSE 1 END AS prototype_archived "
        "FROM prototype_version v JOIN prototype p ON p.id = v.prototype "
        "WHERE p.project = {} ORDER BY p.id, v.number",
        project_id,
    )
    evidence = await fetch_rows(
        "SELECT e.id, e.source_id, e.text, e.speaker_category, e.internal FROM evidence e "
        "JOIN design_test t ON t.id = e.source_id WHERE e.source_type = 'design_test' "
        "AND t.project = {} AND e.archived_at IS NULL ORDER BY e.id",
        project_id,
    )
    return HistoryRows(iterations, moves, tests, results, versions, evidence)


async def project_history(
    project_id: int, catalogue: PhaseCatalogue, *, shared: bool = False
) -> History:
    return build_history(
        await history_rows(project_id),
        catalogue.name_of,
        DECISION_LABELS,
        today(),
        shared=shared,
    )


async def pictures_as_data(project_id: int) -> dict[int, str]:
    """Every stored picture of the project's prototypes as a data: URI, by version id (for the
    PDF, which cannot ask the app for them): one query."""
    rows = await fetch_rows(
        "SELECT i.version, i.data, v.image_type FROM prototype_image i "
        "JOIN prototype_version v ON v.id = i.version JOIN prototype p ON p.id = v.prototype "
        "WHERE p.project = {}",
        project_id,
    )
    return {row["version"]: f"data:{row['image_type']};base64,{row['data']}" for row in rows}

"""The design section on a project's page: counts, the newest version of each prototype as a
small gallery, and the way to the design page (tracker.web.panels)."""

from __future__ import annotations

from typing import Any

from tracker.db import fetch_rows
from tracker.design.views import gallery
from tracker.kinds import PROJECT
from tracker.web.panels import Panel, PanelRequest


async def design_panel(asked: PanelRequest) -> dict[str, Any]:
    project_id = asked.record.id
    counts = await fetch_rows(
        "SELECT (SELECT COUNT(*) FROM hypothesis WHERE project = {} AND archived_at IS NULL) "
        "AS hypotheses, (SELECT COUNT(*) FROM design_test WHERE project = {} "
        "AND archived_at IS NULL) AS tests",
        project_id,
        project_id,
    )
    return {"design_gallery": await gallery(project_id), "design_counts": counts[0]}


PANELS: dict[str, list[Panel]] = {PROJECT.key: [design_panel]}

"""The chain's sections on the pages of its sources: "Underlag och insikter" on a project's,
dialogue's and collaboration's page, a project's insights and service changes, and the changes
a dialogue's feedback can report. The app factory hands them to those pages (tracker.web.panels).
"""

from __future__ import annotations

from typing import Any

from tracker.clock import today
from tracker.insights.capture import capture_context
from tracker.insights.changes.views import changes_from_dialogue, changes_named_in_feedback
from tracker.insights.tables import Insight
from tracker.insights.views import picker, project_chain
from tracker.kinds import COLLABORATION, DIALOGUE, PROJECT
from tracker.web.forms import Fields
from tracker.web.http import record_id
from tracker.web.panels import Panel, PanelRequest


def capture_panel(source_type: str) -> Panel:
    async def panel(asked: PanelRequest) -> dict[str, Any]:
        return await capture_context(
            source_type, asked.record.id, {**asked.forms, "just_saved": asked.just_saved}
        )

    return panel


async def project_chain_panel(asked: PanelRequest) -> dict[str, Any]:
    """The insights the project uses, its service changes, and the forms to add them."""
    project = asked.record
    chain = await project_chain(project.id)
    use_picker = (
        await picker(
            asked.request.query_params.get("sok_insikt", ""), [row["id"] for row in chain.insights]
        )
        if asked.can_edit
        else None
    )
    from_insight = await _insight_asked_for(asked) if asked.can_edit else None
    blank = {"status_on": today().isoformat()}
    if from_insight:  # "Föreslå en tjänsteförändring" on the insight's page
        blank |= {"title": from_insight["statement"][:200], "insight_id": str(from_insight["id"])}
    return {
        "chain": chain,
        "use_picker": use_picker,
        "use_fields": asked.form("use_fields"),
        "change_fields": asked.form("change_fields", Fields(blank)),
        "from_insight": from_insight,
    }


async def _insight_asked_for(asked: PanelRequest) -> dict[str, Any] | None:
    insight_id = record_id(asked.request.query_params.get("insikt", ""))
    if insight_id is None:
        return None
    return await (
        Insight.select(Insight.id, Insight.statement)
        .where((Insight.id == insight_id) & Insight.archived_at.is_null())
        .first()
    )


async def dialogue_changes_panel(asked: PanelRequest) -> dict[str, Any]:
    """The changes the dialogue's feedback may report, and those each piece reported."""
    return {
        "change_choices": await changes_from_dialogue(asked.record.id),
        "named_changes": await changes_named_in_feedback(asked.record.id),
    }


PANELS: dict[str, list[Panel]] = {
    PROJECT.key: [project_chain_panel, capture_panel(PROJECT.key)],
    DIALOGUE.key: [dialogue_changes_panel, capture_panel(DIALOGUE.key)],
    COLLABORATION.key: [capture_panel(COLLABORATION.key)],
}

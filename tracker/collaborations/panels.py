"""The collaborations' sections on the pages of projects and dialogues (tracker.web.panels):
the collaborations linked to the record, and on a dialogue's page the partners its feedback
may name."""

from __future__ import annotations

from typing import Any

from tracker.collaborations.links import (
    collaborations_of_dialogue,
    collaborations_of_project,
    feedback_partners,
)
from tracker.kinds import DIALOGUE, PROJECT
from tracker.web.panels import Panel, PanelRequest


async def project_collaborations_panel(asked: PanelRequest) -> dict[str, Any]:
    return {"collaborations": await collaborations_of_project(asked.record.id)}


async def dialogue_partners_panel(asked: PanelRequest) -> dict[str, Any]:
    collaborations = await collaborations_of_dialogue(asked.record.id)
    return {
        "collaborations": collaborations,
        "partner_choices": [(str(row["id"]), row["title"]) for row in collaborations],
        "feedback_partners": await feedback_partners(asked.record.id),
    }


PANELS: dict[str, list[Panel]] = {
    PROJECT.key: [project_collaborations_panel],
    DIALOGUE.key: [dialogue_partners_panel],
}

"""A collaboration's links: the projects and dialogues it took part in, linking and unlinking
them, and the collaborations linked to a project or a dialogue."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationDialogue,
    CollaborationProject,
    FeedbackPartner,
)
from tracker.dialogues.links import LINK_TARGET as DIALOGUE
from tracker.projects.links import LINK_TARGET as PROJECT
from tracker.shared import links
from tracker.shared.links import LinkKind

PROJECTS = LinkKind(CollaborationProject, "collaboration", PROJECT)
DIALOGUES = LinkKind(CollaborationDialogue, "collaboration", DIALOGUE)


async def link_project(
    collaboration: Collaboration, project_id: int | None, actor: Principal
) -> bool:
    """Link a project; False if already linked. LinkRefused (a LookupError) if it is unknown
    or archived."""
    return await links.link(PROJECTS, collaboration, project_id, actor)


async def unlink_project(collaboration: Collaboration, project_id: int, actor: Principal) -> bool:
    return await links.unlink(PROJECTS, collaboration, project_id, actor)


async def link_dialogue(
    collaboration: Collaboration, dialogue_id: int | None, actor: Principal
) -> bool:
    return await links.link(DIALOGUES, collaboration, dialogue_id, actor)


async def unlink_dialogue(collaboration: Collaboration, dialogue_id: int, actor: Principal) -> bool:
    return await links.unlink(DIALOGUES, collaboration, dialogue_id, actor)


_LINKED_COLUMNS = ("form", "status")


async def collaborations_of_project(project_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(PROJECTS, project_id, _LINKED_COLUMNS)


async def feedback_partners(dialogue_id: int) -> dict[int, dict[str, Any]]:
    """Per piece of the dialogue's feedback, the collaboration whose partner carried it."""
    return {
        row["feedback"]: row
        for row in await FeedbackPartner.select(
            FeedbackPartner.feedback,
            FeedbackPartner.collaboration.id.as_alias("id"),
            FeedbackPartner.collaboration.title.as_alias("title"),
        ).where(FeedbackPartner.feedback.dialogue == dialogue_id)
    }


async def collaborations_of_dialogue(dialogue_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(DIALOGUES, dialogue_id, _LINKED_COLUMNS)

"""A dialogue's links: the projects it informs (linking, unlinking and listing them), and
dialogues as the target of links from collaborations."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.dialogues.tables import Dialogue, ProjectDialogue
from tracker.projects.links import LINK_TARGET as PROJECT
from tracker.shared import links
from tracker.shared.links import LinkKind, LinkWords, Target

PROJECTS = LinkKind(ProjectDialogue, "dialogue", PROJECT)

LINK_TARGET = Target(
    "dialogue",
    Dialogue,
    LinkWords(
        linked="Dialogen är kopplad.",
        already="Det finns redan en koppling till dialogen.",
        not_linked="Dialogen var inte kopplad.",
        choose="Välj en dialog i listan.",
        archived="Dialogen är arkiverad och kan inte kopplas. Återställ den först.",
        not_editable="Du är inte medlem i dialogen och kan inte koppla den. "
        "Be en av dialogens medlemmar eller en administratör.",
        open="Koppla en dialog",
        label="Dialog",
        empty="Välj dialog",
        submit="Koppla dialogen",
        search="Sök dialoger att koppla",
        none_left="Det finns inga dialoger att koppla.",
    ),
)


async def link_project(dialogue: Dialogue, project_id: int | None, actor: Principal) -> bool:
    """Link a project; False if already linked. LinkRefused (a LookupError) if it is unknown
    or archived."""
    return await links.link(PROJECTS, dialogue, project_id, actor)


async def unlink_project(dialogue: Dialogue, project_id: int, actor: Principal) -> bool:
    return await links.unlink(PROJECTS, dialogue, project_id, actor)


async def projects_of(dialogue_id: int) -> list[dict[str, Any]]:
    return await links.targets_of(PROJECTS, dialogue_id, ("current_step",))


async def dialogues_of_project(project_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(
        PROJECTS, project_id, ("state", "kind", "level_promised", "level_achieved")
    )

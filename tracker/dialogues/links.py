"""A dialogue's links: the projects it informs, and dialogues as the target of links from
collaborations."""

from __future__ import annotations

from tracker.dialogues.tables import Dialogue, ProjectDialogue
from tracker.projects.links import LINK_TARGET as PROJECT
from tracker.shared.links import LinkKind, LinkWords, Target

PROJECTS = LinkKind(ProjectDialogue, "dialogue", PROJECT)

LINK_TARGET = Target(
    "dialogue",
    Dialogue,
    LinkWords(
        linked="Dialogen är kopplad.",
        already="Dialogen var redan kopplad.",
        not_linked="Dialogen var inte kopplad.",
        choose="Välj en dialog i listan.",
        archived="Dialogen är arkiverad och kan inte kopplas. Återställ den först.",
        not_editable="Du är inte medlem i dialogen och kan inte koppla den. "
        "Be en av dialogens medlemmar eller en administratör.",
    ),
)

"""Projects as the target of links from other records' pages (dialogues, collaborations)."""

from __future__ import annotations

from tracker.projects.tables import Project
from tracker.shared.links import LinkWords, Target

LINK_TARGET = Target(
    "project",
    Project,
    LinkWords(
        linked="Projektet är kopplat.",
        already="Det finns redan en koppling till projektet.",
        not_linked="Projektet var inte kopplat.",
        choose="Välj ett projekt i listan.",
        archived="Projektet är arkiverat och kan inte kopplas. Återställ det först.",
        not_editable="Du är inte medlem i projektet och kan inte koppla det. "
        "Be en av projektets medlemmar eller en administratör.",
        open="Koppla ett projekt",
        label="Projekt",
        empty="Välj projekt",
        submit="Koppla projektet",
        search="Sök projekt att koppla",
        none_left="Det finns inga pågående projekt att koppla.",
    ),
)

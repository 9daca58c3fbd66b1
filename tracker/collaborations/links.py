"""A collaboration's links: the projects and dialogues it took part in."""

from __future__ import annotations

from tracker.collaborations.tables import CollaborationDialogue, CollaborationProject
from tracker.dialogues.links import LINK_TARGET as DIALOGUE
from tracker.projects.links import LINK_TARGET as PROJECT
from tracker.shared.links import LinkKind

PROJECTS = LinkKind(CollaborationProject, "collaboration", PROJECT)
DIALOGUES = LinkKind(CollaborationDialogue, "collaboration", DIALOGUE)

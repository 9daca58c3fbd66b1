"""The dialogues' section on a project's page (tracker.web.panels): the dialogues linked to it."""

from __future__ import annotations

from typing import Any

from tracker.dialogues.links import dialogues_of_project
from tracker.kinds import PROJECT
from tracker.web.panels import Panel, PanelRequest


async def project_dialogues_panel(asked: PanelRequest) -> dict[str, Any]:
    return {"dialogues": await dialogues_of_project(asked.record.id)}


PANELS: dict[str, list[Panel]] = {PROJECT.key: [project_dialogues_panel]}

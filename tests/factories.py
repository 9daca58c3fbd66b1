"""Build records for tests through the real services, with sensible defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal, system_actor
from tracker.audit.tables import ChangeLogEntry
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects.forms import IterationInput, ProjectInput
from tracker.projects.tables import Project

ACTOR = system_actor("Testanvändare")


# "Gå vidare ändå": a forward step move past open checklist items, confirmed.
CONFIRMED = {"confirm_open_items": "1"}


def project_input(**overrides: Any) -> ProjectInput:
    values: dict[str, Any] = {
        "title": "Enklare ansökan om bygglov",
        "challenge": "Många ansökningar kommer in ofullständiga.",
        "target_group": "Villaägare som vill bygga om",
        "department": "Miljö- och stadsbyggnadsförvaltningen",
        "board": "Bygg- och miljönämnden",
        "lead": "Verksamhetsutvecklare",
        "start_date": date(2026, 1, 12),
        "planned_end": date(2026, 12, 31),
        "status": "ongoing",
        "current_step": "ringa-in",
    }
    values.update(overrides)
    return ProjectInput(**values)


async def make_project(
    catalogue: PhaseCatalogue, *, actor: Principal = ACTOR, **overrides: Any
) -> Project:
    return await project_register.create_project(project_input(**overrides), catalogue, actor)


def iteration_input(**overrides: Any) -> IterationInput:
    values: dict[str, Any] = {
        "started_on": date(2026, 2, 1),
        "ended_on": date(2026, 2, 14),
        "methods": "12 intervjuer",
        "summary": "Intervjuade sökande och handläggare.",
        "learnings": "Få visste vilka ritningar som krävs.",
        "decision": "continue",
        "to_step": None,
        "reason": "",
    }
    values.update(overrides)
    return IterationInput(**values)


def project_form(**overrides: str) -> dict[str, str]:
    """What a user types into the create form."""
    values = {
        "title": "Biblioteket som mötesplats för unga",
        "challenge": "Unga 13–19 år besöker biblioteket allt mer sällan.",
        "target_group": "Unga 13–19 år",
        "department": "Kultur- och fritidsförvaltningen",
        "board": "Kultur- och fritidsnämnden",
        "lead": "Bibliotekschef",
        "start_date": "2026-03-15",
        "planned_end": "2026-12-31",
        "status": "ongoing",
        "current_step": "ringa-in",
    }
    values.update(overrides)
    return values


async def stored_project(project_id: int) -> Project:
    """The project as it is in the database now."""
    project = await Project.objects().get(Project.id == project_id)
    assert project is not None
    return project


async def change_log(project_id: int) -> list[dict[str, Any]]:
    """The project's change-log entries, oldest first, with `changes` decoded."""
    return await (
        ChangeLogEntry.select()
        .where((ChangeLogEntry.entity_type == "project") & (ChangeLogEntry.entity_id == project_id))
        .order_by(ChangeLogEntry.id)
        .output(load_json=True)
    )

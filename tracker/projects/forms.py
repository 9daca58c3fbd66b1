"""Read the project pages' forms into typed inputs, with Swedish messages per field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tracker.clock import today
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.labels import FIELD_LABELS
from tracker.projects.rules import (
    DECISION_LABELS,
    STATUS_LABELS,
    StepMoveError,
)
from tracker.projects.status_history import HISTORY
from tracker.projects.step_change import StepChange, check_step_change, target_of_decision
from tracker.projects.tables import Project
from tracker.shared.status_history import check_status_on
from tracker.web.forms import Fields
from tracker.web.http import form_value
from tracker.web.managed_lists import organisation_lists
from tracker.web.versions import versioned

LONG_TEXT = 5000


@dataclass(frozen=True, slots=True)
class ProjectInput:
    title: str
    challenge: str
    target_group: str
    department: str
    board: str
    lead: str
    start_date: date
    planned_end: date | None
    status: str
    current_step: str | None  # only when creating; later moves go through the step rules
    status_on: date | None = None  # Status gäller från: a change of status dated back


@dataclass(frozen=True, slots=True)
class IterationInput:
    started_on: date
    ended_on: date | None
    methods: str
    summary: str
    learnings: str
    decision: str
    to_step: str | None  # where the decision takes the project, if anywhere
    reason: str


@dataclass(frozen=True, slots=True)
class MoveInput:
    to_step: str
    reason: str
    moved_on: date | None = None  # Gäller från; None for today


def read_project_form(
    raw: Mapping[str, str], catalogue: PhaseCatalogue, *, creating: bool
) -> tuple[ProjectInput | None, Fields]:
    f = Fields(raw)
    title = f.text("title", missing="Skriv projektets titel.")
    challenge = f.text("challenge", missing="Beskriv utmaningen.", max_length=LONG_TEXT)
    target_group = f.text(
        "target_group", missing="Skriv vilka projektet är till för.", max_length=1000
    )
    lists = organisation_lists()
    department = lists.departments.read(f, "department", "Skriv vilken förvaltning som ansvarar.")
    board = lists.boards.read(f, "board", "Skriv vilken nämnd som ansvarar.")
    lead = f.text("lead", missing="Skriv projektledarens namn eller roll.")
    start_date = f.date("start_date", missing="Skriv startdatum.")
    planned_end = f.date("planned_end")
    f.date_not_before(
        "planned_end", planned_end, start_date, "Planerat slut kan inte vara före startdatum."
    )
    status = f.choice("status", STATUS_LABELS, missing="Välj en status i listan.")
    status_on = None if creating else f.date("status_on")
    if problem := check_status_on(HISTORY, status_on, start_date, None, today()):
        f.error("status_on", problem)
    current_step = None
    if creating:
        current_step = f.choice(
            "current_step", [p.key for p in catalogue], missing="Välj ett steg i listan."
        )
    if not f.ok or start_date is None:
        return None, f
    return (
        ProjectInput(
            title=title,
            challenge=challenge,
            target_group=target_group,
            department=department,
            board=board,
            lead=lead,
            start_date=start_date,
            planned_end=planned_end,
            status=status,
            current_step=current_step,
            status_on=status_on,
        ),
        f,
    )


def read_iteration_form(
    raw: Mapping[str, str],
    catalogue: PhaseCatalogue,
    current_step: str,
    project_start: date | None = None,
) -> tuple[IterationInput | None, Fields]:
    f = Fields(raw)
    started_on = f.date(
        "started_on",
        missing="Skriv när iterationen började.",
        label="Startdatum",
        happened=True,
        not_before=[(project_start, "projektets startdatum")],
    )
    ended_on = f.date("ended_on", label="Slutdatum")
    f.date_not_before("ended_on", ended_on, started_on, "Slutdatum kan inte vara före startdatum.")
    summary = f.text("summary", missing="Beskriv vad ni gjorde.", max_length=LONG_TEXT)
    methods = f.text("methods", max_length=1000)
    learnings = f.text("learnings", max_length=LONG_TEXT)
    decision = f.choice("decision", DECISION_LABELS, missing="Välj vad ni beslutade.")
    reason = f.text("reason", max_length=LONG_TEXT)
    to_step: str | None = None
    try:
        # The decision names a target; from there on it is the same change as "Byt steg".
        to_step = target_of_decision(
            catalogue, current_step, decision, f.raw.get("back_to", "").strip()
        )
        if to_step:
            check_step_change(
                catalogue, current_step, StepChange(to_step, reason), started_on or today(), today()
            )
    except StepMoveError as error:
        f.error("back_to" if error.field == "to_step" else error.field, error.message)
    if not f.ok or started_on is None:
        return None, f
    return (
        IterationInput(
            started_on=started_on,
            ended_on=ended_on,
            methods=methods,
            summary=summary,
            learnings=learnings,
            decision=decision,
            to_step=to_step,
            reason=reason,
        ),
        f,
    )


def read_move_form(
    raw: Mapping[str, str], catalogue: PhaseCatalogue, current_step: str, start: date
) -> tuple[MoveInput | None, Fields]:
    f = Fields(raw)
    to_step = f.raw.get("to_step", "").strip()
    reason = f.text("reason", max_length=LONG_TEXT)
    moved_on = f.date("moved_on")
    change = StepChange(to_step, reason, moved_on)
    try:
        check_step_change(catalogue, current_step, change, start, today())
    except StepMoveError as error:
        f.error(error.field, error.message)
        return None, f
    if not f.ok:
        return None, f
    return MoveInput(to_step=to_step, reason=reason, moved_on=moved_on), f


def stored_values(project: Project) -> dict[str, str]:
    """The edit form's fields as the project holds them now."""
    return {key: form_value(getattr(project, key)) for key in FIELD_LABELS}


def edit_fields(project: Project) -> Fields:
    """The edit form filled from the project, with the version it was read at."""
    return Fields(versioned(stored_values(project), project.version))

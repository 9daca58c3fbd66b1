"""The rules of a project's life: statuses, iteration decisions and moving between steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from tracker.phases.catalogue import PhaseCatalogue


class ProjectStatus(StrEnum):
    ONGOING = "ongoing"
    PAUSED = "paused"
    CLOSED = "closed"
    IMPLEMENTED = "implemented"


STATUS_LABELS: dict[str, str] = {
    ProjectStatus.ONGOING: "Pågående",
    ProjectStatus.PAUSED: "Pausad",
    ProjectStatus.CLOSED: "Avslutad",
    ProjectStatus.IMPLEMENTED: "Införd",
}


class Decision(StrEnum):
    """What the team decided at the end of an iteration."""

    CONTINUE = "continue"
    FORWARD = "forward"
    BACK = "back"
    PAUSE = "pause"
    STOP = "stop"


DECISION_LABELS: dict[str, str] = {
    Decision.CONTINUE: "Fortsätt i samma steg",
    Decision.FORWARD: "Gå vidare till nästa steg",
    Decision.BACK: "Gå tillbaka till ett tidigare steg",
    Decision.PAUSE: "Pausa projektet",
    Decision.STOP: "Avsluta projektet",
}


class StepMoveError(ValueError):
    """A move between steps that the rules do not allow; `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_step_move(catalogue: PhaseCatalogue, from_step: str, to_step: str, reason: str) -> None:
    """Raise StepMoveError unless a project in `from_step` may move to `to_step`.

    Any other known step is allowed; going back to an earlier step needs a reason.
    """
    target = catalogue.get(to_step)
    if target is None:
        raise StepMoveError("to_step", "Välj ett av stegen i listan.")
    if to_step == from_step:
        raise StepMoveError("to_step", f"Projektet är redan i steget {target.name}.")
    if from_step in catalogue and catalogue.is_backwards(from_step, to_step) and not reason.strip():
        raise StepMoveError(
            "reason", f"Skriv varför projektet går tillbaka till steget {target.name}."
        )


def check_moved_on(moved_on: date | None, start: date, today: date) -> None:
    """A step move may be dated back ("Gäller från"), but not ahead nor before the project
    started. Raises StepMoveError on the field `moved_on`."""
    if moved_on is None:
        return
    if moved_on > today:
        raise StepMoveError(
            "moved_on", f"Datumet kan inte ligga i framtiden (i dag är det {today.isoformat()})."
        )
    if moved_on < start:
        raise StepMoveError(
            "moved_on", f"Datumet kan inte ligga före {start.isoformat()}, då projektet startade."
        )


def step_after(catalogue: PhaseCatalogue, current: str) -> str:
    """The key of the next step, or StepMoveError when the project is in the last step."""
    following = catalogue.next_after(current) if current in catalogue else None
    if following is None:
        raise StepMoveError("decision", "Projektet är redan i sista steget. Välj ett annat beslut.")
    return following.key


def status_after_decision(decision: str, status: str) -> str:
    if decision == Decision.PAUSE:
        return ProjectStatus.PAUSED
    if decision == Decision.STOP:
        return ProjectStatus.CLOSED
    return status


def step_on(day: date, moves: Iterable[tuple[date, str]], current: str) -> str:
    """The step a project was in on `day`: the step it left by the first move after that day,
    or its current step. `moves` are (day moved, step moved from), oldest first."""
    for moved_on, from_step in moves:
        if moved_on > day:
            return from_step
    return current

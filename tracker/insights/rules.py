"""Rules of the insight chain, as plain functions.

A service change (tjänsteförändring) moves idé → testas → beslutad → införd, or ends as
"avslutad utan införande" with a reason; each status has its own date. Evidence comes from a
dialogue, a collaboration, or a project's own user research in Undersöka or Testa idéer.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from tracker.kinds import SOURCE_LABELS
from tracker.phases.catalogue import PhaseCatalogue


class ChangeStatus(StrEnum):
    IDEA = "idea"
    TESTING = "testing"
    DECIDED = "decided"
    IMPLEMENTED = "implemented"
    CLOSED = "closed"  # avslutad utan införande


CHANGE_STATUS_LABELS: dict[str, str] = {
    ChangeStatus.IDEA: "Idé",
    ChangeStatus.TESTING: "Testas",
    ChangeStatus.DECIDED: "Beslutad",
    ChangeStatus.IMPLEMENTED: "Införd",
    ChangeStatus.CLOSED: "Avslutad utan införande",
}

# A change may skip testing, and may be closed from any open status, never reopened.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ChangeStatus.IDEA: (ChangeStatus.TESTING, ChangeStatus.DECIDED, ChangeStatus.CLOSED),
    ChangeStatus.TESTING: (ChangeStatus.DECIDED, ChangeStatus.CLOSED),
    ChangeStatus.DECIDED: (ChangeStatus.IMPLEMENTED, ChangeStatus.CLOSED),
    ChangeStatus.IMPLEMENTED: (),
    ChangeStatus.CLOSED: (),
}

# How strongly an insight motivated a change.
STRENGTH_LABELS: dict[int, str] = {3: "Avgörande", 2: "Viktig", 1: "Bidragande"}


class SourceType(StrEnum):
    DIALOGUE = "dialogue"
    COLLABORATION = "collaboration"
    PROJECT = "project"


# Levels on Delaktighetstrappan where residents were promised a say in what is done: such a
# dialogue with no resulting change or decision is a broken promise (a gap view).
PROMISING_LEVELS = ("inflytande", "medbeslutande")


class ChainRefused(ValueError):
    """A change to the chain the rules do not allow; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def check_status_change(
    current: str, target: str, on: date | None, reason: str, previous_on: date | None
) -> None:
    """Raise ChainRefused unless a change in status `current` may move to `target` on `on`."""
    if target not in CHANGE_STATUS_LABELS:
        raise ChainRefused("Välj en status i listan.", "status")
    if target not in NEXT_STATUSES.get(current, ()):
        raise ChainRefused(
            f"En förändring med status {CHANGE_STATUS_LABELS.get(current, current).lower()} kan "
            f"inte få status {CHANGE_STATUS_LABELS[target].lower()}.",
            None,
        )
    if on is None:
        raise ChainRefused("Skriv datumet för den nya statusen.", "status_on")
    if previous_on is not None and on < previous_on:
        raise ChainRefused(
            f"Datumet kan inte vara före förra statusens datum ({previous_on.isoformat()}).",
            "status_on",
        )
    if target == ChangeStatus.CLOSED and not reason.strip():
        raise ChainRefused("Skriv varför förändringen inte införs.", "reason")


def check_source(
    source_type: str, project_step: str | None = None, catalogue: PhaseCatalogue | None = None
) -> None:
    """Evidence from a project must come from its own research: a step marked `research` in
    phases/ (Undersöka and Testa idéer)."""
    if source_type not in SOURCE_LABELS:
        raise ChainRefused("Välj var underlaget kommer ifrån.", "source_type")
    if source_type != SourceType.PROJECT:
        return
    phase = catalogue.get(project_step) if catalogue and project_step else None
    if phase is None or not phase.research:
        names = catalogue.research_names("eller") if catalogue else ""
        raise ChainRefused(
            f"Underlag från ett projekts egen undersökning registreras i stegen {names}.",
            "source_type",
        )


def check_strength(value: int | None) -> int:
    if value not in STRENGTH_LABELS:
        raise ChainRefused("Välj hur starkt insikten motiverade förändringen.", "strength")
    return value

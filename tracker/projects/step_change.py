"""Changing a project's step: the one set of rules behind every move.

On the project's page a team changes step in one way: by deciding so at the end of an
iteration (*Gå vidare*, or *Gå tillbaka* to an earlier step of its choice, with a reason).
*Byt steg* (`/projekt/{id}/steg`) moves the project without an iteration: the page offers it
only as the repair when the project's step is no longer in the steps file, where no decision
can start (the demo data also moves its projects this way). Both read the target the same
way, are checked by the same rules, ask the same confirmation when the project moves forward
with open checklist items, and are written by the same service function (`steps.move_step`
for the move alone, and `steps.log_iteration`, which records the iteration and then moves in
the same way).

Moving forward with open items stays allowed (the steps are iterative), but the team sees
which items are open and confirms before the project moves.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import (
    Decision,
    StepMoveError,
    check_moved_on,
    check_step_move,
    step_after,
)
from tracker.projects.tables import ChecklistMark

# The form field that says "yes, move on although these items are open".
CONFIRM_FIELD = "confirm_open_items"


@dataclass(frozen=True, slots=True)
class StepChange:
    """Where the project goes, why, and from which day (None: today)."""

    to_step: str
    reason: str
    moved_on: date | None = None


def target_of_decision(
    catalogue: PhaseCatalogue, current_step: str, decision: str, back_to: str
) -> str | None:
    """The step an iteration's decision takes the project to, None if it stays.

    Raises StepMoveError (field "decision" or "to_step") when the decision cannot be carried
    out: from a step the steps file no longer has, forward from the last step, back from the
    first, back without a step or to a step that is not earlier."""
    if decision not in (Decision.FORWARD, Decision.BACK):
        return None
    if current_step not in catalogue:
        raise StepMoveError(
            "decision", "Projektet står i ett steg som inte längre finns. Välj steg under Byt steg."
        )
    if decision == Decision.FORWARD:
        return step_after(catalogue, current_step)
    if catalogue.position(current_step) == 0:
        raise StepMoveError(
            "decision", "Projektet är redan i första steget. Välj ett annat beslut."
        )
    if not back_to:
        raise StepMoveError("to_step", "Välj vilket steg projektet går tillbaka till.")
    if back_to in catalogue and not catalogue.is_backwards(current_step, back_to):
        raise StepMoveError("to_step", "Välj ett steg som kommer före det nuvarande.")
    return back_to


def check_step_change(
    catalogue: PhaseCatalogue, current_step: str, change: StepChange, start: date, today: date
) -> None:
    """Raise StepMoveError unless the project may make this change (see rules.py)."""
    check_step_move(catalogue, current_step, change.to_step, change.reason)
    check_moved_on(change.moved_on, start, today)


def open_items(catalogue: PhaseCatalogue, step: str, done_keys: Collection[str]) -> list[str]:
    """The texts of the step's checklist items that are not ticked, in checklist order."""
    phase = catalogue.get(step)
    if phase is None:
        return []
    return [item.text for item in phase.checklist if item.key not in done_keys]


def items_to_confirm(
    catalogue: PhaseCatalogue,
    current_step: str,
    to_step: str,
    done_keys: Collection[str],
    raw: Mapping[str, str],
) -> list[str]:
    """The open items the team must confirm before this move, [] when nothing needs asking:
    only a forward move with open items in the current step that is not yet confirmed."""
    if raw.get(CONFIRM_FIELD) == "1":
        return []
    if current_step not in catalogue or to_step not in catalogue:
        return []
    if catalogue.position(to_step) <= catalogue.position(current_step):
        return []
    return open_items(catalogue, current_step, done_keys)


async def open_items_before_move(
    catalogue: PhaseCatalogue,
    project_id: int,
    current_step: str,
    to_step: str,
    raw: Mapping[str, str],
) -> list[str]:
    """`items_to_confirm` for a stored project: one query for its ticks in the current step,
    none when the move needs no confirmation anyway."""
    if not items_to_confirm(catalogue, current_step, to_step, (), raw):
        return []
    rows = await ChecklistMark.select(ChecklistMark.item_key).where(
        (ChecklistMark.project == project_id)
        & (ChecklistMark.step == current_step)
        & (ChecklistMark.done == True)  # noqa: E712 (a column comparison, not a bool test)
    )
    return items_to_confirm(
        catalogue, current_step, to_step, {row["item_key"] for row in rows}, raw
    )

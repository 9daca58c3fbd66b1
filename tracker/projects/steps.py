"""A project's way through the steps: moving it, logging iterations, ticking the steps'
checklists, and the history its page shows. Every change is audited."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for, record_change
from tracker.clock import now, swedish_day
from tracker.db import update_versioned, write_transaction
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.forms import IterationInput, MoveInput
from tracker.projects.register import ENTITY
from tracker.projects.rules import DECISION_LABELS, STATUS_LABELS, status_after_decision, step_on
from tracker.projects.status_history import HISTORY
from tracker.projects.tables import ChecklistMark, Iteration, Project, StepMove
from tracker.shared.status_history import status_changed


async def _move(
    project_id: int,
    from_step: str,
    to_step: str,
    reason: str,
    actor: Principal,
    catalogue: PhaseCatalogue,
    moved_on: date | None = None,
) -> None:
    stamp = now()
    await StepMove.insert(
        StepMove(
            project=project_id,
            from_step=from_step,
            to_step=to_step,
            reason=reason,
            moved_at=stamp,
            moved_by=actor.name,
            moved_on=moved_on,
        )
    )
    await Project.update({Project.current_step: to_step, Project.updated_at: stamp}).where(
        Project.id == project_id
    )
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=project_id,
        action="step_moved",
        summary=f"Flyttade projektet från {catalogue.name_of(from_step)} till "
        f"{catalogue.name_of(to_step)}.",
        changes={
            "current_step": [from_step, to_step],
            **({"moved_on": [None, moved_on.isoformat()]} if moved_on else {}),
        },
    )


class StaleProjectError(RuntimeError):
    """The project changed step after the form was read: someone else moved it meanwhile."""


async def _ensure_step_unchanged(project: Project) -> None:
    """Inside a write transaction: refuse if another user moved the project meanwhile."""
    row = await Project.select(Project.current_step).where(Project.id == project.id).first()
    if row is None or row["current_step"] != project.current_step:
        raise StaleProjectError(project.id)


async def move_step(
    project: Project, data: MoveInput, catalogue: PhaseCatalogue, actor: Principal
) -> None:
    async with write_transaction():
        await _ensure_step_unchanged(project)
        await _move(
            project.id,
            project.current_step,
            data.to_step,
            data.reason,
            actor,
            catalogue,
            data.moved_on,
        )


async def log_iteration(
    project: Project, data: IterationInput, catalogue: PhaseCatalogue, actor: Principal
) -> None:
    """Store an iteration in the step the project was in when it started (a back-dated one
    in the step of that date, from the step history) and carry out its decision."""
    stamp = now()
    async with write_transaction():
        await _ensure_step_unchanged(project)
        moves = await (
            StepMove.select(StepMove.moved_at, StepMove.from_step)
            .where(StepMove.project == project.id)
            .order_by(StepMove.moved_at)
        )
        step = step_on(
            data.started_on,
            [(swedish_day(row["moved_at"]), row["from_step"]) for row in moves],
            project.current_step,
        )
        iteration = Iteration(
            project=project.id,
            step=step,
            started_on=data.started_on,
            ended_on=data.ended_on,
            methods=data.methods,
            summary=data.summary,
            learnings=data.learnings,
            decision=data.decision,
            created_at=stamp,
            created_by=actor.name,
        )
        await iteration.save()
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="iteration_logged",
            summary=f"Loggade en iteration i steget {catalogue.name_of(step)}: "
            f"{DECISION_LABELS[data.decision].lower()}.",
        )
        new_status = status_after_decision(data.decision, project.status)
        if new_status != project.status:
            # The status is on the edit form too: a form read before this is now stale.
            await update_versioned(Project, project.id, None, {Project.status: new_status})
            await record_change(
                actor=actor,
                entity_type=ENTITY,
                entity_id=project.id,
                action="updated",
                summary=f"Ändrade status till {STATUS_LABELS[new_status].lower()}.",
                changes={"status": [project.status, new_status]},
                at=stamp,
            )
            change = (project.status, new_status)
            await status_changed(HISTORY, project.id, change, stamp, actor.name)
        if data.to_step:
            await _move(
                project.id, project.current_step, data.to_step, data.reason, actor, catalogue
            )
        else:
            await Project.update({Project.updated_at: stamp}).where(Project.id == project.id)


async def save_checklist(
    project: Project,
    step: str,
    done_keys: set[str],
    catalogue: PhaseCatalogue,
    actor: Principal,
    only: Collection[str] | None = None,
) -> int:
    """Tick exactly `done_keys` in the step's checklist (of the items in `only`, when given:
    those the user changed); returns how many items changed."""
    phase = catalogue.get(step)
    if phase is None:
        raise LookupError(step)
    stamp = now()
    async with write_transaction():
        rows = await ChecklistMark.select().where(
            (ChecklistMark.project == project.id) & (ChecklistMark.step == step)
        )
        existing = {row["item_key"]: row for row in rows}
        changed = [
            item
            for item in phase.checklist
            if existing.get(item.key, {}).get("done", False) != (item.key in done_keys)
            and (only is None or item.key in only)
        ]
        new_marks = [
            ChecklistMark(
                project=project.id,
                step=step,
                item_key=item.key,
                done=True,
                updated_at=stamp,
                updated_by=actor.name,
            )
            for item in changed
            if item.key not in existing
        ]
        if new_marks:
            await ChecklistMark.insert(*new_marks)
        for done in (True, False):
            ids = [
                existing[item.key]["id"]
                for item in changed
                if item.key in existing and (item.key in done_keys) == done
            ]
            if ids:
                await ChecklistMark.update(
                    {
                        ChecklistMark.done: done,
                        ChecklistMark.updated_at: stamp,
                        ChecklistMark.updated_by: actor.name,
                    }
                ).where(ChecklistMark.id.is_in(ids))
        if not changed:
            return 0
        await Project.update({Project.updated_at: stamp}).where(Project.id == project.id)
        ticked = [item.text for item in changed if item.key in done_keys]
        unticked = [item.text for item in changed if item.key not in done_keys]
        parts = [
            f"bockade av {_quoted(ticked)}" if ticked else "",
            f"tog bort bocken för {_quoted(unticked)}" if unticked else "",
        ]
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="checklist",
            summary=f"Checklistan för {phase.name}: " + " och ".join(p for p in parts if p) + ".",
            changes={
                f"checklist:{step}:{item.key}": [item.key not in done_keys, item.key in done_keys]
                for item in changed
            },
        )
    return len(changed)


def _quoted(texts: list[str]) -> str:
    return ", ".join(f"”{text}”" for text in texts)


@dataclass(slots=True)
class ProjectHistory:
    """Everything the project page shows besides the project itself: four queries in all."""

    iterations: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    checked: set[tuple[str, str]]
    changes: list[dict[str, Any]]
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def done_in(self, step: str) -> set[str]:
        """The keys of the step's checklist items that are ticked."""
        return {item_key for mark_step, item_key in self.checked if mark_step == step}


async def project_history(project: Project) -> ProjectHistory:
    iterations = await (
        Iteration.select().where(Iteration.project == project.id).order_by(Iteration.id)
    )
    moves = await StepMove.select().where(StepMove.project == project.id).order_by(StepMove.id)
    marks = await ChecklistMark.select(ChecklistMark.step, ChecklistMark.item_key).where(
        (ChecklistMark.project == project.id) & ChecklistMark.done.eq(True)
    )
    changes = await changes_for(ENTITY, project.id)
    for number, iteration in enumerate(iterations, start=1):
        iteration["number"] = number
    timeline = sorted(
        [{"kind": "iteration", "at": row["created_at"], **row} for row in iterations]
        + [{"kind": "move", "at": row["moved_at"], **row} for row in moves]
        + [{"kind": "created", "at": project.created_at, "step": _first_step(project, moves)}],
        key=lambda entry: entry["at"],
        reverse=True,
    )
    return ProjectHistory(
        iterations=iterations,
        moves=moves,
        checked={(mark["step"], mark["item_key"]) for mark in marks},
        changes=changes,
        timeline=timeline,
    )


def _first_step(project: Project, moves: list[dict[str, Any]]) -> str:
    return moves[0]["from_step"] if moves else project.current_step

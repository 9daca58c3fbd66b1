"""Projects with their iterations, step moves and checklist marks – each in a state the app's
rules allow. The random draws happen in a fixed order, so the same scale gives the same data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import Decision, ProjectStatus
from tracker.scale import words as w
from tracker.scale.dataset import ANCHOR, FIRST_DAY, Dataset, volume
from tracker.scale.work import Actor, spread
from tracker.text import search_form, swedish_sort_key

BACK_REASON = "Testerna visade att vi behöver förstå behoven bättre."


@dataclass(slots=True)
class ProjectFacts:
    id: int
    start: date
    last: date
    step_index: int
    department: str
    iterations: list[tuple[int, str, date]] = field(default_factory=list)  # id, step, date


@dataclass(slots=True)
class _Plan:
    """What is drawn for a project before its iterations are written."""

    actor: Actor
    lengths: list[tuple[int, int]]  # each iteration's days, and the gap after it
    start: date
    fate: str  # ongoing, paused or closed
    board: str
    department: str
    service: str
    title: str
    target: str


def _plan(ds: Dataset, actors: list[Actor], iterations: int) -> _Plan:
    rng = ds.rng
    actor = rng.choice(actors)
    lengths = [(rng.randint(14, 60), rng.randint(0, 30)) for _ in range(iterations)]
    duration = sum(a + b for a, b in lengths)
    start = ds.day_between(FIRST_DAY, ANCHOR - timedelta(days=duration + 1))
    fate = rng.choices(("ongoing", "paused", "closed"), (84, 6, 10))[0]
    board, department = rng.choice(w.ORGANISATION)
    service = rng.choice(w.SERVICES)
    title = f"{rng.choice(w.PROJECT_PREFIXES)} {service}"
    if rng.random() < 0.5:
        title += f" i {rng.choice(w.AREAS)}"
    target = rng.choice(w.TARGET_GROUPS)
    return _Plan(actor, lengths, start, fate, board, department, service, title, target)


def build_projects(
    ds: Dataset, catalogue: PhaseCatalogue, actors: list[Actor]
) -> list[ProjectFacts]:
    facts: list[ProjectFacts] = []
    count = volume("project", ds.scale)
    for iterations in spread(ds, volume("iteration", ds.scale), count):
        plan = _plan(ds, actors, iterations)
        created_at = ds.moment(plan.start)
        project = ProjectFacts(len(ds["project"]) + 1, plan.start, plan.start, 0, plan.department)
        steps = [phase.key for phase in catalogue]
        ds.log(
            plan.actor,
            "project",
            project.id,
            "created",
            f"Skapade projektet i steget {catalogue.name_of(steps[0])}.",
            created_at,
        )
        updated_at = _iterations(ds, catalogue, project, plan, created_at)
        updated_at = _write_project(ds, project, plan, steps, created_at, updated_at)
        _project_checklist(ds, catalogue, project, plan.actor, updated_at)
        facts.append(project)
    return facts


def _decision(ds: Dataset, plan: _Plan, last: bool, index: int, last_index: int) -> Decision:
    """What an iteration ends with: the project's fate on its last one, otherwise mostly on."""
    rng = ds.rng
    if last:
        decision = {"paused": Decision.PAUSE, "closed": Decision.STOP}.get(plan.fate)
        if decision is not None:
            return decision
        return Decision.FORWARD if index < last_index and rng.random() < 0.4 else Decision.CONTINUE
    if index < last_index and rng.random() < 0.62:
        return Decision.FORWARD
    if index > 0 and rng.random() < 0.1:
        return Decision.BACK
    return Decision.CONTINUE


def _iterations(
    ds: Dataset,
    catalogue: PhaseCatalogue,
    project: ProjectFacts,
    plan: _Plan,
    created_at: datetime,
) -> datetime:
    """Each iteration with its log entry, and the step move its decision makes; the project's
    last step is left in `project.step_index`. Returns the moment of the last change."""
    rng = ds.rng
    steps = [phase.key for phase in catalogue]
    day, index, updated_at = plan.start, 0, created_at
    for number, (length, gap) in enumerate(plan.lengths):
        last = number == len(plan.lengths) - 1
        ended: date | None = day + timedelta(days=length)
        if last and plan.fate == "ongoing" and rng.random() < 0.35:
            ended = None  # still going on
        decision = _decision(ds, plan, last, index, len(steps) - 1)
        at = ds.moment(ended or day)
        iteration_id = ds["iteration"].add(
            project=project.id,
            step=steps[index],
            started_on=day,
            ended_on=ended,
            methods=", ".join(rng.sample(w.METHODS, rng.randint(1, 3))),
            summary=rng.choice(w.SUMMARIES),
            learnings=rng.choice(w.LEARNINGS),
            decision=str(decision),
            created_at=at,
            created_by=plan.actor[1],
        )
        project.iterations.append((iteration_id, steps[index], ended or day))
        ds.log(
            plan.actor,
            "project",
            project.id,
            "iteration_logged",
            f"Loggade en iteration i steget {catalogue.name_of(steps[index])}.",
            at,
        )
        target = {Decision.FORWARD: index + 1, Decision.BACK: index - 1}.get(decision)
        if target is not None:
            _move(ds, catalogue, project, plan.actor, (steps[index], steps[target]), at)
            index = target
        updated_at = at
        day = (ended or day) + timedelta(days=gap)
    project.last = project.iterations[-1][2]
    project.step_index = index
    return updated_at


def _move(
    ds: Dataset,
    catalogue: PhaseCatalogue,
    project: ProjectFacts,
    actor: Actor,
    move: tuple[str, str],
    at: datetime,
) -> None:
    """A step move and its log entry; going back carries a reason."""
    from_step, to_step = move
    backwards = catalogue.is_backwards(from_step, to_step)
    ds["step_move"].add(
        project=project.id,
        from_step=from_step,
        to_step=to_step,
        reason=BACK_REASON if backwards else "",
        moved_at=at,
        moved_by=actor[1],
    )
    ds.log(
        actor,
        "project",
        project.id,
        "step_moved",
        f"Flyttade projektet från {catalogue.name_of(from_step)} till "
        f"{catalogue.name_of(to_step)}.",
        at,
        {"current_step": [from_step, to_step]},
    )


def _write_project(
    ds: Dataset,
    project: ProjectFacts,
    plan: _Plan,
    steps: list[str],
    created_at: datetime,
    updated_at: datetime,
) -> datetime:
    """The project row, in the status its fate gives, archived now and then once finished.
    Returns the moment of its last change."""
    rng = ds.rng
    status = {"paused": ProjectStatus.PAUSED, "closed": ProjectStatus.CLOSED}.get(
        plan.fate, ProjectStatus.ONGOING
    )
    at_last_step = project.step_index == len(steps) - 1
    if plan.fate == "ongoing" and at_last_step and rng.random() < 0.6 and plan.lengths:
        status = ProjectStatus.IMPLEMENTED
    archived_at: datetime | None = None
    if status in (ProjectStatus.CLOSED, ProjectStatus.IMPLEMENTED) and rng.random() < 0.2:
        archive_day = project.last + timedelta(days=60)
        if archive_day < ANCHOR:
            archived_at = ds.moment(archive_day)
            updated_at = archived_at
            ds.log(
                plan.actor, "project", project.id, "archived", "Arkiverade projektet.", archived_at
            )
    ds["project"].add(
        title=plan.title,
        title_search=search_form(plan.title),
        title_sort=swedish_sort_key(plan.title),
        challenge=f"{plan.target} upplever att {plan.service} är krånglig. Hur kan vi göra den enklare och tryggare?",
        target_group=plan.target,
        department=plan.department,
        board=plan.board,
        lead=rng.choice(w.LEADS),
        start_date=plan.start,
        planned_end=None
        if rng.random() < 0.2
        else plan.start + timedelta(days=rng.randint(365, 1100)),
        status=str(status),
        current_step=steps[project.step_index],
        archived_at=archived_at,
        created_at=created_at,
        updated_at=max(updated_at, created_at),
    )
    return updated_at


def _project_checklist(
    ds: Dataset, catalogue: PhaseCatalogue, project: ProjectFacts, actor: Actor, at: datetime
) -> None:
    for position, phase in enumerate(catalogue):
        if position > project.step_index:
            break
        items = phase.checklist
        if position == project.step_index:
            items = tuple(item for item in items if ds.rng.random() < 0.5)
        for item in items:
            ds["checklist_mark"].add(
                project=project.id,
                step=phase.key,
                item_key=item.key,
                done=True,
                updated_at=at,
                updated_by=actor[1],
            )


def research_iterations(
    project: ProjectFacts, catalogue: PhaseCatalogue
) -> list[tuple[int, str, date]]:
    """The project's iterations in the steps where it does its own research (phases/)."""
    return [it for it in project.iterations if it[1] in catalogue.research_steps]

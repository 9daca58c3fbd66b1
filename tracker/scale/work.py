"""Accounts, projects with their iterations and step moves, and dialogues with their
governance process – each record in a state the app's rules allow."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import LEVEL_ACHIEVED_STATES, State
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import Decision, ProjectStatus
from tracker.scale import words as w
from tracker.scale.dataset import ANCHOR, FIRST_DAY, Dataset, as_json, capped, volume
from tracker.text import search_form, swedish_sort_key

Actor = tuple[int | None, str]

# Invented staff accounts. The first is the benchmark's administrator.
ACCOUNTS = (
    ("skala-admin@kommun.example", "Alex Testdata", "admin", True),
    ("skala-redaktor1@kommun.example", "Kim Testdata", "editor", False),
    ("skala-redaktor2@kommun.example", "Sam Testdata", "editor", False),
    ("skala-redaktor3@kommun.example", "Robin Testdata", "editor", False),
    ("skala-lasare@kommun.example", "Lo Testdata", "reader", False),
    ("skala-rapport@kommun.example", "Rut Testdata", "reader", True),
)


@dataclass(slots=True)
class ProjectFacts:
    id: int
    start: date
    last: date
    step_index: int
    department: str
    iterations: list[tuple[int, str, date]] = field(default_factory=list)  # id, step, date


@dataclass(slots=True)
class DialogueFacts:
    id: int
    state: str
    department: str
    evidence_from: date | None  # first session: evidence is recorded after it
    residents_feedback: list[int] = field(default_factory=list)  # feedback row ids
    projects: list[int] = field(default_factory=list)


@dataclass(slots=True)
class WorkFacts:
    actors: list[Actor]
    editors: list[int]
    projects: list[ProjectFacts]
    dialogues: list[DialogueFacts]


def build_accounts(ds: Dataset, password_hash: str) -> tuple[list[Actor], list[int]]:
    actors: list[Actor] = []
    editors: list[int] = []
    created = ds.moment(FIRST_DAY)
    for email, name, role, report_manager in ACCOUNTS:
        account_id = ds["account"].add(
            email=email,
            name=name,
            password_hash=password_hash,
            role=role,
            report_manager=report_manager,
            active=True,
            session_version=1,
            created_at=created,
            last_sign_in_at=None,
        )
        if role != "reader":
            actors.append((account_id, name))
        if role == "editor":
            editors.append(account_id)
    return actors, editors


def _spread(ds: Dataset, total: int, parts: int) -> list[int]:
    """`total` split over `parts` (each at least one), deterministically at random."""
    counts = [1] * parts
    for index in ds.rng.choices(range(parts), k=max(0, total - parts)):
        counts[index] += 1
    return counts


def build_projects(
    ds: Dataset, catalogue: PhaseCatalogue, actors: list[Actor]
) -> list[ProjectFacts]:
    rng = ds.rng
    steps = [phase.key for phase in catalogue]
    last_index = len(steps) - 1
    facts: list[ProjectFacts] = []
    count = volume("project", ds.scale)
    for iterations in _spread(ds, volume("iteration", ds.scale), count):
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
        created_at = ds.moment(start)
        project_id = len(ds["project"]) + 1
        project = ProjectFacts(project_id, start, start, 0, department)
        ds.log(
            actor,
            "project",
            project_id,
            "created",
            f"Skapade projektet i steget {catalogue.name_of(steps[0])}.",
            created_at,
        )
        day, index, updated_at = start, 0, created_at
        for number, (length, gap) in enumerate(lengths):
            last = number == iterations - 1
            ended: date | None = day + timedelta(days=length)
            if last and fate == "ongoing" and rng.random() < 0.35:
                ended = None  # still going on
            if last:
                decision = {"paused": Decision.PAUSE, "closed": Decision.STOP}.get(fate)
                if decision is None:
                    decision = (
                        Decision.FORWARD
                        if index < last_index and rng.random() < 0.4
                        else Decision.CONTINUE
                    )
            elif index < last_index and rng.random() < 0.62:
                decision = Decision.FORWARD
            elif index > 0 and rng.random() < 0.1:
                decision = Decision.BACK
            else:
                decision = Decision.CONTINUE
            at = ds.moment(ended or day)
            iteration_id = ds["iteration"].add(
                project=project_id,
                step=steps[index],
                started_on=day,
                ended_on=ended,
                methods=", ".join(rng.sample(w.METHODS, rng.randint(1, 3))),
                summary=rng.choice(w.SUMMARIES),
                learnings=rng.choice(w.LEARNINGS),
                decision=str(decision),
                created_at=at,
                created_by=actor[1],
            )
            project.iterations.append((iteration_id, steps[index], ended or day))
            ds.log(
                actor,
                "project",
                project_id,
                "iteration_logged",
                f"Loggade en iteration i steget {catalogue.name_of(steps[index])}.",
                at,
            )
            target_index = {Decision.FORWARD: index + 1, Decision.BACK: index - 1}.get(decision)
            if target_index is not None:
                ds["step_move"].add(
                    project=project_id,
                    from_step=steps[index],
                    to_step=steps[target_index],
                    reason="Testerna visade att vi behöver förstå behoven bättre."
                    if decision == Decision.BACK
                    else "",
                    moved_at=at,
                    moved_by=actor[1],
                )
                ds.log(
                    actor,
                    "project",
                    project_id,
                    "step_moved",
                    f"Flyttade projektet från {catalogue.name_of(steps[index])} till "
                    f"{catalogue.name_of(steps[target_index])}.",
                    at,
                    {"current_step": [steps[index], steps[target_index]]},
                )
                index = target_index
            updated_at = at
            day = (ended or day) + timedelta(days=gap)
        project.last = project.iterations[-1][2]
        project.step_index = index
        status = {"paused": ProjectStatus.PAUSED, "closed": ProjectStatus.CLOSED}.get(
            fate, ProjectStatus.ONGOING
        )
        if fate == "ongoing" and index == last_index and rng.random() < 0.6 and lengths:
            status = ProjectStatus.IMPLEMENTED
        archived_at: datetime | None = None
        if status in (ProjectStatus.CLOSED, ProjectStatus.IMPLEMENTED) and rng.random() < 0.2:
            archive_day = project.last + timedelta(days=60)
            if archive_day < ANCHOR:
                archived_at = ds.moment(archive_day)
                updated_at = archived_at
                ds.log(
                    actor, "project", project_id, "archived", "Arkiverade projektet.", archived_at
                )
        ds["project"].add(
            title=title,
            title_search=search_form(title),
            title_sort=swedish_sort_key(title),
            challenge=f"{target} upplever att {service} är krånglig. Hur kan vi göra den enklare och tryggare?",
            target_group=target,
            department=department,
            board=board,
            lead=rng.choice(w.LEADS),
            start_date=start,
            planned_end=None
            if rng.random() < 0.2
            else start + timedelta(days=rng.randint(365, 1100)),
            status=str(status),
            current_step=steps[index],
            archived_at=archived_at,
            created_at=created_at,
            updated_at=max(updated_at, created_at),
        )
        _project_checklist(ds, catalogue, project, actor, updated_at)
        facts.append(project)
    return facts


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


STATE_WEIGHTS = {
    State.IDEA: 4,
    State.INQUIRY: 4,
    State.PROPOSAL: 4,
    State.DECIDED: 10,
    State.HELD: 14,
    State.FED_BACK: 56,
    State.NO_DIALOGUE: 4,
    State.INFORMATION_MEETING: 4,
}
LEVEL_WEIGHTS = (10, 35, 30, 18, 7)  # information … medbeslutande


def _days(ds: Dataset, low: int, high: int) -> timedelta:
    return timedelta(days=ds.rng.randint(low, high))


def build_dialogues(
    ds: Dataset, lists: DialogueLists, actors: list[Actor], projects: list[ProjectFacts]
) -> list[DialogueFacts]:
    rng = ds.rng
    levels = list(lists.levels)
    by_department: dict[str, list[ProjectFacts]] = {}
    for project in projects:
        by_department.setdefault(project.department, []).append(project)
    facts: list[DialogueFacts] = []
    states = list(STATE_WEIGHTS)
    for state in rng.choices(states, list(STATE_WEIGHTS.values()), k=volume("dialogue", ds.scale)):
        actor = rng.choice(actors)
        board, department = rng.choice(w.ORGANISATION)
        topic = rng.choice(w.DIALOGUE_TOPICS)
        area = rng.choice(w.AREAS)
        title = f"{rng.choice(w.DIALOGUE_FORMS)} {topic} i {area}"
        level = rng.choices(levels, LEVEL_WEIGHTS if len(levels) == len(LEVEL_WEIGHTS) else None)[0]
        dialogue_id = len(ds["dialogue"]) + 1
        record: dict[str, Any] = {
            "title": title,
            "title_search": search_form(title),
            "title_sort": swedish_sort_key(title),
            "question": f"Hur vill ni att {topic} i {area} ska utvecklas?",
            "kind": "citizen" if rng.random() < 0.6 else "user",
            "board": board,
            "department": department,
            "idea_source": rng.choice(("politician", "resident", "official")),
            "purpose": f"Att ta tillvara invånarnas erfarenheter av {topic} innan nämnden beslutar.",
            "target_groups": ", ".join(rng.sample(w.TARGET_GROUPS, 2)),
            "related_decision": "" if rng.random() < 0.5 else f"Budget {rng.randint(2017, 2027)}",
            "decision_planned_on": None,
            "state": str(state),
            "level_promised": level.key
            if state not in (State.IDEA, State.INQUIRY) or rng.random() < 0.5
            else None,
            "level_achieved": None,
            "methods": as_json(
                rng.sample(list(level.methods), min(len(level.methods), rng.randint(1, 2)))
            ),
            "needs_knowledge": None,
            "open_to_influence": None,
            "board_answered_on": None,
            "info_meeting_on": None,
            "why_decision": "",
            "why_no_dialogue": "",
            "decided_on": None,
            "decision_reference": "",
            "feedback_due": None,
            "results_summary": "",
            "archived_at": None,
        }
        fact = DialogueFacts(dialogue_id, str(state), department, None)
        events = _dialogue_timeline(ds, state, record)
        record["created_at"] = events[0][1]
        record["updated_at"] = events[-1][1]
        ds["dialogue"].add(**record)
        ds.log(
            actor,
            "dialogue",
            dialogue_id,
            "created",
            "Registrerade dialogen som idé.",
            events[0][1],
        )
        previous: str = State.IDEA
        for target, at in events[1:]:
            ds.log(
                actor,
                "dialogue",
                dialogue_id,
                "state_changed",
                f"Flyttade dialogen till {target}.",
                at,
                {"state": [previous, target]},
            )
            previous = target
        _dialogue_records(ds, lists, state, record, fact, actor)
        if state != State.IDEA and rng.random() < 0.45:
            pool = by_department.get(department) or projects
            for project in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))):
                ds["project_dialogue"].add(
                    project=project.id,
                    dialogue=dialogue_id,
                    linked_at=ds.moment(capped(max(project.start, record["created_at"].date()))),
                    linked_by=actor[1],
                )
                fact.projects.append(project.id)
        facts.append(fact)
    return facts


def _dialogue_timeline(
    ds: Dataset, state: State, record: dict[str, Any]
) -> list[tuple[str, datetime]]:
    """Fill the dates a dialogue in `state` has, and return its transitions with their moments."""
    rng = ds.rng
    if state in (State.IDEA, State.INQUIRY, State.PROPOSAL):
        created = ANCHOR - _days(ds, 120, 400)
        inquiry = created + _days(ds, 7, 40)
        answered = inquiry + _days(ds, 20, 60)
        events = [(State.IDEA, created)]
        if state != State.IDEA:
            events.append((State.INQUIRY, inquiry))
        if state == State.PROPOSAL:
            record.update(needs_knowledge=True, open_to_influence=True, board_answered_on=answered)
            events.append((State.PROPOSAL, answered))
        return [(s, ds.moment(d)) for s, d in events]
    if state in (State.NO_DIALOGUE, State.INFORMATION_MEETING):
        created = ds.day_between(FIRST_DAY, ANCHOR - timedelta(days=200))
        inquiry = created + _days(ds, 7, 40)
        answered = inquiry + _days(ds, 20, 60)
        needs, open_ = rng.choice(((True, False), (False, True), (False, False)))
        record.update(needs_knowledge=needs, open_to_influence=open_, board_answered_on=answered)
        events = [(State.IDEA, created), (State.INQUIRY, inquiry), (State.NO_DIALOGUE, answered)]
        if state == State.INFORMATION_MEETING:
            meeting = answered + _days(ds, 14, 60)
            record.update(
                info_meeting_on=meeting,
                why_decision="Beslutet bygger på en tidigare utredning och lagkrav.",
                why_no_dialogue="Frågan går inte att påverka: ramarna är redan beslutade.",
            )
            events.append((State.INFORMATION_MEETING, meeting))
        return [(s, ds.moment(d)) for s, d in events]
    if state == State.FED_BACK:
        decided = ds.day_between(FIRST_DAY + timedelta(days=150), ANCHOR - timedelta(days=420))
    else:
        decided = ANCHOR - _days(ds, 40, 400)
    answered = decided - _days(ds, 20, 90)
    inquiry = answered - _days(ds, 20, 90)
    created = inquiry - _days(ds, 7, 40)
    due = decided + _days(ds, 120, 300)
    record.update(
        needs_knowledge=True,
        open_to_influence=True,
        board_answered_on=answered,
        decided_on=decided,
        decision_reference=f"{rng.choice(('KS', 'BUN', 'SN', 'KFN', 'TN'))} {decided.year}/{rng.randint(10, 999):04d} § {rng.randint(1, 150)}",
        feedback_due=due,
    )
    events = [
        (State.IDEA, created),
        (State.INQUIRY, inquiry),
        (State.PROPOSAL, answered),
        (State.DECIDED, decided),
    ]
    sessions: list[date] = []
    if state != State.DECIDED or rng.random() < 0.3:
        first = decided + _days(ds, 14, 60)
        sessions = sorted(capped(first + _days(ds, 0, 90)) for _ in range(rng.randint(1, 3)))
        sessions[0] = capped(first)
    record["_sessions"] = sessions
    if state in (State.HELD, State.FED_BACK):
        held = capped(sessions[-1] + _days(ds, 1, 20))
        events.append((State.HELD, held))
        record["_feedback"] = []
        if state == State.FED_BACK:
            residents = max(
                sessions[-1] + _days(ds, 7, 30), due + timedelta(days=rng.randint(-40, 30))
            )
            residents = min(residents, ANCHOR - timedelta(days=2))
            board = capped(residents + _days(ds, 0, 30))
            record["_feedback"] = [("residents", residents), ("board", board)]
            events.append((State.FED_BACK, capped(max(residents, board) + _days(ds, 0, 5))))
        elif rng.random() < 0.3:
            record["_feedback"] = [("residents", capped(held + _days(ds, 5, 60)))]
    return [(s, ds.moment(d)) for s, d in events]


def _dialogue_records(
    ds: Dataset,
    lists: DialogueLists,
    state: State,
    record: dict[str, Any],
    fact: DialogueFacts,
    actor: Actor,
) -> None:
    """Sessions, feedback, documents, the level achieved and checklist marks."""
    rng = ds.rng
    row = ds["dialogue"].rows[-1]
    sessions = row.pop("_sessions", [])
    feedback = row.pop("_feedback", [])
    methods = json.loads(row["methods"]) or ["Dialogmöte"]
    for held_on in sessions:
        participants = rng.randint(6, 240)
        ages = rng.sample(w.AGE_GROUPS, 3)
        split = sorted(rng.randint(0, participants) for _ in range(2))
        breakdown = {
            "age": {
                ages[0]: split[0],
                ages[1]: split[1] - split[0],
                ages[2]: participants - split[1],
            }
        }
        ds["dialogue_session"].add(
            dialogue=fact.id,
            held_on=held_on,
            place=rng.choice(w.PLACES),
            method=rng.choice(methods),
            participants=participants,
            breakdown=as_json(breakdown),
            created_at=ds.moment(held_on),
            created_by=actor[1],
        )
    if sessions:
        fact.evidence_from = sessions[0]
    for audience, given_on in feedback:
        feedback_id = ds["dialogue_feedback"].add(
            dialogue=fact.id,
            audience=audience,
            given_on=given_on,
            channel=rng.choice(("web", "letter", "meeting", "other"))
            if audience == "residents"
            else "",
            text="Tack för era synpunkter! Så här tog vi hand om dem och detta händer nu."
            if audience == "residents"
            else "Nämnden informerades om resultatet.",
            reference=""
            if audience == "residents"
            else f"Protokoll {given_on.year}, § {rng.randint(1, 150)}",
            created_at=ds.moment(given_on),
            created_by=actor[1],
        )
        if audience == "residents":
            fact.residents_feedback.append(feedback_id)
    if state in LEVEL_ACHIEVED_STATES:
        row["results_summary"] = (
            "Deltagarna lämnade många förslag; de viktigaste är sammanställda i rapporten."
        )
        if rng.random() < 0.7:
            keys = [level.key for level in lists.levels]
            promised = keys.index(row["level_promised"])
            row["level_achieved"] = keys[max(0, promised - (1 if rng.random() < 0.25 else 0))]
    if state == State.FED_BACK and rng.random() < 0.5:
        ds["dialogue_document"].add(
            dialogue=fact.id,
            title="Sammanställning av dialogen",
            document_date=feedback[0][1],
            link=f"https://kommun.example/dokument/dialog-{fact.id}",
            created_at=ds.moment(feedback[0][1]),
            created_by=actor[1],
        )
    phases_done = {State.DECIDED: 1, State.HELD: 2, State.FED_BACK: 3}.get(state, 0)
    for phase in lists.checklist[:phases_done]:
        for item in phase.checklist:
            ds["dialogue_checklist_mark"].add(
                dialogue=fact.id,
                phase=phase.key,
                item_key=item.key,
                done=True,
                updated_at=row["updated_at"],
                updated_by=actor[1],
            )


def research_iterations(
    project: ProjectFacts, catalogue: PhaseCatalogue
) -> list[tuple[int, str, date]]:
    """The project's iterations in the steps where it does its own research (phases/)."""
    return [it for it in project.iterations if it[1] in catalogue.research_steps]

"""Dialogues with their governance process, sessions, feedback, documents and checklist
marks – each in a state the app's rules allow."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import LEVEL_ACHIEVED_STATES, State
from tracker.insights.publication.integrity import version_digest
from tracker.scale import words as w
from tracker.scale.dataset import ANCHOR, FIRST_DAY, Dataset, as_json, capped, volume
from tracker.scale.projects import ProjectFacts
from tracker.scale.work import Actor, days
from tracker.text import search_form, swedish_sort_key


@dataclass(slots=True)
class DialogueFacts:
    id: int
    state: str
    department: str
    evidence_from: date | None  # first session: evidence is recorded after it
    residents_feedback: list[int] = field(default_factory=list)  # feedback row ids
    projects: list[int] = field(default_factory=list)


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
        record = _dialogue_row(ds, state, board, department, levels)
        fact = DialogueFacts(len(ds["dialogue"]) + 1, str(state), department, None)
        events = _dialogue_timeline(ds, state, record)
        record["created_at"] = events[0][1]
        record["updated_at"] = events[-1][1]
        ds["dialogue"].add(**record)
        _log_timeline(ds, actor, fact.id, events)
        _dialogue_records(ds, lists, state, record, fact, actor)
        if state != State.IDEA and rng.random() < 0.45:
            pool = by_department.get(department) or projects
            _link_projects(ds, actor, fact, record, pool)
        facts.append(fact)
    return facts


def _dialogue_row(
    ds: Dataset, state: State, board: str, department: str, levels: list[Any]
) -> dict[str, Any]:
    """The dialogue's own fields; its dates are filled by its timeline."""
    rng = ds.rng
    topic = rng.choice(w.DIALOGUE_TOPICS)
    area = rng.choice(w.AREAS)
    title = f"{rng.choice(w.DIALOGUE_FORMS)} {topic} i {area}"
    level = rng.choices(levels, LEVEL_WEIGHTS if len(levels) == len(LEVEL_WEIGHTS) else None)[0]
    return {
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


def _log_timeline(
    ds: Dataset, actor: Actor, dialogue_id: int, events: list[tuple[str, datetime]]
) -> None:
    """The change log of the dialogue's creation and each move through the process."""
    ds.log(
        actor, "dialogue", dialogue_id, "created", "Registrerade dialogen som idé.", events[0][1]
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


def _link_projects(
    ds: Dataset,
    actor: Actor,
    fact: DialogueFacts,
    record: dict[str, Any],
    pool: list[ProjectFacts],
) -> None:
    """One or two projects, mostly of the dialogue's own department, that the dialogue informs."""
    rng = ds.rng
    for project in rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))):
        ds["project_dialogue"].add(
            project=project.id,
            dialogue=fact.id,
            linked_at=ds.moment(capped(max(project.start, record["created_at"].date()))),
            linked_by=actor[1],
        )
        fact.projects.append(project.id)


def _dialogue_timeline(
    ds: Dataset, state: State, record: dict[str, Any]
) -> list[tuple[str, datetime]]:
    """Fill the dates a dialogue in `state` has, and return its transitions with their moments."""
    rng = ds.rng
    if state in (State.IDEA, State.INQUIRY, State.PROPOSAL):
        created = ANCHOR - days(ds, 120, 400)
        inquiry = created + days(ds, 7, 40)
        answered = inquiry + days(ds, 20, 60)
        events = [(State.IDEA, created)]
        if state != State.IDEA:
            events.append((State.INQUIRY, inquiry))
        if state == State.PROPOSAL:
            record.update(needs_knowledge=True, open_to_influence=True, board_answered_on=answered)
            events.append((State.PROPOSAL, answered))
        return [(s, ds.moment(d)) for s, d in events]
    if state in (State.NO_DIALOGUE, State.INFORMATION_MEETING):
        created = ds.day_between(FIRST_DAY, ANCHOR - timedelta(days=200))
        inquiry = created + days(ds, 7, 40)
        answered = inquiry + days(ds, 20, 60)
        needs, open_ = rng.choice(((True, False), (False, True), (False, False)))
        record.update(needs_knowledge=needs, open_to_influence=open_, board_answered_on=answered)
        events = [(State.IDEA, created), (State.INQUIRY, inquiry), (State.NO_DIALOGUE, answered)]
        if state == State.INFORMATION_MEETING:
            meeting = answered + days(ds, 14, 60)
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
        decided = ANCHOR - days(ds, 40, 400)
    answered = decided - days(ds, 20, 90)
    inquiry = answered - days(ds, 20, 90)
    created = inquiry - days(ds, 7, 40)
    due = decided + days(ds, 120, 300)
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
        first = decided + days(ds, 14, 60)
        sessions = sorted(capped(first + days(ds, 0, 90)) for _ in range(rng.randint(1, 3)))
        sessions[0] = capped(first)
    record["_sessions"] = sessions
    if state in (State.HELD, State.FED_BACK):
        held = capped(sessions[-1] + days(ds, 1, 20))
        events.append((State.HELD, held))
        record["_feedback"] = []
        if state == State.FED_BACK:
            residents = max(
                sessions[-1] + days(ds, 7, 30), due + timedelta(days=rng.randint(-40, 30))
            )
            residents = min(residents, ANCHOR - timedelta(days=2))
            board = capped(residents + days(ds, 0, 30))
            record["_feedback"] = [("residents", residents), ("board", board)]
            events.append((State.FED_BACK, capped(max(residents, board) + days(ds, 0, 5))))
        elif rng.random() < 0.3:
            record["_feedback"] = [("residents", capped(held + days(ds, 5, 60)))]
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
    _sessions(ds, fact, sessions, json.loads(row["methods"]) or ["Dialogmöte"], actor)
    _feedback(ds, fact, feedback, actor)
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
    if state == State.FED_BACK and rng.random() < 0.5:
        _published_page(ds, fact, row, feedback[-1][1], actor)
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


def _published_page(
    ds: Dataset, fact: DialogueFacts, row: dict[str, Any], day: date, actor: Actor
) -> None:
    """A "Ni sa – vi gjorde" page, reviewed and published once, as half the finished
    dialogues have: what the public page and the resident's list show."""
    approver = "Kommunikatör Granskare"
    text = {
        "title": f"Ni sa – vi gjorde: {row['title']}",
        "intro": "Tack till alla som deltog. Här är vad ni sa och vad kommunen gjorde.",
        "you_said": "Ni ville ha längre öppettider och tydligare information på webben.",
        "we_did": "Vi har förlängt öppettiderna två kvällar i veckan och skrivit om sidan.",
        "not_done": "Helgöppet ryms inte i budgeten i år; frågan tas upp igen i nästa budget.",
    }
    published_at = ds.moment(day)
    ds["feedback_page"].add(
        dialogue=fact.id,
        **text,
        internal_note="",
        state="published",
        edited_at=published_at,
        edited_by=actor[1],
        edited_by_id=actor[0],
        version=1,
        review_requested_at=published_at,
        review_requested_by=actor[1],
        approved_at=published_at,
        approved_by=approver,
        created_at=published_at,
    )
    version = {
        "dialogue": fact.id,
        "number": 1,
        **text,
        "published_on": day,
        "published_by": actor[1],
        "approved_by": approver,
    }
    ds["feedback_page_version"].add(**version, published_at=published_at)
    ds.log(  # as publishing logs it: the version's digest, which the integrity check compares
        actor,
        "dialogue",
        fact.id,
        "published",
        f"Publicerade Ni sa – vi gjorde, version 1 (godkänd av {approver}).",
        published_at,
        {"version": [None, 1], "sha256": [None, version_digest(version)]},
    )


def _sessions(
    ds: Dataset, fact: DialogueFacts, sessions: list[date], methods: list[str], actor: Actor
) -> None:
    """The dialogue's sessions, with participants as numbers per age group only."""
    rng = ds.rng
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


def _feedback(
    ds: Dataset, fact: DialogueFacts, feedback: list[tuple[str, date]], actor: Actor
) -> None:
    """Feedback to residents and to the board."""
    rng = ds.rng
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

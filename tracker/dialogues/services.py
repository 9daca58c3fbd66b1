"""Dialogue services: the register, the governance process, sessions, results, feedback,
the checklist, links to projects and the feedback ledger. Every change is audited."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any

from piccolo.custom_types import Combinable
from piccolo.query.functions.aggregate import Count

from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Membership
from tracker.audit.services import changes_for, diff, record_change
from tracker.clock import SWEDISH_TIME, now, today
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.filters import DialogueFilters, LedgerFilters
from tracker.dialogues.forms import DialogueInput, FeedbackInput, SessionInput
from tracker.dialogues.history import record_state
from tracker.dialogues.labels import FIELD_LABELS
from tracker.dialogues.links import PROJECTS
from tracker.dialogues.rules import (
    STATE_LABELS,
    DialogueFacts,
    State,
    TransitionRefused,
    check_state_on,
    check_transition,
)
from tracker.dialogues.tables import (
    Dialogue,
    DialogueChecklistMark,
    DialogueDocument,
    DialogueFeedback,
    DialogueSession,
)
from tracker.shared import links
from tracker.text import like_term, search_form, swedish_sort_key
from tracker.web.pagination import PAGE_SIZE, Page

ENTITY = "dialogue"
SORT_COLUMNS = {
    "updated": (Dialogue.updated_at, False),
    "title": (Dialogue.title_sort, True),
    "due": (Dialogue.feedback_due, True),
}
LIST_COLUMNS = (
    Dialogue.id,
    Dialogue.title,
    Dialogue.kind,
    Dialogue.state,
    Dialogue.board,
    Dialogue.level_promised,
    Dialogue.level_achieved,
    Dialogue.feedback_due,
    Dialogue.updated_at,
    Dialogue.archived_at,
)


def _year_range(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, 1, 1), time(), SWEDISH_TIME)
    return start, datetime.combine(date(year + 1, 1, 1), time(), SWEDISH_TIME)


def _where(filters: DialogueFilters) -> Any:
    condition: Combinable = (
        Dialogue.archived_at.is_not_null() if filters.archived else Dialogue.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= Dialogue.title_search.like(f"%{term}%")
    for column, value in (
        (Dialogue.state, filters.state),
        (Dialogue.kind, filters.kind),
        (Dialogue.level_promised, filters.level),
        (Dialogue.board, filters.board),
    ):
        if value:
            condition &= column == value
    if filters.year:
        start, end = _year_range(filters.year)
        condition &= (Dialogue.created_at >= start) & (Dialogue.created_at < end)
    return condition


async def list_dialogues(filters: DialogueFilters, size: int = PAGE_SIZE) -> Page:
    where = _where(filters)
    total = await Dialogue.count().where(where)
    number = min(filters.page, max(1, -(-total // size)))
    column, ascending = SORT_COLUMNS[filters.sort]
    rows = await (
        Dialogue.select(*LIST_COLUMNS)
        .where(where)
        .order_by(column, ascending=ascending)
        .order_by(Dialogue.id, ascending=False)
        .limit(size)
        .offset((number - 1) * size)
    )
    return Page(rows=rows, number=number, size=size, total=total)


async def boards() -> list[str]:
    return await distinct_values("dialogue", "board")


async def count_by_level() -> dict[str | None, int]:
    rows = await (
        Dialogue.select(Dialogue.level_promised, Count(alias="n"))
        .where(Dialogue.archived_at.is_null())
        .group_by(Dialogue.level_promised)
    )
    return {row["level_promised"]: row["n"] for row in rows}


async def get_dialogue(dialogue_id: int) -> Dialogue | None:
    if not 0 < dialogue_id <= MAX_ID:
        return None
    return await Dialogue.objects().get(Dialogue.id == dialogue_id)


def _values(data: DialogueInput) -> dict[str, Any]:
    return asdict(data)


async def create_dialogue(data: DialogueInput, actor: Principal) -> Dialogue:
    stamp = now()
    dialogue = Dialogue(
        **_values(data),
        title_search=search_form(data.title),
        title_sort=swedish_sort_key(data.title),
        state=State.IDEA,
        created_at=stamp,
        updated_at=stamp,
    )
    async with write_transaction():
        await dialogue.save()
        if actor.role == Role.EDITOR:
            await Membership.insert(
                Membership(
                    account=actor.id,
                    record_type=ENTITY,
                    record_id=dialogue.id,
                    added_at=stamp,
                    added_by=actor.name,
                )
            )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="created",
            summary="Registrerade dialogen som idé.",
            at=stamp,
        )
        await record_state(
            dialogue.id, None, State.IDEA, state_on=None, recorded_at=stamp, recorded_by=actor.name
        )
    return dialogue


def methods_of(dialogue: Dialogue) -> list[str]:
    """The dialogue's methods as a list (Piccolo hands JSON columns over as text)."""
    value = dialogue.methods
    return list(json.loads(value) if isinstance(value, str) else value or [])


def _current(dialogue: Dialogue, key: str) -> Any:
    return methods_of(dialogue) if key == "methods" else getattr(dialogue, key)


async def _update(
    dialogue: Dialogue,
    values: dict[str, Any],
    actor: Principal,
    action: str,
    summary: str | None = None,
    version: int | None = None,
) -> dict[str, list[Any]]:
    """Save changed fields; StaleVersion if the dialogue was saved since `version` was read."""
    changes = diff({key: _current(dialogue, key) for key in values}, values)
    if not changes:
        return changes
    extra: dict[str, Any] = {"updated_at": now()}
    if "title" in values:
        extra |= {
            "title_search": search_form(values["title"]),
            "title_sort": swedish_sort_key(values["title"]),
        }
    async with write_transaction():
        await update_versioned(Dialogue, dialogue.id, version, {**values, **extra})
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action=action,
            summary=summary
            or "Ändrade " + ", ".join(FIELD_LABELS.get(k, k) for k in changes) + ".",
            changes=changes,
        )
    return changes


async def update_dialogue(
    dialogue: Dialogue, data: DialogueInput, actor: Principal, version: int | None = None
) -> dict[str, list[Any]]:
    return await _update(dialogue, _values(data), actor, "updated", version=version)


async def set_level_achieved(dialogue: Dialogue, level: str | None, actor: Principal) -> bool:
    return bool(await _update(dialogue, {"level_achieved": level}, actor, "updated"))


async def set_results(
    dialogue: Dialogue, summary: str, actor: Principal, version: int | None = None
) -> bool:
    return bool(
        await _update(dialogue, {"results_summary": summary}, actor, "updated", version=version)
    )


async def set_archived(dialogue: Dialogue, archived: bool, actor: Principal) -> None:
    stamp = now()
    async with write_transaction():
        await Dialogue.update(
            {Dialogue.archived_at: stamp if archived else None, Dialogue.updated_at: stamp}
        ).where(Dialogue.id == dialogue.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="archived" if archived else "restored",
            summary="Arkiverade dialogen." if archived else "Återställde dialogen från arkivet.",
        )


async def _facts(dialogue_id: int) -> DialogueFacts:
    row = (
        await Dialogue.select(Dialogue.state, Dialogue.level_promised)
        .where(Dialogue.id == dialogue_id)
        .first()
    )
    sessions = await DialogueSession.count().where(DialogueSession.dialogue == dialogue_id)
    feedback = await (
        DialogueFeedback.select(DialogueFeedback.audience, Count(alias="n"))
        .where(DialogueFeedback.dialogue == dialogue_id)
        .group_by(DialogueFeedback.audience)
    )
    counts = {f["audience"]: f["n"] for f in feedback}
    assert row is not None
    return DialogueFacts(
        row["state"],
        row["level_promised"],
        sessions,
        counts.get("residents", 0),
        counts.get("board", 0),
    )


TRANSITION_FIELDS: dict[str, tuple[str, ...]] = {
    State.PROPOSAL: ("needs_knowledge", "open_to_influence", "board_answered_on"),
    State.NO_DIALOGUE: ("needs_knowledge", "open_to_influence", "board_answered_on"),
    State.DECIDED: ("decided_on", "decision_reference", "feedback_due", "level_promised"),
    State.INFORMATION_MEETING: ("info_meeting_on", "why_decision", "why_no_dialogue"),
}


STALE_MESSAGE = (
    "Dialogen har just flyttats av någon annan. Ingenting sparades; kontrollera läget och "
    "försök igen."
)


async def transition(
    dialogue: Dialogue, target: str, values: dict[str, Any], actor: Principal
) -> None:
    """Move the dialogue to `target`, storing what the step records. Raises TransitionRefused,
    also when the dialogue has left the state `dialogue` was read in (someone else moved it)."""
    async with write_transaction():
        facts = await _facts(dialogue.id)
        if facts.state != dialogue.state:
            raise TransitionRefused(STALE_MESSAGE)
        check_transition(facts, target, values)
        state_on = values.get("state_on")
        check_state_on(state_on, dialogue.created_at.astimezone(SWEDISH_TIME).date(), today())
        dated = {"state_on": [None, state_on.isoformat()]} if state_on else {}
        stored = {name: values.get(name) for name in TRANSITION_FIELDS.get(target, ())}
        if target in (State.PROPOSAL, State.NO_DIALOGUE) and facts.state == State.INQUIRY:
            stored["board_answered_on"] = stored.get("board_answered_on") or today()
        else:
            stored = {
                k: v
                for k, v in stored.items()
                if k not in ("needs_knowledge", "open_to_influence", "board_answered_on")
            }
        if stored.get("level_promised") is None:
            stored.pop("level_promised", None)
        before = {name: getattr(dialogue, name) for name in stored}
        stamp = now()
        # Only from the state just checked: of two simultaneous moves, one wins, one is refused.
        moved = await (
            Dialogue.update(
                {**stored, "state": target, "updated_at": stamp, "version": Dialogue.version + 1}  # type: ignore[dict-item]  # Piccolo wants dict[Column | str, Any]
            )
            .where((Dialogue.id == dialogue.id) & (Dialogue.state == facts.state))
            .returning(Dialogue.id)
        )
        if not moved:
            raise TransitionRefused(STALE_MESSAGE)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="state_changed",
            summary=f"Flyttade dialogen från {STATE_LABELS[facts.state]} till {STATE_LABELS[target]}.",
            changes={"state": [facts.state, target], **dated, **diff(before, stored)},
            at=stamp,
        )
        await record_state(
            dialogue.id,
            facts.state,
            target,
            state_on=state_on,
            recorded_at=stamp,
            recorded_by=actor.name,
        )


async def add_session(dialogue: Dialogue, data: SessionInput, actor: Principal) -> None:
    async with write_transaction():
        await DialogueSession.insert(
            DialogueSession(
                dialogue=dialogue.id,
                held_on=data.held_on,
                place=data.place,
                method=data.method,
                participants=data.participants,
                breakdown=data.breakdown,
                created_at=now(),
                created_by=actor.name,
            )
        )
        await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="session_added",
            summary=f"Registrerade ett dialogtillfälle {data.held_on.isoformat()} ({data.method}, "
            f"{data.participants} deltagare).",
        )


async def write_feedback(
    dialogue: Dialogue, data: FeedbackInput, actor: Principal, change_ids: list[int]
) -> int:
    """Write a piece of feedback and its log entry, in the caller's write transaction; the
    changes it reported (`change_ids`, to residents only) are linked by the caller, whose area
    they belong to. The feedback's id."""
    feedback = DialogueFeedback(
        dialogue=dialogue.id,
        audience=data.audience,
        given_on=data.given_on,
        channel=data.channel,
        text=data.text,
        reference=data.reference,
        created_at=now(),
        created_by=actor.name,
    )
    await feedback.save()
    await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
    to_whom = "invånarna" if data.audience == "residents" else "nämnden"
    reported = f" som berättar om {len(change_ids)} " + (
        "förändring." if len(change_ids) == 1 else "förändringar."
    )
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=dialogue.id,
        action="feedback_added",
        summary=f"Registrerade återkoppling till {to_whom} {data.given_on.isoformat()}"
        + (reported if change_ids else "."),
        changes={"changes_named": [None, change_ids]} if change_ids else None,
    )
    return int(feedback.id)


async def add_document(dialogue: Dialogue, values: dict[str, Any], actor: Principal) -> None:
    async with write_transaction():
        await DialogueDocument.insert(
            DialogueDocument(
                dialogue=dialogue.id, **values, created_at=now(), created_by=actor.name
            )
        )
        await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="document_added",
            summary=f"Lade till dokumentet ”{values['title']}”.",
        )


async def save_checklist(
    dialogue: Dialogue,
    phase_key: str,
    done: set[str],
    lists: DialogueLists,
    actor: Principal,
    only: Collection[str] | None = None,
) -> int:
    """Tick exactly `done` in the phase's checklist (of the items in `only`, when given: those
    the user changed); returns how many items changed."""
    phase = next((p for p in lists.checklist if p.key == phase_key), None)
    if phase is None:
        raise LookupError(phase_key)
    stamp = now()
    async with write_transaction():
        rows = await DialogueChecklistMark.select().where(
            (DialogueChecklistMark.dialogue == dialogue.id)
            & (DialogueChecklistMark.phase == phase_key)
        )
        existing = {row["item_key"]: row for row in rows}
        changed = [
            item
            for item in phase.checklist
            if existing.get(item.key, {}).get("done", False) != (item.key in done)
            and (only is None or item.key in only)
        ]
        for item in changed:
            if item.key in existing:
                await DialogueChecklistMark.update(
                    {
                        DialogueChecklistMark.done: item.key in done,
                        DialogueChecklistMark.updated_at: stamp,
                        DialogueChecklistMark.updated_by: actor.name,
                    }
                ).where(DialogueChecklistMark.id == existing[item.key]["id"])
            else:
                await DialogueChecklistMark.insert(
                    DialogueChecklistMark(
                        dialogue=dialogue.id,
                        phase=phase_key,
                        item_key=item.key,
                        done=True,
                        updated_at=stamp,
                        updated_by=actor.name,
                    )
                )
        if changed:
            await record_change(
                actor=actor,
                entity_type=ENTITY,
                entity_id=dialogue.id,
                action="checklist",
                summary=f"Checklistan {phase.name.lower()}: "
                + "; ".join(("✓ " if item.key in done else "✗ ") + item.text for item in changed)
                + ".",
                changes={
                    f"checklist:{phase_key}:{item.key}": [item.key not in done, item.key in done]
                    for item in changed
                },
            )
    return len(changed)


async def link_project(dialogue: Dialogue, project_id: int | None, actor: Principal) -> bool:
    """Link a project; False if already linked. LinkRefused (a LookupError) if it is unknown
    or archived."""
    return await links.link(PROJECTS, dialogue, project_id, actor)


async def unlink_project(dialogue: Dialogue, project_id: int, actor: Principal) -> bool:
    return await links.unlink(PROJECTS, dialogue, project_id, actor)


async def projects_of(dialogue_id: int) -> list[dict[str, Any]]:
    return await links.targets_of(PROJECTS, dialogue_id, ("current_step",))


async def dialogues_of_project(project_id: int) -> list[dict[str, Any]]:
    return await links.owners_of(
        PROJECTS, project_id, ("state", "kind", "level_promised", "level_achieved")
    )


@dataclass(slots=True)
class DialogueRecords:
    sessions: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    checked: set[tuple[str, str]]
    projects: list[dict[str, Any]]
    changes: list[dict[str, Any]]

    @property
    def participants(self) -> int:
        return sum(row["participants"] for row in self.sessions)

    def feedback_to(self, audience: str) -> list[dict[str, Any]]:
        return [row for row in self.feedback if row["audience"] == audience]

    def done_in(self, phase: str) -> set[str]:
        return {key for mark_phase, key in self.checked if mark_phase == phase}


async def dialogue_records(dialogue: Dialogue) -> DialogueRecords:
    """Everything the dialogue page lists of its own: five queries whatever the amounts (the
    partners who carried its feedback are the collaborations' panel)."""
    sessions = (
        await DialogueSession.select()
        .where(DialogueSession.dialogue == dialogue.id)
        .order_by(DialogueSession.held_on)
    )
    feedback = (
        await DialogueFeedback.select()
        .where(DialogueFeedback.dialogue == dialogue.id)
        .order_by(DialogueFeedback.given_on)
    )
    documents = (
        await DialogueDocument.select()
        .where(DialogueDocument.dialogue == dialogue.id)
        .order_by(DialogueDocument.document_date)
    )
    marks = await DialogueChecklistMark.select(
        DialogueChecklistMark.phase, DialogueChecklistMark.item_key
    ).where((DialogueChecklistMark.dialogue == dialogue.id) & DialogueChecklistMark.done.eq(True))
    for row in sessions:
        if isinstance(row["breakdown"], str):
            row["breakdown"] = json.loads(row["breakdown"])
    return DialogueRecords(
        sessions=sessions,
        feedback=feedback,
        documents=documents,
        checked={(m["phase"], m["item_key"]) for m in marks},
        projects=await projects_of(dialogue.id),
        changes=await changes_for(ENTITY, dialogue.id),
    )


# --- the feedback ledger ---------------------------------------------------------------------

LEDGER_COLUMNS = (
    Dialogue.id,
    Dialogue.title,
    Dialogue.board,
    Dialogue.state,
    Dialogue.level_promised,
    Dialogue.level_achieved,
    Dialogue.decided_on,
    Dialogue.feedback_due,
)


def _ledger_where(filters: LedgerFilters, on: date) -> Any:
    condition = Dialogue.archived_at.is_null() & Dialogue.feedback_due.is_not_null()
    if filters.board:
        condition &= Dialogue.board == filters.board
    if filters.level:
        condition &= Dialogue.level_promised == filters.level
    if filters.status == "given":
        condition &= Dialogue.state == State.FED_BACK
    elif filters.status == "overdue":
        condition &= (Dialogue.state != State.FED_BACK) & (Dialogue.feedback_due < on)
    elif filters.status == "due":
        condition &= (Dialogue.state != State.FED_BACK) & (Dialogue.feedback_due >= on)
    return condition


async def ledger(filters: LedgerFilters, on: date | None = None, size: int = PAGE_SIZE) -> Page:
    """Dialogues with a promised feedback date, by due date; three queries in all."""
    on = on or today()
    where = _ledger_where(filters, on)
    total = await Dialogue.count().where(where)
    number = min(filters.page, max(1, -(-total // size)))
    rows = await (
        Dialogue.select(*LEDGER_COLUMNS)
        .where(where)
        .order_by(Dialogue.feedback_due, ascending=not filters.descending)
        .order_by(Dialogue.id)
        .limit(size)
        .offset((number - 1) * size)
    )
    ids = [row["id"] for row in rows]
    given: list[dict[str, Any]] = []
    if ids:  # Piccolo refuses an empty IN list
        given = await DialogueFeedback.select(
            DialogueFeedback.dialogue, DialogueFeedback.audience, DialogueFeedback.given_on
        ).where(DialogueFeedback.dialogue.is_in(ids))
    first: dict[tuple[int, str], date] = {}
    for row in given:
        key = (row["dialogue"], row["audience"])
        first[key] = min(first.get(key, row["given_on"]), row["given_on"])
    for row in rows:
        row["residents_on"] = first.get((row["id"], "residents"))
        row["board_on"] = first.get((row["id"], "board"))
    return Page(rows=rows, number=number, size=size, total=total)


async def first_session_on(dialogue_id: int) -> date | None:
    """When the dialogue's first session was held (None before any): feedback comes after."""
    row = await (
        DialogueSession.select(DialogueSession.held_on)
        .where(DialogueSession.dialogue == dialogue_id)
        .order_by(DialogueSession.held_on)
        .first()
    )
    return row["held_on"] if row else None

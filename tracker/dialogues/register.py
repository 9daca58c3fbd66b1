"""The register of dialogues: listing, registering, editing and archiving a dialogue, and
setting its results. Every change is audited."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

from piccolo.custom_types import Combinable
from piccolo.query.functions.aggregate import Count

from tracker.accounts.memberships import join_creator
from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import SWEDISH_TIME, now
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.dialogues.filters import DialogueFilters
from tracker.dialogues.forms import DialogueInput
from tracker.dialogues.history import record_state
from tracker.dialogues.labels import FIELD_LABELS
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue
from tracker.shared import archive
from tracker.shared.registration import title_or_number
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
    Dialogue.diarienummer,
)


def _year_range(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, 1, 1), time(), SWEDISH_TIME)
    return start, datetime.combine(date(year + 1, 1, 1), time(), SWEDISH_TIME)


def _where(filters: DialogueFilters) -> Any:
    condition: Combinable = (
        Dialogue.archived_at.is_not_null() if filters.archived else Dialogue.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= title_or_number(Dialogue.title_search, Dialogue.diarienummer, term)
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
        await join_creator(actor, ENTITY, dialogue.id, stamp)
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


async def set_level_achieved(
    dialogue: Dialogue, level: str | None, actor: Principal, version: int | None = None
) -> bool:
    return bool(
        await _update(dialogue, {"level_achieved": level}, actor, "updated", version=version)
    )


async def set_results(
    dialogue: Dialogue, summary: str, actor: Principal, version: int | None = None
) -> bool:
    return bool(
        await _update(dialogue, {"results_summary": summary}, actor, "updated", version=version)
    )


async def set_archived(dialogue: Dialogue, archived: bool, actor: Principal) -> None:
    await archive.set_archived(
        Dialogue,
        ENTITY,
        dialogue.id,
        archived,
        actor,
        ("Arkiverade dialogen.", "Återställde dialogen från arkivet."),
    )

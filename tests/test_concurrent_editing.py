"""20 people edit the same project, dialogue and collaboration for a few seconds, and tick
the same checklist: every acknowledged change is stored, or was refused with 409 – none is
silently lost, and no save undoes a field its user did not change."""

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import form_of, post_form
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.dialogues.tables import DialogueChecklistMark
from tracker.phases.catalogue import PhaseCatalogue

CLIENTS = 20
SECONDS = 1.0
FIELDS = {
    # Free-text fields: förvaltning and nämnd take only the managed lists' entries.
    "project": ("lead", "title", "challenge", "target_group"),
    "dialogue": ("title", "question", "purpose", "target_groups"),
    "collaboration": ("goal", "department", "contact_role", "results"),
}
EDIT_URLS = {"project": "/projekt", "dialogue": "/dialoger", "collaboration": "/samverkan"}


@dataclass(frozen=True, slots=True)
class Save:
    entity: str
    record_id: int
    field: str
    value: str
    status: int
    refused_first: bool


async def _edit(
    client: httpx.AsyncClient, entity: str, record_id: int, field: str, value: str
) -> tuple[int, bool]:
    """The answer to the save, and whether it was first refused as stale."""
    url = f"{EDIT_URLS[entity]}/{record_id}/redigera"
    form = form_of((await client.get(url)).text, url)
    answer = await post_form(client, url, {**form, field: value})
    refused = answer.status_code == 409
    if refused:  # the user saves their change on top, as the page offers
        answer = await post_form(client, url, form_of(answer.text, url))
    return answer.status_code, refused


async def _person(
    number: int, client: httpx.AsyncClient, records: dict[str, int], deadline: float
) -> list[Save]:
    saves: list[Save] = []
    turn = 0
    while turn == 0 or time.monotonic() < deadline:
        entity = list(FIELDS)[(number + turn) % 3]
        field = FIELDS[entity][(number // 3 + turn) % 4]
        value = f"Ändring {number}-{turn}"
        status, refused = await _edit(client, entity, records[entity], field, value)
        saves.append(Save(entity, records[entity], field, value, status, refused))
        turn += 1
    return saves


async def _tick(client: httpx.AsyncClient, dialogue_id: int, item: str) -> int:
    page, action = f"/dialoger/{dialogue_id}", f"/dialoger/{dialogue_id}/checklista"
    form = form_of((await client.get(page)).text, action)
    return (await post_form(client, action, {**form, "done": [item]})).status_code


@pytest.mark.slow
async def test_concurrent_edits_lose_nothing(
    db: None,  # on PostgreSQL with the tests' connection pool, as the server has one
    client_as: Callable[[Principal], httpx.AsyncClient],
    admin_user: Principal,
    catalogue: PhaseCatalogue,
) -> None:
    records = {
        "project": (await make_project(catalogue)).id,
        "dialogue": (await make_dialogue()).id,
        "collaboration": (await make_collaboration()).id,
    }
    people = [client_as(admin_user) for _ in range(CLIENTS)]
    for person in people:
        await person.get("/")  # the CSRF cookie
    items = [
        value.partition(":")[0]
        for value in form_of(
            (await people[0].get(f"/dialoger/{records['dialogue']}")).text,
            f"/dialoger/{records['dialogue']}/checklista",
        )["shown"]
    ]
    deadline = time.monotonic() + SECONDS

    ticks, *edits = await asyncio.gather(
        asyncio.gather(
            *(
                _tick(person, records["dialogue"], item)
                for person, item in zip(people, items, strict=False)
            )
        ),
        *(_person(number, person, records, deadline) for number, person in enumerate(people)),
    )

    saves = [save for person in edits for save in person]
    assert {save.status for save in saves} <= {303, 409}
    assert len(saves) >= CLIENTS
    assert {(save.entity, save.record_id) for save in saves if save.status == 303} == {
        (entity, record_id) for entity, record_id in records.items()
    }
    assert any(save.refused_first for save in saves), "no stale form was ever posted"
    entries = await ChangeLogEntry.select().where(ChangeLogEntry.action == "updated")
    written: dict[tuple[str, int, str], list[str]] = {}
    for entry in sorted(entries, key=lambda row: row["id"]):
        changes = entry["changes"]
        changes = json.loads(changes) if isinstance(changes, str) else changes
        # No save changed a field its user did not change: nothing was overwritten unseen.
        assert len(changes) == 1, changes
        ((field, (_, after)),) = changes.items()
        written.setdefault((entry["entity_type"], entry["entity_id"], field), []).append(after)
    for save in saves:
        stored = save.value in written.get((save.entity, save.record_id, save.field), [])
        assert stored == (save.status == 303), save
    # What each field holds now is the last acknowledged change to it.
    for (entity, record_id, field), values in written.items():
        url = f"{EDIT_URLS[entity]}/{record_id}/redigera"
        form = form_of((await people[0].get(url)).text, url)
        assert form[field] == values[-1]

    assert set(ticks) == {303}
    marks = await DialogueChecklistMark.select(DialogueChecklistMark.item_key).where(
        DialogueChecklistMark.done.eq(True)
    )
    assert {mark["item_key"] for mark in marks} == set(items)

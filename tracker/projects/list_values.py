"""Stored förvaltning and nämnd values brought onto the managed lists (lists/organisation.toml).

Run by the upgrade (the projects' and the dialogues' migrations): each stored value that is a
spelling of a list entry, or so close to one that it can only be a typo, becomes that entry;
a value that matches nothing stays as it is, and the edit form asks for an entry the next time
the record is saved. Every record changed gets a line in the change log and a new version, so
an edit form read before the upgrade does not write the old spelling back.
"""

from __future__ import annotations

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.db import fetch_rows, write_transaction
from tracker.web.managed_lists import ManagedList, OrganisationLists, organisation_lists

LABELS = {"department": "förvaltning", "board": "nämnd"}


def columns_of(lists: OrganisationLists) -> dict[str, ManagedList]:
    return {"department": lists.departments, "board": lists.boards}


async def map_to_lists(
    table: str, entity_type: str, actor: Principal, lists: OrganisationLists | None = None
) -> int:
    """Map `table`'s department and board values (our table names, never user input) onto
    the lists; returns how many records were changed."""
    changed = 0
    for column, managed in columns_of(lists or organisation_lists()).items():
        stored = await fetch_rows(f"SELECT DISTINCT {column} AS v FROM {table}")
        for row in stored:
            old = row["v"] or ""
            new = managed.mapped(old)
            if new is None or new == old:
                continue
            async with write_transaction():
                ids = await fetch_rows(f"SELECT id FROM {table} WHERE {column} = {{}}", old)
                await fetch_rows(
                    f"UPDATE {table} SET {column} = {{}}, version = version + 1 "
                    f"WHERE {column} = {{}}",
                    new,
                    old,
                )
                for record in ids:
                    await record_change(
                        actor=actor,
                        entity_type=entity_type,
                        entity_id=record["id"],
                        action="updated",
                        summary=f"Ändrade {LABELS[column]} från ”{old}” till ”{new}”, "
                        f"som den heter i listan över {managed.what}.",
                        changes={column: [old, new]},
                    )
            changed += len(ids)
    return changed

"""Who may use the citizen-dialogue routes: the same pattern as projects (read by
tests/test_route_access.py through tests/route_areas.py)."""

from __future__ import annotations

from tests.dialogues.factories import make_dialogue
from tracker.accounts.permissions import Principal
from tracker.dialogues.links import link_project

ACCESS: dict[tuple[str, str], str] = {
    # Any signed-in user.
    ("GET", "/dialoger"): "read",
    ("GET", "/dialoger/aterkoppling"): "read",
    ("GET", "/dialoger/{dialogue_id}"): "read",
    # Editors and administrators.
    ("GET", "/dialoger/ny"): "create",
    ("POST", "/dialoger"): "create",
    # Administrators, and editors who are members of the dialogue.
    ("GET", "/dialoger/{dialogue_id}/redigera"): "edit",
    ("POST", "/dialoger/{dialogue_id}/redigera"): "edit",
    ("GET", "/dialoger/{dialogue_id}/overgang"): "edit",
    ("POST", "/dialoger/{dialogue_id}/overgang"): "edit",
    ("GET", "/dialoger/{dialogue_id}/niva"): "edit",
    ("POST", "/dialoger/{dialogue_id}/niva"): "edit",
    ("GET", "/dialoger/{dialogue_id}/tillfallen/ny"): "edit",
    ("POST", "/dialoger/{dialogue_id}/tillfallen"): "edit",
    ("GET", "/dialoger/{dialogue_id}/resultat"): "edit",
    ("POST", "/dialoger/{dialogue_id}/resultat"): "edit",
    ("GET", "/dialoger/{dialogue_id}/dokument/ny"): "edit",
    ("POST", "/dialoger/{dialogue_id}/dokument"): "edit",
    ("GET", "/dialoger/{dialogue_id}/aterkoppling/ny"): "edit",
    ("POST", "/dialoger/{dialogue_id}/aterkoppling"): "edit",
    ("POST", "/dialoger/{dialogue_id}/checklista"): "edit",
    ("GET", "/dialoger/{dialogue_id}/projekt/ny"): "edit",
    ("POST", "/dialoger/{dialogue_id}/projekt"): "edit",
    ("POST", "/dialoger/{dialogue_id}/projekt/{project_id}/ta-bort"): "edit",
    ("GET", "/dialoger/{dialogue_id}/medlemmar/ny"): "edit",
    ("POST", "/dialoger/{dialogue_id}/medlemmar"): "edit",
    ("POST", "/dialoger/{dialogue_id}/medlemmar/{account_id}/ta-bort"): "edit",
    ("GET", "/dialoger/{dialogue_id}/arkivera"): "edit",
    ("POST", "/dialoger/{dialogue_id}/arkivera"): "edit",
    ("POST", "/dialoger/{dialogue_id}/aterstall"): "edit",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """A dialogue Robin created, linked to the project."""
    dialogue = await make_dialogue(actor=robin)
    await link_project(dialogue, ids["project_id"], robin)
    return {"dialogue_id": dialogue.id}

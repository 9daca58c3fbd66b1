"""Who may use the civil-society routes (read by tests/test_route_access.py through
tests/route_areas.py)."""

from __future__ import annotations

from tests.collaborations.factories import make_collaboration_setting
from tracker.accounts.permissions import Principal

ACCESS: dict[tuple[str, str], str] = {
    # Civil society: organisations are shared records that editors and administrators edit;
    # collaborations follow the project pattern (members edit them).
    ("GET", "/organisationer"): "read",
    ("GET", "/organisationer/export.csv"): "read",
    ("GET", "/organisationer/export.xlsx"): "read",
    ("GET", "/organisationer/{organisation_id}"): "read",
    ("GET", "/organisationer/ny"): "create",
    ("POST", "/organisationer"): "create",
    ("GET", "/organisationer/{organisation_id}/redigera"): "create",
    ("POST", "/organisationer/{organisation_id}/redigera"): "create",
    ("GET", "/organisationer/{organisation_id}/arkivera"): "create",
    ("POST", "/organisationer/{organisation_id}/arkivera"): "create",
    ("POST", "/organisationer/{organisation_id}/aterstall"): "create",
    ("GET", "/samverkan"): "read",
    ("GET", "/samverkan/export.csv"): "read",
    ("GET", "/samverkan/export.xlsx"): "read",
    ("GET", "/samverkan/uppfoljning"): "read",
    ("GET", "/samverkan/{collaboration_id}"): "read",
    ("GET", "/samverkan/ny"): "create",
    ("POST", "/samverkan"): "create",
    ("GET", "/samverkan/{collaboration_id}/redigera"): "edit",
    ("POST", "/samverkan/{collaboration_id}/redigera"): "edit",
    ("POST", "/samverkan/{collaboration_id}/insatser"): "edit",
    ("POST", "/samverkan/{collaboration_id}/uppfoljningar"): "edit",
    ("POST", "/samverkan/{collaboration_id}/uppfoljningar/{follow_up_id}/klar"): "edit",
    ("GET", "/samverkan/{collaboration_id}/projekt/ny"): "edit",
    ("POST", "/samverkan/{collaboration_id}/projekt"): "edit",
    ("POST", "/samverkan/{collaboration_id}/projekt/{project_id}/ta-bort"): "edit",
    ("GET", "/samverkan/{collaboration_id}/dialoger/ny"): "edit",
    ("POST", "/samverkan/{collaboration_id}/dialoger"): "edit",
    ("POST", "/samverkan/{collaboration_id}/dialoger/{dialogue_id}/ta-bort"): "edit",
    ("GET", "/samverkan/{collaboration_id}/medlemmar/ny"): "edit",
    ("POST", "/samverkan/{collaboration_id}/medlemmar"): "edit",
    ("POST", "/samverkan/{collaboration_id}/medlemmar/{account_id}/ta-bort"): "edit",
    ("GET", "/samverkan/{collaboration_id}/arkivera"): "edit",
    ("POST", "/samverkan/{collaboration_id}/arkivera"): "edit",
    ("POST", "/samverkan/{collaboration_id}/aterstall"): "edit",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """An organisation and Robin's collaboration with it, linked to the project and the
    dialogue, with one follow-up."""
    organisation, collaboration, follow_up_id = await make_collaboration_setting(
        robin, ids["project_id"], ids["dialogue_id"]
    )
    return {
        "organisation_id": organisation.id,
        "collaboration_id": collaboration.id,
        "follow_up_id": follow_up_id,
    }

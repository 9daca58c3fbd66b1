"""Who may use the steps and the project routes (read by
tests/test_route_access.py through tests/route_areas.py)."""

from __future__ import annotations

from tests.factories import make_project
from tracker.accounts.permissions import Principal
from tracker.phases.catalogue import load_phases
from tracker.settings import get_settings

ACCESS: dict[tuple[str, str], str] = {
    # Any signed-in user.
    ("GET", "/steg"): "read",
    ("GET", "/projekt"): "read",
    ("GET", "/projekt/{project_id}"): "read",
    # Editors and administrators.
    ("GET", "/projekt/ny"): "create",
    ("POST", "/projekt"): "create",
    # Administrators, and editors who are members of the project.
    ("GET", "/projekt/{project_id}/redigera"): "edit",
    ("POST", "/projekt/{project_id}/redigera"): "edit",
    ("GET", "/projekt/{project_id}/iterationer/ny"): "edit",
    ("POST", "/projekt/{project_id}/iterationer"): "edit",
    ("GET", "/projekt/{project_id}/steg"): "edit",
    ("POST", "/projekt/{project_id}/steg"): "edit",
    ("POST", "/projekt/{project_id}/checklista"): "edit",
    ("GET", "/projekt/{project_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/arkivera"): "edit",
    ("POST", "/projekt/{project_id}/aterstall"): "edit",
    ("GET", "/projekt/{project_id}/medlemmar/ny"): "edit",
    ("POST", "/projekt/{project_id}/medlemmar"): "edit",
    ("POST", "/projekt/{project_id}/medlemmar/{account_id}/ta-bort"): "edit",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """A project Robin created, so he is its member."""
    project = await make_project(load_phases(get_settings().phases_dir), actor=robin)
    return {"project_id": project.id}

"""Who may use the API's, the exports' and the imports' routes (read by
tests/test_route_access.py through tests/route_areas.py).

The JSON API and its schema answer an anonymous caller 401 in JSON (not the sign-in redirect
the HTML pages give): see API_PREFIXES.
"""

from __future__ import annotations

from tracker.accounts.permissions import Principal

# Paths whose anonymous GET is a 401 (JSON), not a redirect to the sign-in page.
API_PREFIXES = ("/api/", "/schema")

ACCESS: dict[tuple[str, str], str] = {
    # The read-only JSON API and its OpenAPI schema: every signed-in user.
    ("GET", "/api/v1/projects"): "read",
    ("GET", "/api/v1/projects/{project_id}"): "read",
    ("GET", "/api/v1/dialogues"): "read",
    ("GET", "/api/v1/dialogues/{dialogue_id}"): "read",
    ("GET", "/api/v1/organisations"): "read",
    ("GET", "/api/v1/organisations/{organisation_id}"): "read",
    ("GET", "/api/v1/collaborations"): "read",
    ("GET", "/api/v1/collaborations/{collaboration_id}"): "read",
    ("GET", "/api/v1/insights"): "read",
    ("GET", "/api/v1/insights/{insight_id}"): "read",
    ("GET", "/api/v1/service-changes"): "read",
    ("GET", "/api/v1/service-changes/{change_id}"): "read",
    ("GET", "/schema"): "read",
    ("GET", "/schema/openapi.json"): "read",
    ("GET", "/schema/{path}"): "read",  # Litestar's "no such schema page" (404)
    # The register lists' exports: every signed-in user, like the lists.
    ("GET", "/projekt/export.csv"): "read",
    ("GET", "/projekt/export.xlsx"): "read",
    ("GET", "/dialoger/export.csv"): "read",
    ("GET", "/dialoger/export.xlsx"): "read",
    ("GET", "/dialoger/aterkoppling/export.csv"): "read",
    ("GET", "/dialoger/aterkoppling/export.xlsx"): "read",
    ("GET", "/insikter/export.csv"): "read",
    ("GET", "/insikter/export.xlsx"): "read",
    ("GET", "/forandringar/export.csv"): "read",
    ("GET", "/forandringar/export.xlsx"): "read",
    # Imports create records: editors and administrators.
    ("GET", "/dialoger/import"): "create",
    ("POST", "/dialoger/import"): "create",
    ("GET", "/organisationer/import"): "create",
    ("POST", "/organisationer/import"): "create",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """The schema's catch-all path gets a page name that does not exist."""
    return {"path": "swagger"}  # type: ignore[dict-item]

"""The OpenAPI schema: JSON only (no UI that would fetch assets from a CDN), for signed-in users."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests import personas
from tracker.accounts.permissions import Principal

API_PATHS = {
    "/api/v1/projects",
    "/api/v1/projects/{project_id}",
    "/api/v1/dialogues",
    "/api/v1/dialogues/{dialogue_id}",
    "/api/v1/organisations",
    "/api/v1/organisations/{organisation_id}",
    "/api/v1/collaborations",
    "/api/v1/collaborations/{collaboration_id}",
    "/api/v1/insights",
    "/api/v1/insights/{insight_id}",
    "/api/v1/service-changes",
    "/api/v1/service-changes/{change_id}",
}


async def test_a_reader_gets_the_schema_as_json_listing_the_api(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = client_as(await personas.lo())
    for path in ("/schema", "/schema/openapi.json"):
        response = await lo.get(path)
        assert response.status_code == 200, path
        assert "json" in response.headers["content-type"]
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert set(schema["paths"]) == API_PATHS  # the HTML pages are not part of the API
        assert set(schema["paths"]["/api/v1/projects"]) == {"get"}


async def test_the_schema_documents_the_response_models(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    components = schema["components"]["schemas"]
    assert {"ProjectPage", "ProjectOut", "DialogueOut", "InsightOut", "ServiceChangeOut"} <= set(
        components
    )
    assert "current_step" in components["ProjectOut"]["properties"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/dialogues"]["get"]["parameters"]}
    assert {"limit", "offset", "state", "updated_since"} <= parameters


async def test_no_schema_ui_is_served(client: httpx.AsyncClient) -> None:
    for path in ("/schema/swagger", "/schema/redoc", "/schema/elements"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "cdn" not in response.text.lower()

"""The OpenAPI schema of the JSON API, served as JSON only at /schema and /schema/openapi.json.

The schema UIs (Swagger, ReDoc …) load their assets from a CDN, which a closed intranet cannot
reach, so only the JSON is served. Signed-in users read it (the app's session cookie).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from tracker.accounts.guard import READ
from tracker.api.responses import EXCEPTION_HANDLERS

DESCRIPTION = (
    "Läs-API för tjänstedesignspårarens register (projekt, dialoger, organisationer, "
    "samverkan, insikter och tjänsteförändringar), för kommunens BI-verktyg. Kräver "
    "inloggning (sessionscookien). Se docs/api.md."
)


API_PREFIX = "/api/"


class ApiJsonRenderPlugin(JsonRenderPlugin):
    """The schema as JSON, holding only the API's paths (not the app's HTML pages)."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        paths = openapi_schema.get("paths", {})
        only_api = {path: item for path, item in paths.items() if path.startswith(API_PREFIX)}
        return self.render_json(request, {**openapi_schema, "paths": only_api})


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Tjänstedesignspåraren – API",
        version="1.0.0",
        description=DESCRIPTION,
        path="/schema",
        render_plugins=[ApiJsonRenderPlugin(path=["/", "/openapi.json"])],
        openapi_router=Router(
            "/schema",
            route_handlers=[],
            include_in_schema=False,
            opt=READ,
            exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        ),
    )

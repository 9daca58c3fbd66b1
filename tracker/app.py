"""The application factory: wires settings, database, templates, security and the areas."""

from __future__ import annotations

import hashlib
from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotFoundException
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.plugins.htmx import HTMXPlugin, HTMXRequest
from litestar.static_files import create_static_files_router
from piccolo.engine.postgres import PostgresEngine

from tracker.db import get_engine
from tracker.phases.catalogue import PhaseCatalogue, load_phases
from tracker.phases.controller import phases_page
from tracker.projects.controller import ProjectController
from tracker.settings import Settings, get_settings
from tracker.web.errors import http_error, not_found, server_error
from tracker.web.home import home
from tracker.web.templating import template_config

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, *, pool: bool = True) -> Litestar:
    settings = settings or get_settings()
    catalogue = load_phases(settings.phases_dir)
    templates = template_config(str(settings.templates_dir), catalogue)
    engine = get_engine()

    async def open_pool() -> None:
        if pool and isinstance(engine, PostgresEngine):
            await engine.start_connection_pool()

    async def close_pool() -> None:
        if pool and isinstance(engine, PostgresEngine):
            await engine.close_connection_pool()

    def provide_catalogue() -> PhaseCatalogue:
        return catalogue

    def provide_actor() -> str:
        # Until sign-in exists, every change is made by the configured actor.
        return settings.actor_name

    session_secret = hashlib.sha256(b"session:" + settings.secret_key.encode()).digest()
    return Litestar(
        route_handlers=[
            home,
            phases_page,
            ProjectController,
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
        ],
        dependencies={
            "catalogue": Provide(provide_catalogue, sync_to_thread=False),
            "actor": Provide(provide_actor, sync_to_thread=False),
        },
        template_config=templates,
        request_class=HTMXRequest,
        plugins=[HTMXPlugin()],
        middleware=[
            CookieBackendConfig(
                secret=session_secret, key="tracker-session", httponly=True, samesite="lax"
            ).middleware
        ],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="tracker-csrf",
            cookie_httponly=True,
            cookie_samesite="lax",
            header_name="x-csrftoken",
        ),
        exception_handlers={
            NotFoundException: not_found,
            HTTPException: http_error,
            Exception: server_error,
        },
        on_startup=[open_pool],
        on_shutdown=[close_pool],
        openapi_config=None,
    )

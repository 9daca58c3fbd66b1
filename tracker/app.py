"""The application factory: wires settings, database, templates, security and the areas."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from litestar import Litestar, Request
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException
from litestar.middleware.session.client_side import ClientSideSessionBackend
from litestar.plugins.htmx import HTMXPlugin, HTMXRequest
from litestar.security.session_auth import SessionAuth
from litestar.static_files import create_static_files_router
from piccolo.engine.postgres import PostgresEngine

from tracker.accounts import labels as account_labels
from tracker.accounts.controller import AccountAdminController, SignInController
from tracker.accounts.csrf import SETTINGS_KEY, csrf_cookie_name, session_csrf_check
from tracker.accounts.guard import (
    AUTH_EXCLUDE_KEY,
    PUBLIC,
    TEMPLATE_CALLABLES,
    access_guard,
    current_user,
)
from tracker.accounts.permissions import Principal
from tracker.accounts.services import principal_for_session
from tracker.accounts.sessions import session_config
from tracker.api.controller import ROUTES as API_ROUTES
from tracker.api.openapi import openapi_config
from tracker.archive import labels as archive_labels
from tracker.archive import panels as archive_panels
from tracker.archive.controller import ROUTES as ARCHIVE_ROUTES
from tracker.audit.controller import AuditLogController
from tracker.audit.display import COMMON, LogWords
from tracker.collaborations import labels as collaboration_labels
from tracker.collaborations import panels as collaboration_panels
from tracker.collaborations.catalogue import CollaborationLists, load_collaboration_lists
from tracker.collaborations.controller import RECORD_ROUTES as COLLABORATION_RECORDS
from tracker.collaborations.controller import CollaborationController
from tracker.collaborations.organisation_controller import OrganisationController
from tracker.db import CountingSQLiteEngine, get_engine
from tracker.dialogues import labels as dialogue_labels
from tracker.dialogues import panels as dialogue_panels
from tracker.dialogues.catalogue import DialogueLists, load_dialogue_lists
from tracker.dialogues.controller import RECORD_ROUTES as DIALOGUE_RECORDS
from tracker.dialogues.controller import DialogueController
from tracker.insights import labels as insight_labels
from tracker.insights import panels as insight_panels
from tracker.insights.capture import ROUTES as CAPTURE_ROUTES
from tracker.insights.change_controller import ROUTES as CHANGE_ROUTES
from tracker.insights.controller import ROUTES as INSIGHT_ROUTES
from tracker.insights.feedback_controller import ROUTES as FEEDBACK_ROUTES
from tracker.insights.publication_controller import ROUTES as PUBLICATION_ROUTES
from tracker.insights.search_controller import ROUTES as SEARCH_ROUTES
from tracker.mail import labels as mail_labels
from tracker.mail.controller import MailController
from tracker.mail.settings import load_mail_settings
from tracker.mail.worker import InProcessWorker
from tracker.municipality import Municipality, load_municipality
from tracker.phases.catalogue import PhaseCatalogue, load_phases
from tracker.phases.controller import phases_page
from tracker.projects import labels as project_labels
from tracker.projects.controller import RECORD_ROUTES as PROJECT_RECORDS
from tracker.projects.controller import ProjectController
from tracker.reports import labels as report_labels
from tracker.reports.controller import ROUTES as REPORT_ROUTES
from tracker.reports.download_controller import ROUTES as REPORT_DOWNLOADS
from tracker.residents import labels as resident_labels
from tracker.residents.controller import ROUTES as RESIDENT_ROUTES
from tracker.settings import Settings, get_settings
from tracker.web.boundary import boundary_guard
from tracker.web.errors import (
    UNIQUE_ERRORS,
    http_error,
    not_found,
    not_signed_in,
    server_error,
    unique_conflict,
)
from tracker.web.http import FORM_BODY_LIMIT
from tracker.web.panels import STATE_KEY as PANELS_KEY
from tracker.web.panels import Panel
from tracker.web.security import security_headers
from tracker.web.templating import template_config
from tracker.work import labels as work_labels
from tracker.work.controller import ROUTES as WORK_ROUTES

STATIC_DIR = Path(__file__).parent / "static"

# Each area's labels and lists for the templates.
TEMPLATE_GLOBALS = {
    **account_labels.TEMPLATE_GLOBALS,
    **mail_labels.TEMPLATE_GLOBALS,
    **project_labels.TEMPLATE_GLOBALS,
    **dialogue_labels.TEMPLATE_GLOBALS,
    **collaboration_labels.TEMPLATE_GLOBALS,
    **insight_labels.TEMPLATE_GLOBALS,
}


# The sections the areas above a record's own fill in on its page (tracker.web.panels).
def _panels(*areas: dict[str, list[Panel]]) -> dict[str, list[Panel]]:
    combined: dict[str, list[Panel]] = {}
    for area in areas:
        for kind, panels in area.items():
            combined.setdefault(kind, []).extend(panels)
    return combined


PANELS = _panels(
    dialogue_panels.PANELS,
    collaboration_panels.PANELS,
    insight_panels.PANELS,
    archive_panels.PANELS,
)

# What each area's change-log entries read as, handed to the change log (which knows no area).
LOG_WORDS = LogWords.combine(
    [
        COMMON,
        account_labels.LOG_WORDS,
        mail_labels.LOG_WORDS,
        project_labels.LOG_WORDS,
        dialogue_labels.LOG_WORDS,
        collaboration_labels.LOG_WORDS,
        insight_labels.LOG_WORDS,
        report_labels.LOG_WORDS,
        work_labels.LOG_WORDS,
        resident_labels.LOG_WORDS,
        archive_labels.LOG_WORDS,
    ]
)


def create_app(settings: Settings | None = None, *, pool: bool = True) -> Litestar:
    settings = settings or get_settings()
    catalogue = load_phases(settings.phases_dir)
    dialogue_lists = load_dialogue_lists(settings.lists_dir)
    collaboration_lists = load_collaboration_lists(settings.lists_dir)
    municipality = load_municipality(settings.municipality_file)
    templates = template_config(
        str(settings.templates_dir),
        {
            "catalogue": catalogue,
            "dialogue_lists": dialogue_lists,
            "collaboration_lists": collaboration_lists,
            "site_owner": municipality,  # not "municipality": that name is a value in some pages
            **TEMPLATE_GLOBALS,
        },
        TEMPLATE_CALLABLES,
    )
    engine = get_engine()
    # `tracker serve` sends mail from its own process (TRACKER_MAIL_WORKER=nej turns it off);
    # the test app (pool=False) runs no worker: tests run the worker's rounds themselves.
    mail_settings = load_mail_settings()
    mail_worker = InProcessWorker(
        replace(mail_settings, in_process=pool and mail_settings.in_process)
    )

    async def open_pool() -> None:
        if pool and isinstance(engine, PostgresEngine):
            await engine.start_connection_pool()
        elif pool and isinstance(engine, CountingSQLiteEngine):
            await engine.open_reader()

    async def close_pool() -> None:
        if pool and isinstance(engine, PostgresEngine):
            await engine.close_connection_pool()
        elif pool and isinstance(engine, CountingSQLiteEngine):
            await engine.close_reader()

    def provide_catalogue() -> PhaseCatalogue:
        return catalogue

    def provide_dialogue_lists() -> DialogueLists:
        return dialogue_lists

    def provide_collaboration_lists() -> CollaborationLists:
        return collaboration_lists

    def provide_municipality() -> Municipality:
        return municipality

    def provide_log_words() -> LogWords:
        return LOG_WORDS

    def provide_actor(request: Request) -> Principal:
        user = current_user(request)
        if user is None:  # only public routes run without a user, and they change nothing
            raise NotAuthorizedException()
        return user

    async def retrieve_user(session: dict[str, Any], _: ASGIConnection) -> Principal | None:
        return await principal_for_session(session)

    auth = SessionAuth[Principal, ClientSideSessionBackend](
        retrieve_user_handler=retrieve_user,
        session_backend_config=session_config(settings),
        exclude=["^/static/"],
        exclude_opt_key=AUTH_EXCLUDE_KEY,
    )
    return Litestar(
        route_handlers=[
            *WORK_ROUTES,
            phases_page,
            SignInController,
            AccountAdminController,
            MailController,
            AuditLogController,
            ProjectController,
            DialogueController,
            CollaborationController,
            OrganisationController,
            *CAPTURE_ROUTES,
            *FEEDBACK_ROUTES,
            *PROJECT_RECORDS,
            *DIALOGUE_RECORDS,
            *COLLABORATION_RECORDS,
            *INSIGHT_ROUTES,
            *CHANGE_ROUTES,
            *SEARCH_ROUTES,
            *PUBLICATION_ROUTES,
            *REPORT_ROUTES,
            *REPORT_DOWNLOADS,
            *ARCHIVE_ROUTES,
            *RESIDENT_ROUTES,
            *API_ROUTES,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], name="static", opt=PUBLIC
            ),
        ],
        dependencies={
            "catalogue": Provide(provide_catalogue, sync_to_thread=False),
            "dialogue_lists": Provide(provide_dialogue_lists, sync_to_thread=False),
            "collaboration_lists": Provide(provide_collaboration_lists, sync_to_thread=False),
            "municipality": Provide(provide_municipality, sync_to_thread=False),
            "log_words": Provide(provide_log_words, sync_to_thread=False),
            "actor": Provide(provide_actor, sync_to_thread=False),
        },
        template_config=templates,
        state=State({PANELS_KEY: PANELS, SETTINGS_KEY: settings}),
        request_class=HTMXRequest,
        plugins=[HTMXPlugin()],
        before_send=[security_headers(settings.secure_cookies)],
        on_app_init=[auth.on_app_init],
        before_request=session_csrf_check(settings),
        guards=[boundary_guard, access_guard],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name=csrf_cookie_name(settings),
            cookie_httponly=True,
            cookie_samesite="lax",
            cookie_secure=settings.secure_cookies,
            header_name="x-csrftoken",
        ),
        exception_handlers={
            NotAuthorizedException: not_signed_in,
            NotFoundException: not_found,
            HTTPException: http_error,
            **dict.fromkeys(UNIQUE_ERRORS, unique_conflict),
            Exception: server_error,
        },
        on_startup=[open_pool, mail_worker.start],
        on_shutdown=[mail_worker.close, close_pool],
        openapi_config=openapi_config(),
        request_max_body_size=FORM_BODY_LIMIT,  # imports allow more on their own routes
    )

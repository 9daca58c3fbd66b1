"""The application factory: wires settings, database, templates, security and the areas."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
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
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.security.session_auth import SessionAuth
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from piccolo.engine.postgres import PostgresEngine

from tracker.accounts import labels as account_labels
from tracker.accounts.controller import AccountAdminController, SignInController
from tracker.accounts.csrf import SETTINGS_KEY, csrf_cookie_name, session_csrf_check
from tracker.accounts.error_pages import for_whoever
from tracker.accounts.guard import (
    AUTH_EXCLUDE_KEY,
    PUBLIC,
    TEMPLATE_CALLABLES,
    access_guard,
    current_user,
)
from tracker.accounts.oidc_controller import OidcController
from tracker.accounts.permissions import Principal
from tracker.accounts.saml.controller import STATE_KEY as SAML_KEY
from tracker.accounts.saml.controller import SamlController, saml_buttons, service_provider
from tracker.accounts.services import principal_for_session
from tracker.accounts.session_start import PROVIDERS_KEY, ProviderButton
from tracker.accounts.sessions import session_config
from tracker.accounts.sign_in_roles import SignInRoles, sign_in_roles
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
from tracker.design import labels as design_labels
from tracker.design import panels as design_panels
from tracker.design.routes import ROUTER as DESIGN_ROUTER
from tracker.dialogues import labels as dialogue_labels
from tracker.dialogues import panels as dialogue_panels
from tracker.dialogues.catalogue import DialogueLists, load_dialogue_lists
from tracker.dialogues.controller import RECORD_ROUTES as DIALOGUE_RECORDS
from tracker.dialogues.controller import DialogueController
from tracker.gallring import labels as gallring_labels
from tracker.gallring.controller import ROUTES as GALLRING_ROUTES
from tracker.gallring.plan import Plan, plan
from tracker.insights import labels as insight_labels
from tracker.insights import panels as insight_panels
from tracker.insights.capture import ROUTES as CAPTURE_ROUTES
from tracker.insights.changes.controller import ROUTES as CHANGE_ROUTES
from tracker.insights.controller import ROUTES as INSIGHT_ROUTES
from tracker.insights.feedback_controller import ROUTES as FEEDBACK_ROUTES
from tracker.insights.publication.controller import ROUTES as PUBLICATION_ROUTES
from tracker.insights.search.controller import ROUTES as SEARCH_ROUTES
from tracker.mail import labels as mail_labels
from tracker.mail.controller import MailController
from tracker.mail.settings import load_mail_settings
from tracker.mail.worker import InProcessWorker
from tracker.municipality import Municipality, load_municipality
from tracker.overview.controller import ROUTES as OVERVIEW_ROUTES
from tracker.phases.catalogue import PhaseCatalogue, load_phases
from tracker.phases.controller import phases_page
from tracker.projects import labels as project_labels
from tracker.projects.controller import RECORD_ROUTES as PROJECT_RECORDS
from tracker.projects.controller import ProjectController
from tracker.reports import labels as report_labels
from tracker.reports.routes import ROUTER as REPORT_ROUTER
from tracker.residents import labels as resident_labels
from tracker.residents.controller import ROUTES as RESIDENT_ROUTES
from tracker.settings import Settings, get_settings, load_saml_settings
from tracker.shared.archived import archived_guard
from tracker.shared.registration import Diarium, diarium
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
from tracker.web.managed_lists import OrganisationLists, organisation_lists
from tracker.web.panels import STATE_KEY as PANELS_KEY
from tracker.web.panels import Panel
from tracker.web.security import origin_of, security_headers
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
    **design_labels.TEMPLATE_GLOBALS,
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
    design_panels.PANELS,
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
        design_labels.LOG_WORDS,
        report_labels.LOG_WORDS,
        work_labels.LOG_WORDS,
        resident_labels.LOG_WORDS,
        archive_labels.LOG_WORDS,
        gallring_labels.LOG_WORDS,
    ]
)


# Every route of the app, in the order Litestar matches them.
ROUTE_HANDLERS: list[Any] = [
    *WORK_ROUTES,
    *OVERVIEW_ROUTES,
    phases_page,
    SignInController,
    OidcController,
    AccountAdminController,
    SamlController,
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
    DESIGN_ROUTER,
    REPORT_ROUTER,
    *ARCHIVE_ROUTES,
    *GALLRING_ROUTES,
    *RESIDENT_ROUTES,
    *API_ROUTES,
    create_static_files_router(path="/static", directories=[STATIC_DIR], name="static", opt=PUBLIC),
]

EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotAuthorizedException: not_signed_in,
    NotFoundException: for_whoever(not_found),
    HTTPException: for_whoever(http_error),
    **dict.fromkeys(UNIQUE_ERRORS, unique_conflict),
    Exception: server_error,
}


@dataclass(frozen=True, slots=True)
class DataFiles:
    """The data files the app reads once at start-up: steps, lists and the municipality."""

    catalogue: PhaseCatalogue
    dialogue_lists: DialogueLists
    collaboration_lists: CollaborationLists
    municipality: Municipality
    organisation_lists: OrganisationLists  # förvaltningar and nämnder
    sign_in_roles: SignInRoles  # roles from the identity provider's groups
    diarium: Diarium  # the diarienummer's format (lists/diarium.toml)
    plan: Plan  # the informationshanteringsplan (lists/informationshanteringsplan.toml)

    @classmethod
    def load(cls, settings: Settings) -> DataFiles:
        return cls(
            load_phases(settings.phases_dir),
            load_dialogue_lists(settings.lists_dir),
            load_collaboration_lists(settings.lists_dir),
            load_municipality(settings.municipality_file),
            organisation_lists(settings.lists_dir),  # checked at start-up like the rest
            sign_in_roles(settings.lists_dir),
            diarium(settings.lists_dir),
            plan(settings.lists_dir),
        )


def _templates(settings: Settings, files: DataFiles) -> TemplateConfig[JinjaTemplateEngine]:
    return template_config(
        str(settings.templates_dir),
        {
            "catalogue": files.catalogue,
            "dialogue_lists": files.dialogue_lists,
            "collaboration_lists": files.collaboration_lists,
            "organisation_lists": files.organisation_lists,
            "site_owner": files.municipality,  # not "municipality": a value in some pages
            "diarium": files.diarium,
            **TEMPLATE_GLOBALS,
        },
        TEMPLATE_CALLABLES,
    )


def _provide(value: Any) -> Provide:
    """A dependency that is always the same value, read once at start-up."""

    def provide() -> Any:
        return value

    return Provide(provide, sync_to_thread=False)


def provide_actor(request: Request) -> Principal:
    user = current_user(request)
    if user is None:  # only public routes run without a user, and they change nothing
        raise NotAuthorizedException()
    return user


def _dependencies(files: DataFiles) -> dict[str, Provide]:
    return {
        "catalogue": _provide(files.catalogue),
        "dialogue_lists": _provide(files.dialogue_lists),
        "collaboration_lists": _provide(files.collaboration_lists),
        "municipality": _provide(files.municipality),
        "log_words": _provide(LOG_WORDS),
        "actor": Provide(provide_actor, sync_to_thread=False),
    }


def _pool_hooks(pool: bool) -> tuple[Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]:
    """Opening and closing the database's connections (none for the test app, pool=False)."""
    engine = get_engine()

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

    return open_pool, close_pool


def _auth(settings: Settings) -> SessionAuth[Principal, ClientSideSessionBackend]:
    async def retrieve_user(session: dict[str, Any], _: ASGIConnection) -> Principal | None:
        return await principal_for_session(session)

    return SessionAuth[Principal, ClientSideSessionBackend](
        retrieve_user_handler=retrieve_user,
        session_backend_config=session_config(settings),
        exclude=["^/static/"],
        exclude_opt_key=AUTH_EXCLUDE_KEY,
    )


def _csrf(settings: Settings) -> CSRFConfig:
    return CSRFConfig(
        secret=settings.secret_key,
        cookie_name=csrf_cookie_name(settings),
        cookie_httponly=True,
        cookie_samesite="lax",
        cookie_secure=settings.secure_cookies,
        header_name="x-csrftoken",
    )


def _provider_buttons(settings: Settings) -> list[ProviderButton]:
    """The sign-in page's buttons of the identity providers that are set up."""
    buttons = []
    if settings.oidc is not None:
        buttons.append(ProviderButton(settings.oidc.label, "/logga-in/oidc"))
    return buttons


def _form_targets(settings: Settings) -> tuple[str, ...]:
    """Origins a form's redirect may lead to besides the app's own (Content-Security-Policy
    form-action): the provider's, where signing out ends its session too."""
    return (origin_of(settings.oidc.issuer),) if settings.oidc is not None else ()


def create_app(settings: Settings | None = None, *, pool: bool = True) -> Litestar:
    settings = settings or get_settings()
    files = DataFiles.load(settings)
    # `tracker serve` sends mail from its own process (TRACKER_MAIL_WORKER=nej turns it off);
    # the test app (pool=False) runs no worker: tests run the worker's rounds themselves.
    mail_settings = load_mail_settings()
    mail_worker = InProcessWorker(
        replace(mail_settings, in_process=pool and mail_settings.in_process)
    )
    open_pool, close_pool = _pool_hooks(pool)
    saml = load_saml_settings()  # SAML sign-in: off unless TRACKER_SAML_IDP_METADATA is set
    return Litestar(
        route_handlers=ROUTE_HANDLERS,
        dependencies=_dependencies(files),
        template_config=_templates(settings, files),
        state=State(
            {
                PANELS_KEY: PANELS,
                SETTINGS_KEY: settings,
                PROVIDERS_KEY: _provider_buttons(settings) + saml_buttons(saml),
                SAML_KEY: service_provider(saml, files.municipality.name, files.municipality.web),
            }
        ),
        request_class=HTMXRequest,
        plugins=[HTMXPlugin()],
        before_send=[security_headers(settings.secure_cookies, _form_targets(settings))],
        on_app_init=[_auth(settings).on_app_init],
        before_request=session_csrf_check(settings),
        guards=[boundary_guard, access_guard, archived_guard],
        csrf_config=_csrf(settings),
        exception_handlers=EXCEPTION_HANDLERS,
        on_startup=[open_pool, mail_worker.start],
        on_shutdown=[mail_worker.close, close_pool],
        openapi_config=openapi_config(),
        request_max_body_size=FORM_BODY_LIMIT,  # imports allow more on their own routes
    )

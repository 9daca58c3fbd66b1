"""Error pages for whoever is signed in, also where no route ran.

An address that does not exist (404), a method a route does not take (405) and the public
routes are answered without the sign-in middleware, so the page would not know its visitor and
would show the signed-out menu to someone signed in. Such a page reads the session cookie
itself, as the middleware would, just before it is drawn: the menu, the account and the
sign-out button (with its CSRF token) are those of the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from litestar import Request, Response
from litestar.response import Template
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from tracker.accounts.csrf import SETTINGS_KEY, csrf_cookie_name
from tracker.accounts.permissions import Principal
from tracker.accounts.services import principal_for_session
from tracker.accounts.sessions import SturdySessionBackend, session_config

log = logging.getLogger("tracker")

ExceptionHandler = Callable[[Request[Any, Any, Any], Any], Response[Any]]


async def _identify(request: Request[Any, Any, Any]) -> None:
    """Put the signed-in user (or None) and the session's CSRF token in the request's scope."""
    settings = request.app.state[SETTINGS_KEY]
    backend = SturdySessionBackend(config=session_config(settings))
    user: Principal | None = None
    try:
        user = await principal_for_session(await backend.load_from_connection(request))
    except Exception:  # an error page is always drawn: signed out, if the user cannot be read
        log.exception("Kunde inte läsa inloggningen till en felsida")
    request.scope["user"] = user
    token = request.cookies.get(csrf_cookie_name(settings))
    if user is not None and token:
        ScopeState.from_scope(request.scope).csrf_token = token


class _PageForWhoever(Template):
    """A page drawn once the user behind the request is known."""

    def to_asgi_response(
        self, app: Any, request: Request[Any, Any, Any], **kwargs: Any
    ) -> ASGIResponse:
        draw = super().to_asgi_response

        async def respond(scope: Scope, receive: Receive, send: Send) -> None:
            await _identify(request)
            await draw(app, request, **kwargs)(scope, receive, send)

        return cast(ASGIResponse, respond)


def for_whoever(handler: ExceptionHandler) -> ExceptionHandler:
    """The exception handler, its page knowing the user where no sign-in middleware ran."""

    def handle(request: Request[Any, Any, Any], exc: Any) -> Response[Any]:
        response = handler(request, exc)
        if "user" in request.scope or not isinstance(response, Template):
            return response
        return _PageForWhoever(
            template_name=response.template_name,
            context=response.context,
            status_code=response.status_code,
            headers=response.headers,
            cookies=response.cookies,
        )

    return handle

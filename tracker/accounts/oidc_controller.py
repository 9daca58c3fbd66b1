"""Signing in through an OpenID Connect provider: the button's route, which sends the browser
to the provider, and the redirect URI the provider sends it back to (tracker.accounts.oidc)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Redirect

from tracker.accounts import oidc
from tracker.accounts.federation import (
    REFUSED_IDENTITY,
    REFUSED_PROTOCOL,
    log_refusal,
    sign_in_from_provider,
)
from tracker.accounts.forms import safe_next
from tracker.accounts.guard import PUBLIC
from tracker.accounts.session_start import app_settings, refuse_sign_in, start_session
from tracker.accounts.sign_in_roles import sign_in_roles
from tracker.settings import OidcSettings

UNREACHABLE = (
    "Inloggningen via kommunens inloggningstjänst fungerar inte just nu. Försök igen om en "
    "stund. Om det inte går, kontakta kommunens IT-avdelning."
)


def _settings(request: Request[Any, Any, Any]) -> OidcSettings:
    settings = app_settings(request).oidc
    if settings is None:  # no provider is set up: the routes do not exist
        raise NotFoundException()
    return settings


class OidcController(Controller):
    path = "/logga-in/oidc"
    opt = PUBLIC

    @get("/", name="accounts:oidc_start")
    async def start(self, request: Request[Any, Any, Any]) -> Response[Any]:
        settings = _settings(request)
        destination = safe_next(request.query_params.get("nasta"))
        try:
            url, pending = await oidc.begin(settings, destination)
        except oidc.OidcRefused as refused:
            log_refusal("oidc", settings.issuer, refused.reason)
            return refuse_sign_in(request, UNREACHABLE, status_code=502)
        # A new session that holds only this sign-in in progress.
        request.clear_session()
        request.set_session({oidc.PENDING_KEY: pending})
        return Redirect(url, status_code=303)

    @get("/klar", name="accounts:oidc_callback")
    async def callback(self, request: Request[Any, Any, Any]) -> Response[Any]:
        settings = _settings(request)
        pending = (request.session or {}).get(oidc.PENDING_KEY)
        params = {key: str(value) for key, value in request.query_params.items()}
        try:
            identity, destination = await oidc.finish(settings, pending, params)
        except oidc.OidcRefused as refused:
            log_refusal("oidc", settings.issuer, refused.reason)
            return refuse_sign_in(request, REFUSED_PROTOCOL)
        roles = sign_in_roles(app_settings(request).lists_dir)
        outcome = await sign_in_from_provider(identity, roles=roles)
        if outcome.signed_in is None:
            return refuse_sign_in(request, outcome.refusal or REFUSED_IDENTITY)
        return start_session(request, outcome.signed_in, safe_next(destination), via="oidc")

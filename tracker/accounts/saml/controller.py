"""SAML 2.0 sign-in: the tracker's metadata, the start of a sign-in at the IdP, and the
assertion consumer service the IdP posts its answer to. Every route answers 404 while
SAML is not configured (TRACKER_SAML_IDP_METADATA)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from litestar.utils.sync import sync_to_thread

from tracker.accounts.federation import ProviderIdentity, log_refusal, sign_in_from_provider
from tracker.accounts.forms import safe_next
from tracker.accounts.guard import PUBLIC
from tracker.accounts.saml import pending, replay
from tracker.accounts.saml.provider import ServiceProvider
from tracker.accounts.saml.refusals import REFUSALS, Refused, SamlConfigError
from tracker.accounts.session_start import (
    ProviderButton,
    app_settings,
    refuse_sign_in,
    start_session,
)
from tracker.accounts.sign_in_roles import sign_in_roles
from tracker.settings import SamlSettings
from tracker.web.http import form_data

log = logging.getLogger("tracker.saml")

STATE_KEY = "saml_service_provider"  # the app state's ServiceProvider, or None
# A signed and encrypted response with a long group list is tens of kilobytes.
ACS_BODY_LIMIT = 512 * 1024
UNAVAILABLE = (
    "Inloggning med kommunens konto fungerar inte just nu, eftersom tjänsten inte kan läsa "
    "inloggningstjänstens uppgifter. Försök igen om en stund eller kontakta IT-avdelningen."
)
# The IdP posts from its own site: no CSRF token can come with it. The signed response,
# bound to the request this browser started (its own cookie), is what is checked instead.
ACS_OPT: dict[str, Any] = {**PUBLIC, "exclude_from_csrf": True}


def service_provider(
    settings: SamlSettings, municipality_name: str, municipality_web: str
) -> ServiceProvider | None:
    """What the app keeps in its state under STATE_KEY: None while SAML is not set up. The
    metadata names the municipality as the organisation (its web address, or the tracker's)."""
    if not settings.enabled:
        return None
    organisation = (municipality_name, municipality_web or settings.base_url)
    return ServiceProvider(settings, organisation)


def saml_buttons(settings: SamlSettings) -> list[ProviderButton]:
    """The sign-in page's button, when SAML is set up."""
    return [ProviderButton(settings.button_label, "/saml/logga-in")] if settings.enabled else []


def _service_provider(request: Request[Any, Any, Any]) -> ServiceProvider:
    sp = request.app.state.get(STATE_KEY)
    if not isinstance(sp, ServiceProvider):
        raise NotFoundException()
    return sp


def _unavailable(request: Request[Any, Any, Any], error: Exception) -> Template:
    log.error("SAML-inloggningen kan inte användas: %s", error)
    response = refuse_sign_in(request, UNAVAILABLE)
    response.status_code = HTTP_503_SERVICE_UNAVAILABLE
    return response


class SamlController(Controller):
    path = "/saml"
    opt = PUBLIC

    @get("/metadata", name="saml:metadata")
    async def metadata(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The tracker's SP metadata, for the IdP's administrator or the federation."""
        sp = _service_provider(request)
        try:
            text = await sync_to_thread(sp.metadata)
        except SamlConfigError as error:
            return _unavailable(request, error)
        return Response(text, media_type="application/samlmetadata+xml")

    @get("/logga-in", name="saml:start")
    async def start(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Send the browser to the IdP with a signed authentication request."""
        sp = _service_provider(request)
        try:
            started = await sync_to_thread(sp.start)
        except SamlConfigError as error:
            return _unavailable(request, error)
        response: Response[Any] = Redirect(started.redirect_url, status_code=303)
        waiting = pending.Pending(started.request_id, safe_next(request.query_params.get("nasta")))
        pending.set_cookie(response, app_settings(request), waiting)
        return response

    @post("/acs", name="saml:acs", opt=ACS_OPT, request_max_body_size=ACS_BODY_LIMIT)
    async def consume(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The IdP's answer: checked, used once, then the account is signed in (or not)."""
        sp = _service_provider(request)
        settings = app_settings(request)
        waiting = pending.read(settings, request.cookies.get(pending.cookie_name(settings)))
        saml_response = (await form_data(request)).get("SAMLResponse", "")
        try:
            request_id = waiting.request_id if waiting else None
            asserted = await sync_to_thread(sp.verify, saml_response, request_id)
            await replay.spend(asserted.issuer, asserted.once_ids, asserted.valid_until)
        except Refused as refused:
            # The reason and pysaml2's words for it, never the response or the assertion.
            log_refusal("saml", sp.idp_name, str(refused))
            response: Response[Any] = refuse_sign_in(request, refused.message)
        except SamlConfigError as error:
            response = _unavailable(request, error)
        else:
            identity = ProviderIdentity(
                protocol="saml",
                issuer=asserted.issuer,
                subject=asserted.subject,
                name=asserted.name,
                email=asserted.email,
                groups=asserted.groups,
            )
            roles = sign_in_roles(app_settings(request).lists_dir)
            outcome = await sign_in_from_provider(identity, roles=roles)
            if outcome.signed_in is None:
                response = refuse_sign_in(request, outcome.refusal or REFUSALS["status"])
            else:
                destination = waiting.next_url if waiting else "/"
                response = start_session(request, outcome.signed_in, destination, via="saml")
        pending.clear_cookie(response, settings)
        return response

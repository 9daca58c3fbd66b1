"""Starting a signed-in session, the same way for every way of signing in (a password,
OpenID Connect, SAML), and the page that says a sign-in was refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from tracker.accounts import services
from tracker.accounts.csrf import SETTINGS_KEY, set_bound_cookie
from tracker.accounts.services import SignedIn
from tracker.settings import Settings, get_settings
from tracker.web.http import see_other

VIA_KEY = "via"  # how the session was signed in: "password", "oidc" or "saml"
PROVIDERS_KEY = "sign_in_providers"  # the app state's list of ProviderButton


@dataclass(frozen=True, slots=True)
class ProviderButton:
    """A button on the sign-in page that starts a sign-in through an identity provider."""

    label: str  # e.g. "Logga in med kommunens konto"
    url: str  # a GET route that sends the browser to the provider (keeps ?nasta=)


def app_settings(request: Request[Any, Any, Any]) -> Settings:
    settings = request.app.state.get(SETTINGS_KEY)
    return settings if isinstance(settings, Settings) else get_settings()


def start_session(
    request: Request[Any, Any, Any],
    signed_in: SignedIn,
    destination: str,
    *,
    via: str = "password",
    extra: dict[str, Any] | None = None,
    welcome: str | None = None,
) -> Redirect:
    """Sign the account in: a new session (anything from before it is dropped, so a session
    planted before cannot be carried over), a new CSRF cookie bound to it, a welcome, and a
    303 to `destination` (a local path: check it with tracker.accounts.forms.safe_next).
    `extra`: small values the sign-in method keeps in the session (e.g. for signing out at
    the provider). `welcome`: another welcome than "Välkommen, <name>!"."""
    session = services.session_for(signed_in) | {VIA_KEY: via} | (extra or {})
    request.clear_session()
    request.set_session(session)
    flash(request, welcome or f"Välkommen, {signed_in.principal.name}!", category="success")
    response = see_other(destination)
    lifetime = int(services.SESSION_LIFETIME.total_seconds())
    set_bound_cookie(response, app_settings(request), session, lifetime)
    return response


def refuse_sign_in(
    request: Request[Any, Any, Any], message: str, *, status_code: int = 403
) -> Template:
    """The page that says why a sign-in through the provider was refused (403, or 502 when the
    provider could not be reached): no session, and what was started for the sign-in (state,
    nonce) is dropped."""
    request.clear_session()
    return Template(
        "accounts/sign_in_refused.html", context={"message": message}, status_code=status_code
    )


def provider_buttons(request: Request[Any, Any, Any]) -> list[ProviderButton]:
    buttons = request.app.state.get(PROVIDERS_KEY)
    return list(buttons) if isinstance(buttons, list | tuple) else []

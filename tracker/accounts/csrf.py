"""The CSRF token of a signed-in user is bound to the session.

Litestar's CSRF check compares the token in the form (or header) with the CSRF cookie, and
any valid pair made by this app passes: a pair fetched by an attacker and planted in a
victim's browser would too. So each session carries a random nonce of its own (in the
encrypted session cookie), the CSRF cookie of a signed-in user is made from it (the nonce
signed with the app's key, in Litestar's format), set at sign-in for as long as the session
lasts, and a change by a signed-in user is refused unless its CSRF cookie is the session's.

Served over HTTPS, both cookies get the `__Host-` prefix: only this host, over HTTPS, may set
them, so a neighbouring subdomain cannot plant one.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from litestar import Request, Response
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import generate_csrf_hash

from tracker.settings import Settings

SETTINGS_KEY = "settings"  # the app's settings in its state, for the sign-in handler
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NONCE_KEY = "csrf"


def csrf_cookie_name(settings: Settings) -> str:
    return "__Host-tracker-csrf" if settings.secure_cookies else "tracker-csrf"


def new_nonce() -> str:
    return secrets.token_hex(32)  # Litestar's CSRF secret length: 64 hex characters


def bound_token(session: dict[str, Any] | None, secret: str) -> str | None:
    """The CSRF token of this session, or None for a session without a nonce."""
    nonce = (session or {}).get(NONCE_KEY)
    if not isinstance(nonce, str) or len(nonce) != 64:
        return None
    return nonce + generate_csrf_hash(token=nonce, secret=secret)


def set_bound_cookie(
    response: Response[Any], settings: Settings, session: dict[str, Any], max_age: int
) -> None:
    token = bound_token(session, settings.secret_key)
    assert token is not None
    response.set_cookie(
        key=csrf_cookie_name(settings),
        value=token,
        max_age=max_age,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def session_csrf_check(settings: Settings) -> Any:
    """A before_request hook: a change by a signed-in user needs the session's CSRF cookie
    (Litestar has already checked that the form's token is the cookie's)."""
    name = csrf_cookie_name(settings)

    async def check(request: Request[Any, Any, Any]) -> None:
        if request.method in SAFE_METHODS or "account" not in (request.session or {}):
            return
        wanted = bound_token(request.session, settings.secret_key)
        given = request.cookies.get(name, "")
        if wanted is None or not hmac.compare_digest(given, wanted):
            raise PermissionDeniedException("CSRF token not bound to the session")

    return check

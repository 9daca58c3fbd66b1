"""The sign-in this browser started: the request's id and where to go after, in a cookie of
its own, signed with the app's key, for ten minutes.

The IdP posts its answer from its own site, and a browser sends no SameSite=Lax cookie with a
cross-site POST, so the session cookie cannot carry the request's id there. This cookie is
SameSite=None (which browsers allow only with Secure, so over HTTPS); on plain HTTP (a
developer's machine) it is Lax, which works when the IdP is on the same site.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from litestar import Response

from tracker.accounts.forms import safe_next
from tracker.settings import Settings

LIFETIME_SECONDS = 600


@dataclass(frozen=True, slots=True)
class Pending:
    request_id: str
    next_url: str


def cookie_name(settings: Settings) -> str:
    return "__Host-tracker-saml" if settings.secure_cookies else "tracker-saml"


def _signature(secret: str, payload: str) -> str:
    key = hashlib.sha256(b"saml-pending:" + secret.encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def cookie_value(settings: Settings, pending: Pending, at: float | None = None) -> str:
    body = {
        "r": pending.request_id,
        "n": pending.next_url,
        "e": int((at or time.time()) + LIFETIME_SECONDS),
    }
    payload = base64.urlsafe_b64encode(json.dumps(body).encode()).decode()
    return f"{payload}.{_signature(settings.secret_key, payload)}"


def read(settings: Settings, value: str | None) -> Pending | None:
    """The sign-in the cookie names, or None when it is missing, changed or too old."""
    if not value or "." not in value:
        return None
    payload, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _signature(settings.secret_key, payload)):
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(payload))
        request_id, next_url, expires = str(body["r"]), str(body["n"]), int(body["e"])
    except (ValueError, KeyError, TypeError):
        return None
    if expires < time.time():
        return None
    return Pending(request_id, safe_next(next_url))


def set_cookie(response: Response[Any], settings: Settings, pending: Pending) -> None:
    response.set_cookie(
        key=cookie_name(settings),
        value=cookie_value(settings, pending),
        max_age=LIFETIME_SECONDS,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="none" if settings.secure_cookies else "lax",
    )


def clear_cookie(response: Response[Any], settings: Settings) -> None:
    response.delete_cookie(key=cookie_name(settings), path="/")

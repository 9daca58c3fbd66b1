"""The session cookie: encrypted, HttpOnly, SameSite=Lax, Secure when configured, 8 hours."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar.exceptions import SerializationException
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig

from tracker.accounts.services import SESSION_LIFETIME
from tracker.settings import Settings

SESSION_COOKIE = "tracker-session"


def session_cookie_name(settings: Settings) -> str:
    """`__Host-` over HTTPS: only this host, over HTTPS, may set the cookie."""
    return f"__Host-{SESSION_COOKIE}" if settings.secure_cookies else SESSION_COOKIE


class SturdySessionBackend(ClientSideSessionBackend):
    """Litestar's cookie sessions, where a damaged cookie is no session, never an error.

    Litestar reads the cookie's unencrypted expiry part before it checks the encrypted part,
    and one changed byte there (bad JSON, a missing key, a wrong type) raised past its own
    handling: about one in fourteen single-byte changes answered 500.
    """

    def load_data(self, data: list[bytes]) -> dict[str, Any]:
        try:
            return super().load_data(data)
        except (SerializationException, KeyError, TypeError, ValueError):
            return {}


class SturdyCookieConfig(CookieBackendConfig):
    _backend_class = SturdySessionBackend


def session_config(settings: Settings) -> CookieBackendConfig:
    return SturdyCookieConfig(
        secret=hashlib.sha256(b"session:" + settings.secret_key.encode()).digest(),
        key=session_cookie_name(settings),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )


def session_cookie_value(settings: Settings, data: dict[str, Any]) -> str:
    """The cookie value the app itself would set for this session data."""
    chunks = ClientSideSessionBackend(config=session_config(settings)).dump_data(data)
    if len(chunks) != 1:
        raise ValueError("session data too large for one cookie")
    return chunks[0].decode()

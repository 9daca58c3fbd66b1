"""Security headers on every response, including error pages and static files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope


# No inline scripts or styles anywhere: htmx is configured by a <meta> tag and its own
# injected indicator styles are turned off (see templates/base.html).
def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    """The policy; `form_targets`: other origins a form's redirect may go to (the identity
    provider's, where signing out continues)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            " ".join(["form-action 'self'", *form_targets]),
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = content_security_policy()
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


# Served over HTTPS (TRACKER_SECURE_COOKIES): browsers keep to HTTPS for a year.
HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = "no-store"


def security_headers(
    https: bool, form_targets: tuple[str, ...] = ()
) -> Callable[[Message, Scope], Awaitable[None]]:
    """A before_send hook: runs for every response the app sends, routed or not (404, 405,
    CSRF refusals, redirects to sign-in, static files). Nothing but the static files is
    stored by a browser or a proxy (signed-in pages and exports hold records), unless a
    handler says otherwise (the report stylesheet)."""

    policy = content_security_policy(form_targets)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        headers["content-security-policy"] = policy
        if https:
            headers["strict-transport-security"] = HSTS
        if not str(scope.get("path", "")).startswith("/static/") and (
            "cache-control" not in headers
        ):
            headers["cache-control"] = NO_STORE

    return add_security_headers

"""Who may use the mail routes: the digest choice on Mitt konto, a forgotten password and the
one-time sign-in links (read by tests/test_route_access.py through tests/route_areas.py)."""

from __future__ import annotations

from tracker.accounts.permissions import Principal

ACCESS: dict[tuple[str, str], str] = {
    ("POST", "/konto/e-post"): "read",
    # Open to everyone: whoever has forgotten the password is not signed in.
    ("GET", "/glomt-losenord"): "public",
    ("POST", "/glomt-losenord"): "public",
    ("GET", "/inloggningslank/{token}"): "public",
    ("POST", "/inloggningslank/{token}"): "public",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """No link is made: an unknown token answers that the link no longer works (410)."""
    return {"token": 0}

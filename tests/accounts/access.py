"""Who may use the sign-in, own-account and account-administration routes (read by
tests/test_route_access.py through tests/route_areas.py)."""

from __future__ import annotations

from tests import personas
from tracker.accounts.permissions import Principal

ACCESS: dict[tuple[str, str], str] = {
    # Signing in is the only thing open to everyone (static files are checked separately).
    ("GET", "/logga-in"): "public",
    ("POST", "/logga-in"): "public",
    # Signing in through the identity provider (404 while none is set up).
    ("GET", "/logga-in/oidc"): "public",
    ("GET", "/logga-in/oidc/klar"): "public",
    # SAML sign-in (404 while it is not set up): the metadata, the start, the IdP's answer.
    ("GET", "/saml/metadata"): "public",
    ("GET", "/saml/logga-in"): "public",
    ("POST", "/saml/acs"): "public",
    # Any signed-in user: their own account.
    ("GET", "/konto"): "read",
    ("POST", "/konto/losenord"): "read",
    ("POST", "/logga-ut"): "read",
    # Administrators only.
    ("GET", "/admin/konton"): "admin",
    ("POST", "/admin/konton"): "admin",
    ("GET", "/admin/konton/ny"): "admin",
    ("GET", "/admin/konton/{account_id}"): "admin",
    ("POST", "/admin/konton/{account_id}"): "admin",
    ("POST", "/admin/konton/{account_id}/inaktivera"): "admin",
    ("POST", "/admin/konton/{account_id}/aktivera"): "admin",
    ("POST", "/admin/konton/{account_id}/nytt-losenord"): "admin",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """A spare reader's account: the one the account routes act on (removing a member is
    Robin's own, see tests/test_route_access.py)."""
    other = await personas.make_account("Sam Extra", "reader", email="sam@kommun.example")
    return {"account_id": other.id}

"""The real OpenID Provider's fixtures for the sign-in tests (tests/accounts/oidc_idp.py)."""

from tests.accounts.oidc_idp import idp, idp_server

__all__ = ["idp", "idp_server"]

"""The OpenID Connect settings, and how the tests' provider is required in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts import oidc_idp
from tracker.settings import load_settings

BASE = {
    "TRACKER_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    "TRACKER_OIDC_CLIENT_ID": "app-id",
    "TRACKER_OIDC_CLIENT_SECRET": "hemlighet",
    "TRACKER_BASE_URL": "https://sparare.kommun.example/",
}


def test_the_provider_is_read_from_the_environment() -> None:
    oidc = load_settings(BASE | {"TRACKER_OIDC_EMAIL_CLAIM": "preferred_username"}).oidc
    assert oidc is not None
    assert oidc.issuer == BASE["TRACKER_OIDC_ISSUER"]
    assert oidc.redirect_uri == "https://sparare.kommun.example/logga-in/oidc/klar"
    assert (oidc.scopes, oidc.email_claim, oidc.groups_claim) == (
        "openid profile email",
        "preferred_username",
        "groups",
    )
    assert load_settings({}).oidc is None


def test_a_half_set_up_or_unencrypted_provider_stops_the_start() -> None:
    with pytest.raises(ValueError, match="TRACKER_OIDC_CLIENT_SECRET saknas"):
        load_settings({k: v for k, v in BASE.items() if k != "TRACKER_OIDC_CLIENT_SECRET"})
    with pytest.raises(ValueError, match="måste börja med https://"):
        load_settings(BASE | {"TRACKER_OIDC_ISSUER": "http://login.kommun.example"})
    # Plain HTTP only to a provider on this machine (the tests' own).
    assert load_settings(BASE | {"TRACKER_OIDC_ISSUER": "http://127.0.0.1:9000"}).oidc


def test_without_the_provider_installed_the_tests_skip_but_fail_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(oidc_idp, "IDP_DIR", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="npm ci --prefix tests/accounts/idp"):
        oidc_idp.node_modules_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true kräver testerna"):
        oidc_idp.node_modules_or_skip()

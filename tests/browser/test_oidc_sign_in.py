"""Signing in and out through the municipality's identity provider in a real browser: the app
served by uvicorn, a real OpenID Provider (oidc-provider, tests/accounts/idp) and Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.accounts.oidc_idp import CLIENT_SECRET, Idp, lists_with_roles, start_idp
from tests.browser.axe import violations
from tests.browser.conftest import _new_page
from tests.servers import free_port, start_server
from tracker.accounts.federation import REFUSED_NO_ROLE


@pytest.fixture(scope="module")
def oidc_app(
    migrated_database: str, chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Idp]]:
    """The app with OpenID Connect set up, served on its own port, and its provider."""
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    directory = tmp_path_factory.mktemp("oidc-browser")
    idp = start_idp(
        directory, [app_url + "/logga-in/oidc/klar"], [app_url + "/logga-in?utloggad=ja"]
    )
    env = {
        "TRACKER_OIDC_ISSUER": idp.url,
        "TRACKER_OIDC_CLIENT_ID": "tracker",
        "TRACKER_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "TRACKER_OIDC_SCOPES": "openid profile email groups",
        "TRACKER_BASE_URL": app_url,
        "TRACKER_LISTS_DIR": str(lists_with_roles(directory)),
        "TRACKER_LOCAL_SIGNIN": "off",
    }
    command = ["-m", "uvicorn", "tracker.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    process, url = start_server(migrated_database, command, port, "/logga-in", env)
    yield url, idp
    process.terminate()
    process.wait(timeout=10)
    idp.stop()


@pytest.fixture
def oidc_page(browser: Any, oidc_app: tuple[str, Idp]) -> Iterator[Any]:
    yield from _new_page(browser, oidc_app[0])


def sign_in_at_provider(page: Any, login: str) -> None:
    page.goto("/logga-in")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.get_by_label("Username").fill(login)
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_through_the_provider_and_sign_out_there_too(oidc_page: Any) -> None:
    page = oidc_page
    page.goto("/logga-in")
    expect(page.get_by_label("Lösenord")).to_have_count(0)  # local passwords are off
    assert violations(page) == []

    sign_in_at_provider(page, "kim")
    expect(page.get_by_text("Välkommen, Kim Karlsson!")).to_be_visible()
    page.goto("/konto")
    expect(page.get_by_text("Redaktör").first).to_be_visible()

    page.get_by_role("button", name="Logga ut").click()
    # The provider asks whether to end its session too, then sends the browser back.
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/logga-in\?utloggad=ja$"))


def test_someone_whose_groups_give_no_role_is_told_so(oidc_page: Any) -> None:
    page = oidc_page
    sign_in_at_provider(page, "nils")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen nekades")
    expect(page.locator("#refusal")).to_have_text(REFUSED_NO_ROLE)
    assert violations(page) == []
    page.goto("/konto")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

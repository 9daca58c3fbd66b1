"""SAML 2.0 sign-in in Chromium: the sign-in page's button, the real IdP (pysaml2's, on
loopback, tests/accounts/saml_idp.py) and its self-posting form, back to the page asked for."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.accounts import saml_idp
from tests.accounts.saml_idp import Person, SamlIdP
from tests.browser.conftest import _new_page
from tests.servers import free_port, start_server
from tracker.accounts.federation import REFUSED_NO_ROLE


@pytest.fixture(scope="module")
def saml_server(
    migrated_database: str, chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, SamlIdP]]:
    """The app served by uvicorn with SAML set up for the test IdP, which trusts it."""
    saml_idp.require_xmlsec()
    folder = tmp_path_factory.mktemp("saml-browser")
    running = saml_idp.serve(folder)
    idp = next(running)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = saml_idp.sp_environment(idp, folder, url, saml_idp.metadata_file(idp, folder))
    environment["TRACKER_LISTS_DIR"] = str(saml_idp.lists_with_roles(folder))
    command = ["-m", "uvicorn", "tracker.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        process, _ = start_server(migrated_database, command, port, "/logga-in")
    try:
        idp.trust(httpx.get(url + "/saml/metadata", timeout=30).text)
        yield url, idp
    finally:
        process.terminate()
        process.wait(timeout=10)
        running.close()
        assert "TRACKER_SAML_IDP_METADATA" not in os.environ


@pytest.fixture
def saml_page(browser: Any, saml_server: tuple[str, SamlIdP]) -> Iterator[Any]:
    yield from _new_page(browser, saml_server[0])


def test_an_editor_signs_in_with_the_municipalitys_account(
    saml_page: Any, saml_server: tuple[str, SamlIdP]
) -> None:
    page = saml_page
    saml_server[1].user = Person()
    page.goto("/projekt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    # The IdP's page posts its signed answer back by itself; the tracker lands on /projekt.
    expect(page.get_by_text("Välkommen, Lisa Larsson!")).to_be_visible()
    assert page.url == saml_server[0] + "/projekt"
    expect(page.get_by_role("link", name="Skapa projekt")).to_be_visible()  # a redaktör


def test_groups_that_give_no_role_are_told_so(
    saml_page: Any, saml_server: tuple[str, SamlIdP]
) -> None:
    page = saml_page
    saml_server[1].user = Person(subject="ingen-roll-1", groups=("urn:kommun:alla-anstallda",))
    page.goto("/logga-in")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen nekades")
    expect(page.get_by_role("alert")).to_have_text(REFUSED_NO_ROLE)
    page.goto("/projekt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

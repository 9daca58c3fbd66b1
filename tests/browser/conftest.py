"""Browser tests: the real app served by uvicorn, driven by Debian's Chromium through Playwright.

Skipped with a clear reason where Chromium is not installed; CI sets TRACKER_REQUIRE_BROWSER=1
so there a missing browser fails the run instead.

Debian's `chromium-headless-shell` (Chromium's headless shell, the build Playwright itself
runs for headless tests) is preferred over the full `chromium`: the same Blink renders the
pages, without the desktop browser's processes, and the browser tests took 166 s instead of
233 s on this 2-core machine (`tests/browser`, 2 workers, SQLite).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import personas
from tests.servers import free_port, start_server
from tests.support import run_in_thread, wipe_rows
from tracker.settings import get_settings

CHROMIUM = (
    shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# How a page is laid out and what axe finds in it depend on its HTML, not on the database
# behind the server: the scans of every page (test_page_widths.py, test_accessibility.py) run
# on SQLite only, a third of the PostgreSQL run's time. On PostgreSQL every page is still asked
# for by every persona (tests/test_route_access.py), and the flows still run in the browser.
LAYOUT_SCAN = pytest.mark.skipif(
    get_settings().is_postgres,
    reason="layout and accessibility scans: the same HTML on either database, run on SQLite",
)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("TRACKER_REQUIRE_BROWSER"):
        pytest.fail("Chromium saknas, men TRACKER_REQUIRE_BROWSER kräver webbläsartesterna.")
    pytest.skip(
        "Chromium finns inte (installera med 'apt-get install chromium-headless-shell'); "
        "webbläsartesterna hoppas över."
    )


@pytest.fixture(scope="session")
def server_url(migrated_database: str, chromium_path: str) -> Iterator[str]:
    port = free_port()
    command = ["-m", "uvicorn", "tracker.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    process, url = start_server(migrated_database, command, port, "/logga-in")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser: Any, server_url: str, **options: Any) -> Iterator[Any]:
    run_in_thread(wipe_rows())
    context = browser.new_context(base_url=server_url, locale="sv-SE", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = listen_for_errors(page)
    yield page
    context.close()
    assert not unexpected(errors), f"Fel i webbläsarens konsol: {unexpected(errors)}"


def listen_for_errors(page: Any) -> list[str]:
    """The list the tab's script errors and console errors are collected in from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Console errors include Content-Security-Policy violations and failed loads.
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


def unexpected(errors: list[str]) -> list[str]:
    return [error for error in errors if not _expected_console_error(error)]


def _expected_console_error(text: str) -> bool:
    """Responses the tests provoke on purpose (4xx pages) are logged by Chromium as failed loads."""
    return "Failed to load resource: the server responded with a status of 4" in text


def open_in_place(link: Any) -> None:
    """Open a form on demand in place, and wait as a person does until it has settled and its
    first field has the focus (tracker.js moves it there after htmx's swap): text typed before
    that can land in the field the focus moves to (seen once, in a CI run under load)."""
    link.click()
    expect(link.page.locator("form :is(input, select, textarea):focus")).to_have_count(1)


def sign_in_with_form(page: Any, email: str, password: str = personas.PASSWORD) -> None:
    page.goto("/logga-in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/logga-in" not in url)


@pytest.fixture
def anonymous_page(browser: Any, server_url: str) -> Iterator[Any]:
    """A fresh browser tab on an empty database, not signed in."""
    yield from _new_page(browser, server_url)


def sign_in_with_cookie(page: Any, server_url: str) -> None:
    """Sign the tab in as Alva with the session cookie the app sets at sign-in, as the HTTP
    tests do (tests/personas.py): the sign-in form itself is driven in test_sign_in.py and
    test_publication.py, and a form sign-in per test would cost two page loads."""
    cookies = personas.session_cookies(run_in_thread(personas.alva()))
    page.context.add_cookies(
        [{"name": name, "value": value, "url": server_url} for name, value in cookies.items()]
    )


@pytest.fixture
def page(anonymous_page: Any, server_url: str) -> Any:
    """A fresh tab on an empty database, signed in as Alva, an administrator."""
    sign_in_with_cookie(anonymous_page, server_url)
    return anonymous_page


@pytest.fixture
def page_without_js(browser: Any, server_url: str) -> Iterator[Any]:
    for page in _new_page(browser, server_url, java_script_enabled=False):
        sign_in_with_cookie(page, server_url)
        yield page

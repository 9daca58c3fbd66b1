"""Test set-up: one clean database per test, on SQLite by default or PostgreSQL when
TRACKER_TEST_DATABASE_URL is set, and an HTTP client that drives the real app."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

_DEFAULT_SQLITE = Path(tempfile.gettempdir()) / f"tracker-test-{os.getpid()}.sqlite"
TEST_DATABASE_URL = os.environ.get("TRACKER_TEST_DATABASE_URL") or f"sqlite:///{_DEFAULT_SQLITE}"
# Decided before any tracker module is imported: the engine is created from this.
os.environ["TRACKER_DATABASE_URL"] = TEST_DATABASE_URL
os.environ["PICCOLO_CONF"] = "tracker.piccolo_conf"

import httpx  # noqa: E402
from litestar import Litestar  # noqa: E402

from tests import personas  # noqa: E402
from tests.support import reset_database, run_in_thread, wipe_rows  # noqa: E402
from tracker.accounts.permissions import Principal  # noqa: E402
from tracker.app import create_app  # noqa: E402
from tracker.phases.catalogue import PhaseCatalogue, load_phases  # noqa: E402
from tracker.settings import get_settings  # noqa: E402


def _is_browser_test(item: pytest.Item) -> bool:
    return "tests/browser/" in str(item.path).replace(os.sep, "/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API holds an event loop in the main thread
    from its first use, which the async tests must not meet."""
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=_is_browser_test)


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> Iterator[str]:
    """A freshly migrated, empty database for the whole run."""
    run_in_thread(reset_database())
    yield TEST_DATABASE_URL
    if TEST_DATABASE_URL.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):  # WAL files: the server's reader switches to WAL
            Path(f"{_DEFAULT_SQLITE}{suffix}").unlink(missing_ok=True)


@pytest.fixture
async def db() -> AsyncIterator[None]:
    """Every test that touches the database starts from empty tables."""
    await wipe_rows()
    yield


@pytest.fixture(scope="session")
def catalogue() -> PhaseCatalogue:
    return load_phases(get_settings().phases_dir)


@pytest.fixture(scope="session")
def app() -> Litestar:
    return create_app(pool=False)


@pytest.fixture
async def anonymous(app: Litestar, db: None) -> AsyncIterator[httpx.AsyncClient]:
    """A visitor who is not signed in."""
    # The test app opens no connection pool, so it needs no lifespan start-up.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def admin_user(db: None) -> Principal:
    return await personas.alva()


@pytest.fixture
async def client(anonymous: httpx.AsyncClient, admin_user: Principal) -> httpx.AsyncClient:
    """Signed in as Alva, an administrator, who may do everything."""
    personas.sign_in(anonymous, admin_user)
    return anonymous


@pytest.fixture
def client_as(app: Litestar, db: None) -> Iterator[Callable[[Principal], httpx.AsyncClient]]:
    """Make a client signed in as any persona: `client_as(await personas.lo())`."""
    clients: list[httpx.AsyncClient] = []

    def make(user: Principal) -> httpx.AsyncClient:
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        personas.sign_in(http, user)
        clients.append(http)
        return http

    yield make
    for http in clients:
        run_in_thread(http.aclose())

"""Test set-up: one clean database per test, on SQLite by default or PostgreSQL when
TRACKER_TEST_DATABASE_URL is set, and an HTTP client that drives the real app.

The suite runs in parallel (pytest-xdist, `-n auto` in pyproject.toml): every worker has a
database of its own, copied from one migrated template (tests/databases.py), and each test
starts from empty tables, emptied in one transaction."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from tests import databases

TEST_DATABASE_URL = databases.worker_url(databases.base_url())
# Decided before any tracker module is imported: the engine is created from this.
os.environ["TRACKER_DATABASE_URL"] = TEST_DATABASE_URL
os.environ["PICCOLO_CONF"] = "tracker.piccolo_conf"

import httpx  # noqa: E402
from argon2 import PasswordHasher, profiles  # noqa: E402
from litestar import Litestar  # noqa: E402
from piccolo.engine.postgres import PostgresEngine  # noqa: E402

from tests import personas  # noqa: E402
from tests.support import app_client, run_in_thread, wipe_rows  # noqa: E402
from tracker.accounts import passwords  # noqa: E402
from tracker.accounts.permissions import Principal  # noqa: E402
from tracker.app import create_app  # noqa: E402
from tracker.db import CountingSQLiteEngine, get_engine  # noqa: E402
from tracker.phases.catalogue import PhaseCatalogue, load_phases  # noqa: E402
from tracker.settings import get_settings  # noqa: E402

# Argon2 at its cheapest in this process (a hash still starts "$argon2id$" and verifies with the
# real parameters' hasher too): the lockout tests sign in wrongly twenty times, the demo hashes
# five passwords. The servers that browser and command-line tests start hash for real.
passwords._HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
passwords._DUMMY_HASH = passwords._HASHER.hash("ett-konto-som-inte-finns")


def _is_browser_test(item: pytest.Item) -> bool:
    return "tests/browser/" in str(item.path).replace(os.sep, "/")


def pytest_configure(config: pytest.Config) -> None:
    """Migrate the template once, before the workers start and copy it."""
    if not hasattr(config, "workerinput"):
        databases.ensure_template()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first, so no worker is left with one at the end; browser tests last, each
    file on one worker: Playwright's sync API holds an event loop in the main thread from its
    first use, which the async tests must not meet (xdist hands out the groups in this order,
    so a worker gets no other test after a browser test), and a worker starts its server and
    Chromium once for all the browser tests it runs."""
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(f"browser:{item.path.name}"))
    items.sort(key=lambda item: (_is_browser_test(item), item.get_closest_marker("slow") is None))


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> Iterator[str]:
    """A freshly migrated, empty database for this worker's whole run."""
    url = databases.create_worker_database()
    assert url == TEST_DATABASE_URL
    engine = get_engine()
    if isinstance(engine, CountingSQLiteEngine):
        # As the server does: reads on one connection in the event loop, not a thread each.
        run_in_thread(engine.open_reader())
    yield url
    if isinstance(engine, CountingSQLiteEngine):
        run_in_thread(engine.close_reader())
    databases.drop_worker_database()


@pytest.fixture(scope="session")
async def database_pool(migrated_database: str) -> AsyncIterator[None]:
    """On PostgreSQL, a connection pool on the tests' event loop, as the server has one: without
    it every statement would open a connection of its own. Code on other loops (run_in_thread)
    still opens its own (tracker/db.py CountingPostgresEngine)."""
    engine = get_engine()
    if not isinstance(engine, PostgresEngine):
        yield
        return
    await engine.start_connection_pool(min_size=1, max_size=10)
    yield
    await engine.close_connection_pool()


@pytest.fixture
async def db(database_pool: None) -> AsyncIterator[None]:
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
    async with app_client(app) as http:
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
        http = app_client(app)
        personas.sign_in(http, user)
        clients.append(http)
        return http

    yield make
    for http in clients:
        run_in_thread(http.aclose())

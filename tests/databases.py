"""Test databases: one per pytest-xdist worker, each a copy of one migrated template.

The template is migrated once per checkout and set of migrations (its name carries both:
two checkouts with different migrations never drop each other's), by whichever process
gets there first, and then copied: a file copy on SQLite, `CREATE
DATABASE … TEMPLATE` on PostgreSQL. A worker's own database is named after the checkout and
the worker, and a slot: a run holds a lock on its slot while it lasts, so two runs at once,
in one checkout or in two, never share a database, and a later run takes the slot again
instead of leaving databases behind.

This module is imported by tests/conftest.py before any tracker module, and itself imports
none: the tracker's engine is created from the URL decided here.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
# Memory-backed when the machine has it (Linux's /dev/shm): a test commits hundreds of times,
# and on disk every commit waits for its fsync.
_SHM = Path("/dev/shm")
_TEMP = _SHM if _SHM.is_dir() and os.access(_SHM, os.W_OK) else Path(tempfile.gettempdir())
_HELD: list[IO[str]] = []  # the slot's lock, held open for as long as the run lasts


def _slot() -> str:
    """The run's slot: the first free one, taken by the process that starts the run; its
    xdist workers inherit it through the environment."""
    if slot := os.environ.get("TRACKER_TEST_SLOT"):
        return slot
    for number in range(100):
        handle = (_TEMP / f"tracker-test-{_CHECKOUT}-{number}.lock").open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another run has it
            handle.close()
            continue
        _HELD.append(handle)
        os.environ["TRACKER_TEST_SLOT"] = str(number)
        return str(number)
    raise RuntimeError("Hundra testkörningar pågår redan i den här utcheckningen.")


_SLOT = _slot()


def base_url() -> str:
    """The database the run was asked for: PostgreSQL when TRACKER_TEST_DATABASE_URL is set."""
    return os.environ.get("TRACKER_TEST_DATABASE_URL") or "sqlite:///"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def fingerprint() -> str:
    """What decides the migrated schema: the migrations and the modules they call."""
    digest = hashlib.sha256()
    sources = sorted(ROOT.glob("tracker/*/piccolo_migrations/*.py"))
    sources += sorted(ROOT.glob("tracker/*/immutability.py"))
    sources += [ROOT / "tracker" / name for name in ("text.py", "migrate.py", "data_version.py")]
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def worker_url(base: str) -> str:
    """This worker's own database."""
    if is_postgres(base):
        return _with_database(base, f"tracker_test_{_CHECKOUT}_{_SLOT}_{WORKER}")
    return f"sqlite:///{_TEMP / f'tracker-test-{_CHECKOUT}-{_SLOT}-{WORKER}.sqlite'}"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _migrate(url: str) -> None:
    """Apply every migration to the database at `url`, in a process of its own (the
    tracker's engine is fixed per process by TRACKER_DATABASE_URL)."""
    code = "import asyncio; from tracker.migrate import migrate; asyncio.run(migrate())"
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PICCOLO_CONF": "tracker.piccolo_conf"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"Migreringen av testmallen misslyckades:\n{result.stderr}")


# SQLite ------------------------------------------------------------------------------------


def _sqlite_template() -> Path:
    template = _TEMP / f"tracker-test-template-{_CHECKOUT}-{fingerprint()}.sqlite"
    if not template.exists():
        building = template.with_suffix(f".{os.getpid()}.tmp")
        building.unlink(missing_ok=True)
        _migrate(f"sqlite:///{building}")
        os.replace(building, template)  # atomic: a reader sees no template or a whole one
        for old in _TEMP.glob(f"tracker-test-template-{_CHECKOUT}-*.sqlite"):
            if old != template:
                old.unlink(missing_ok=True)
    return template


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _sqlite_copy(template: Path, url: str) -> None:
    target = _sqlite_path(url)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def _sqlite_drop(url: str) -> None:
    target = _sqlite_path(url)
    for suffix in ("", "-wal", "-shm"):  # WAL files: the server's reader switches to WAL
        Path(f"{target}{suffix}").unlink(missing_ok=True)


# PostgreSQL ----------------------------------------------------------------------------------


def _admin(base: str, *statements: str) -> list[tuple[object, ...]]:
    """Run statements on the maintenance database named by `base` (outside a transaction,
    as CREATE and DROP DATABASE require)."""
    import asyncio

    import asyncpg

    async def run() -> list[tuple[object, ...]]:
        connection = await asyncpg.connect(base)
        try:
            rows: list[tuple[object, ...]] = []
            for statement in statements:
                rows = [tuple(row) for row in await connection.fetch(statement)]
            return rows
        finally:
            await connection.close()

    return asyncio.run(run())


def _postgres_template(base: str) -> str:
    name = f"tracker_tpl_{_CHECKOUT}_{fingerprint()}"
    if _admin(base, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return name
    building = f"{name}_{os.getpid()}"
    _admin(base, f"DROP DATABASE IF EXISTS {building}", f"CREATE DATABASE {building}")
    _migrate(_with_database(base, building))
    try:
        _admin(base, f"ALTER DATABASE {building} RENAME TO {name}")
    except Exception:  # another process finished first: theirs is as good as ours
        _admin(base, f"DROP DATABASE IF EXISTS {building}")
    for (old,) in _admin(
        base,
        f"SELECT datname FROM pg_database WHERE datname LIKE 'tracker\\_tpl\\_{_CHECKOUT}\\_%'",
    ):
        if old != name and not str(old).startswith(f"{name}_"):
            with contextlib.suppress(Exception):  # in use by another run: left for later
                _admin(base, f"DROP DATABASE IF EXISTS {old}")
    return name


def _postgres_copy(base: str, template: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    for attempt in range(20):
        try:
            _admin(
                base,
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                f"CREATE DATABASE {name} TEMPLATE {template}",
                # A test database need not survive a crash: a commit does not wait for its
                # write-ahead log to reach the disk (the server's own setting is untouched).
                f"ALTER DATABASE {name} SET synchronous_commit = off",
            )
            return
        except Exception as error:  # the template is briefly busy while another copies it
            if "being accessed by other users" not in str(error) or attempt == 19:
                raise
            time.sleep(0.2)


def _postgres_drop(base: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    _admin(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# The run's entry points ----------------------------------------------------------------------


def ensure_template() -> None:
    """Migrate the template if no process has yet (called once, before workers start)."""
    base = base_url()
    _postgres_template(base) if is_postgres(base) else _sqlite_template()


def create_worker_database() -> str:
    """A fresh, migrated, empty database for this worker; returns its URL."""
    base = base_url()
    url = worker_url(base)
    if is_postgres(base):
        _postgres_copy(base, _postgres_template(base), url)
    else:
        _sqlite_copy(_sqlite_template(), url)
    return url


def drop_worker_database() -> None:
    base = base_url()
    url = worker_url(base)
    _postgres_drop(base, url) if is_postgres(base) else _sqlite_drop(url)

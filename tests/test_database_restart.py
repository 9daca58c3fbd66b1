"""After PostgreSQL restarts, the server still stops within 10 s when asked to (issue 13).

A restart ends every connection the server's pool holds; the test ends them the same way
(pg_terminate_backend) on the worker's own database, so other runs are not touched."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time

import asyncpg
import httpx
import pytest

from tests import databases
from tests.servers import free_port, start_server


def _start_server(database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = ["-m", "tracker.cli", "serve", "--port", str(port)]
    return start_server(database_url, command, port, "/ni-sa-vi-gjorde")


async def _admin(sql: str, *args: object) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(databases.base_url())
    try:
        return list(await connection.fetch(sql, *args))
    finally:
        await connection.close()


async def _restart(name: str) -> int:
    """What a restart does to the server's pool: every connection to the database ends.
    Each backend is waited for (up to 5 s) until it has exited, as a restart has ended them all
    before it takes new connections: without the wait the server's next request could still
    reach a backend that was about to exit and fail, before its pool had seen the end."""
    ended = await _admin(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid()",
        name,
    )
    return len(ended)


def _stop_and_time(process: subprocess.Popen[bytes]) -> float:
    asked = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    return time.monotonic() - asked


@pytest.fixture
def postgres_database(migrated_database: str, db: None) -> str:
    if not databases.is_postgres(migrated_database):
        pytest.skip("a PostgreSQL restart ends the pool's connections; SQLite has no server")
    return migrated_database


@pytest.mark.slow
async def test_after_a_database_restart_the_server_stops_within_ten_seconds(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the restart a request waits on the database for ever (a connection that never
    answers, a half-open socket; here a lock, to the same effect) and the mail worker keeps
    trying: asked to stop, the server still stops within 10 s."""
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("TRACKER_MAIL_POLL_SECONDS", "0.2")
    process, url = _start_server(postgres_database)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for _ in range(3):  # the pool holds open connections, as after a day's use
            assert (await client.get("/ni-sa-vi-gjorde")).status_code == 200
    assert await _restart(postgres_database.rsplit("/", 1)[1]) >= 1
    locker = await asyncpg.connect(postgres_database)
    try:
        await locker.execute("BEGIN; LOCK TABLE feedback_page_version IN ACCESS EXCLUSIVE MODE")
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            waiting = asyncio.create_task(client.get("/ni-sa-vi-gjorde"))
            deadline = time.monotonic() + 30
            while not await locker.fetch(  # the request waits for the lock
                "SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'feedback_page_version'::regclass"
            ):
                assert time.monotonic() < deadline, "the request never reached the database"
                await asyncio.sleep(0.1)
            assert await asyncio.to_thread(_stop_and_time, process) < 10
            try:  # the request was ended too: answered with an error, or cut off
                ended = await asyncio.wait_for(waiting, timeout=10)
                assert ended.status_code >= 500
            except httpx.HTTPError:
                pass
    finally:
        await locker.close()
        if process.poll() is None:
            process.kill()
            process.wait()

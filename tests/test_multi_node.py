"""Several app nodes on one PostgreSQL behind a real reverse proxy (issue 19).

Two `tracker serve` processes behind nginx, as the README's production set-up describes: a
user signs in through the proxy and both nodes serve them; a sign-in lockout counted on one
node holds on the other; the mail both nodes' workers send goes out once; and the client's
address comes from the proxy's header only because the proxy is trusted."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests import databases
from tests.mail.smtp_server import SMTPServer
from tests.personas import PASSWORD, make_account
from tests.servers import free_port, start_server
from tests.support import CSRF_COOKIE
from tracker.mail import outbox
from tracker.mail.outbox import Mail, Recipient

pytestmark = pytest.mark.slow

CLIENT = "127.0.0.5"  # the user's machine: a loopback address of its own
PROXY = "127.0.0.1"  # nginx reaches the nodes from here, and only this address is trusted
SECRET = "nod-nyckel-7f3b9c1e5a2d8f4b6c0e9a1d3f5b7c9e"  # one key for every node's cookies
NODE_CONFIG = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream tracker {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://tracker;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            add_header X-Node $upstream_addr always;
        }}
    }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx saknas: .ci/run installerar det (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return found


@pytest.fixture
def postgres_database(migrated_database: str, db: None) -> str:
    if not databases.is_postgres(migrated_database):
        pytest.skip("several nodes share one PostgreSQL; SQLite is for one machine")
    return migrated_database


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cluster(
    postgres_database: str, smtp: SMTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, list[str]]]:
    """Two nodes and nginx in front of them: the proxy's URL and the nodes' addresses."""
    nginx = _nginx()
    for name, value in smtp.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TRACKER_MAIL_POLL_SECONDS", "0.2")
    monkeypatch.setenv("TRACKER_SECRET_KEY", SECRET)
    monkeypatch.setenv("TRACKER_TRUSTED_PROXIES", f"{PROXY}/32")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        ports = [free_port(), free_port()]
        for port in ports:
            command = ["-m", "tracker.cli", "serve", "--port", str(port)]
            process, _ = start_server(postgres_database, command, port, "/logga-in")
            processes.append(process)
        proxy_port = free_port()
        config = tmp_path / "nginx.conf"
        config.write_text(
            NODE_CONFIG.format(dir=tmp_path, first=ports[0], second=ports[1], port=proxy_port)
        )
        processes.append(
            subprocess.Popen(
                [nginx, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.PIPE
            )
        )
        url = f"http://127.0.0.1:{proxy_port}"
        _wait_for(url + "/logga-in")
        yield url, [f"127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "nginx svarade aldrig"
        time.sleep(0.1)


def _user_client(base_url: str) -> httpx.AsyncClient:
    """A browser on the user's own machine (its own loopback address)."""
    transport = httpx.AsyncHTTPTransport(local_address=CLIENT)
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30)


async def _sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    if CSRF_COOKIE not in client.cookies:
        await client.get("/logga-in")
    token = client.cookies[CSRF_COOKIE]
    data = {"email": email, "password": password, "_csrf_token": token}
    return await client.post("/logga-in", data=data)


async def _clients_recorded(database_url: str, email: str) -> list[str]:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT client FROM sign_in_attempt WHERE email = $1 ORDER BY id", email
        )
    finally:
        await connection.close()
    return [row["client"] for row in rows]


async def test_a_signed_in_user_is_served_by_both_nodes(
    cluster: tuple[str, list[str]],
) -> None:
    url, nodes = cluster
    await make_account("Alva Admin", "admin", email="alva@kommun.example")
    async with _user_client(url) as client:
        signed_in = await _sign_in(client, "alva@kommun.example", PASSWORD)
        assert signed_in.status_code == 303, signed_in.text
        served_by = set()
        for _ in range(6):
            page = await client.get("/konto")
            assert page.status_code == 200
            assert "alva@kommun.example" in page.text
            served_by.add(page.headers["x-node"])
    assert served_by == set(nodes)


async def test_a_lockout_counted_on_one_node_holds_on_the_other(
    cluster: tuple[str, list[str]], postgres_database: str
) -> None:
    url, nodes = cluster
    await make_account("Rut Redaktör", "editor", email="rut@kommun.example")
    failed_on = set()
    async with _user_client(url) as client:
        for _ in range(5):
            wrong = await _sign_in(client, "rut@kommun.example", "fel-lösenord-igen")
            assert wrong.status_code == 401
            failed_on.add(wrong.headers["x-node"])
        assert failed_on == set(nodes)  # the failures were counted on both nodes
        for _ in range(2):  # the right password, on each node in turn: locked on both
            locked = await _sign_in(client, "rut@kommun.example", PASSWORD)
            assert locked.status_code == 429
            assert "För många misslyckade inloggningar" in locked.text
    # The proxy is trusted, so the attempts are counted against the user's own address.
    assert set(await _clients_recorded(postgres_database, "rut@kommun.example")) == {CLIENT}


async def test_the_forwarded_address_is_believed_only_from_the_trusted_proxy(
    cluster: tuple[str, list[str]], postgres_database: str
) -> None:
    _url, nodes = cluster
    async with _user_client(f"http://{nodes[0]}") as direct:  # around the proxy
        await direct.get("/logga-in")
        token = direct.cookies[CSRF_COOKIE]
        data = {"email": "okand@kommun.example", "password": "x", "_csrf_token": token}
        forged = {"X-Forwarded-For": "203.0.113.9"}
        assert (await direct.post("/logga-in", data=data, headers=forged)).status_code == 401
    assert await _clients_recorded(postgres_database, "okand@kommun.example") == [CLIENT]


async def test_mail_from_both_nodes_workers_goes_out_once(
    cluster: tuple[str, list[str]], smtp: SMTPServer
) -> None:
    recipients = [Recipient(None, f"person{n}@kommun.example", f"Person {n}") for n in range(30)]
    mail = Mail(
        kind="report_frozen",
        subject="Rapporten Årsrapport är fastställd (version 1)",
        summary="Fastställd.",
        link="/rapporter/1",
        context={"title": "Årsrapport", "number": 1, "actor": "Alva Admin"},
    )
    await outbox.enqueue(recipients, mail)
    for _ in range(300):  # at most a minute
        if len(smtp.inbox.messages) >= len(recipients):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)  # a second send, had there been one, would arrive by now
    delivered = sorted(address for _, to in smtp.inbox.envelopes for address in to)
    assert delivered == sorted(recipient.email for recipient in recipients)

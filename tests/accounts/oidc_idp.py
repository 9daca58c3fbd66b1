"""A real OpenID Provider for the sign-in tests: the npm package oidc-provider, run by Node
from tests/accounts/idp/server.js on loopback, with test users whose groups the tests set.

Skipped with a clear reason where its node_modules are missing (`npm ci --prefix
tests/accounts/idp`); with CI=true (as .ci/run sets it) a missing provider fails instead."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest

from tests.servers import free_port, wait_until_up

IDP_DIR = Path(__file__).parent / "idp"
CLIENT_SECRET = "bara-for-tester-och-inte-hemligt-alls"

# Group ids in the provider, and the roles tests/accounts' roles file gives them.
ADMINS, EDITORS, READERS, REPORTS = "grp-admins", "grp-editors", "grp-readers", "grp-reports"
ROLES_FILE = f"""admin = ["{ADMINS}"]
editor = ["{EDITORS}"]
reader = ["{READERS}"]
report_manager = ["{REPORTS}"]
"""
USERS: dict[str, dict[str, Any]] = {
    "kim": {"name": "Kim Karlsson", "email": "kim@kommun.example", "groups": [EDITORS]},
    "alva": {"name": "Alva Admin", "email": "alva.admin@kommun.example", "groups": [ADMINS]},
    "nils": {"name": "Nils Ingen", "email": "nils@kommun.example", "groups": ["grp-kantinen"]},
    # Another person (another subject) who has been given Kim's old e-mail address.
    "kim-ny": {"name": "Kim Nyanställd", "email": "kim@kommun.example", "groups": [ADMINS]},
}


def node_modules_or_skip() -> None:
    if (IDP_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    message = (
        "Testleverantören för OpenID Connect är inte installerad "
        "(kör 'npm ci --prefix tests/accounts/idp')"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message + ", men CI=true kräver testerna.")
    pytest.skip(message + "; testerna mot en riktig leverantör hoppas över.")


@dataclass
class Idp:
    url: str
    users_file: Path
    process: subprocess.Popen[bytes]

    def set_users(self, users: dict[str, dict[str, Any]]) -> None:
        self.users_file.write_text(json.dumps(users), encoding="utf-8")

    def set_groups(self, login: str, groups: list[str]) -> None:
        users = json.loads(self.users_file.read_text(encoding="utf-8"))
        users[login]["groups"] = groups
        self.set_users(users)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_idp(directory: Path, redirect_uris: list[str], post_logout_uris: list[str]) -> Idp:
    """Start oidc-provider on a free port and wait until its discovery answers."""
    node_modules_or_skip()
    port = free_port()
    users_file = directory / f"idp-users-{port}.json"
    users_file.write_text(json.dumps(USERS), encoding="utf-8")
    env = {
        **os.environ,
        "PORT": str(port),
        "USERS_FILE": str(users_file),
        "REDIRECT_URIS": ",".join(redirect_uris),
        "POST_LOGOUT_URIS": ",".join(post_logout_uris),
        "CLIENT_SECRET": CLIENT_SECRET,
    }
    process = subprocess.Popen(
        ["node", "server.js"],
        cwd=IDP_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url + "/.well-known/openid-configuration", "Testleverantören")
    return Idp(url, users_file, process)


def lists_with_roles(directory: Path) -> Path:
    """A copy of the lists folder whose roles file gives the test groups their roles."""
    source = Path(__file__).resolve().parents[2] / "lists"
    target = directory / "lists"
    target.mkdir(exist_ok=True)
    for path in source.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    (target / "sign-in-roles.toml").write_text(ROLES_FILE, encoding="utf-8")
    return target


async def through_provider(idp: httpx.AsyncClient, url: str, login: str, app_origin: str) -> str:
    """Follow the provider from `url` as a browser would, signing in as `login` when it asks,
    until it sends the browser back to the app; the URL it sends it to."""
    for _ in range(10):
        if url.startswith(app_origin):
            return url
        response = await idp.get(url)
        if response.status_code == 200 and "/interaction/" in str(response.url):
            response = await idp.post(str(response.url), data={"login": login, "password": "x"})
        assert response.status_code in (302, 303), (response.status_code, response.text[:500])
        url = urljoin(str(response.url), response.headers["location"])
    raise AssertionError("the provider never sent the browser back")


@pytest.fixture(scope="session")
def idp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Idp]:
    """One provider per test worker, for the app served through httpx (http://testserver)."""
    server = start_idp(
        tmp_path_factory.mktemp("idp"),
        ["http://testserver/logga-in/oidc/klar"],
        ["http://testserver/logga-in?utloggad=ja"],
    )
    yield server
    server.stop()


@pytest.fixture
def idp(idp_server: Idp) -> Idp:
    """The provider, with the test users as USERS says (a test may change their groups)."""
    idp_server.set_users(USERS)
    return idp_server

"""The people in the tests, as in healthchecks' test base: each permission test reads as a
sentence. Alva is an administrator; Robin an editor who is a member of the record under test;
Kim an editor who is not; Lo a reader; Rut a reader who is rapportansvarig; and an anonymous
visitor who is not signed in.

Accounts are made with a password hash computed once; clients are signed in with the same
encrypted session cookie the app sets at sign-in (sign-in itself is tested through its form).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import httpx

from tests.support import app_client
from tracker.accounts.csrf import bound_token
from tracker.accounts.passwords import hash_password
from tracker.accounts.permissions import Principal
from tracker.accounts.services import SignedIn, principal_of, session_for
from tracker.accounts.sessions import SESSION_COOKIE, session_cookie_value
from tracker.accounts.tables import Account
from tracker.clock import now
from tracker.settings import get_settings

PASSWORD = "test-kanel-moln-hav-42"


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


async def make_account(
    name: str,
    role: str,
    *,
    email: str | None = None,
    report_manager: bool = False,
    active: bool = True,
) -> Principal:
    email = email or f"{name.split()[0].lower()}@kommun.example"
    account = Account(
        email=email,
        name=name,
        role=role,
        report_manager=report_manager,
        active=active,
        password_hash=_password_hash(),
        created_at=now(),
    )
    await account.save()
    row = await Account.select().where(Account.id == account.id).first()
    assert row is not None
    return principal_of(row)


def session_cookies(user: Principal, session_version: int = 1) -> dict[str, str]:
    """The cookies the app sets when `user` signs in: the session, and the CSRF cookie bound
    to it."""
    data = session_for(SignedIn(user, session_version))
    token = bound_token(data, get_settings().secret_key)
    assert token is not None
    return {SESSION_COOKIE: session_cookie_value(get_settings(), data), "tracker-csrf": token}


def sign_in(client: httpx.AsyncClient, user: Principal, session_version: int = 1) -> None:
    """Give the client the cookies the app would set when `user` signs in."""
    for name, value in session_cookies(user, session_version).items():
        # The same domain the app's own Set-Cookie gets, so sign-out replaces this cookie.
        client.cookies.set(name, value, domain="testserver.local")


@asynccontextmanager
async def client_for(app: Any, user: Principal | None) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the test app of its own, signed in as `user` (None: not signed in), for
    tests that do not empty the tables first (the `client_as` fixture does)."""
    async with app_client(app) as http:
        if user is not None:
            sign_in(http, user)
        yield http


async def alva() -> Principal:
    return await make_account(
        "Testanvändare", "admin", email="alva@kommun.example", report_manager=True
    )


async def robin() -> Principal:
    return await make_account("Robin Redaktör", "editor")


async def kim() -> Principal:
    return await make_account("Kim Redaktör", "editor")


async def lo() -> Principal:
    return await make_account("Lo Läsare", "reader")


async def rut() -> Principal:
    return await make_account("Rut Rapportansvarig", "reader", report_manager=True)

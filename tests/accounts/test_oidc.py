"""Signing in with OpenID Connect against a real provider (oidc-provider on loopback, see
tests/accounts/oidc_idp.py): the whole redirect flow through the real app, the role from the
groups, and every refusal – a forged signature, a wrong issuer or audience, an expired token,
a reused state or nonce, groups that give no role, a deactivated account, an e-mail address
reused by another person."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar

from tests.accounts.oidc_idp import (
    CLIENT_SECRET,
    READERS,
    Idp,
    lists_with_roles,
    through_provider,
)
from tests.support import app_client, post_form, text_of
from tracker.accounts import services
from tracker.accounts.federation import (
    REFUSED_EMAIL_TAKEN,
    REFUSED_INACTIVE,
    REFUSED_NO_ROLE,
    REFUSED_PROTOCOL,
)
from tracker.accounts.oidc import PENDING_KEY, AsyncOAuth2Client
from tracker.accounts.permissions import system_actor
from tracker.accounts.sessions import SESSION_COOKIE, session_cookie_value
from tracker.accounts.tables import Account, ProviderLink
from tracker.app import create_app
from tracker.audit.tables import ChangeLogEntry
from tracker.settings import OidcSettings, get_settings

APP = "http://testserver"
SCOPES = "openid profile email groups"  # the test provider gives the groups for a scope
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def make_app(
    idp_server: Idp,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Litestar]:
    """The app set up for the test provider: `make_app(client_id=…, issuer=…)`, one each."""
    lists = lists_with_roles(tmp_path_factory.mktemp("lists"))
    apps: dict[tuple[str, str], Litestar] = {}

    def make(client_id: str = "tracker", issuer: str | None = None) -> Litestar:
        key = (client_id, issuer or idp_server.url)
        if key not in apps:
            oidc = OidcSettings(
                issuer=key[1],
                client_id=client_id,
                client_secret=CLIENT_SECRET,
                base_url=APP,
                scopes=SCOPES,
            )
            settings = dataclasses.replace(get_settings(), oidc=oidc, lists_dir=lists)
            apps[key] = create_app(settings, pool=False)
        return apps[key]

    return make


@dataclasses.dataclass
class Browser:
    """One browser: its cookies for the app and for the provider."""

    app: httpx.AsyncClient
    idp: httpx.AsyncClient

    async def sign_in(self, login: str, start: str = "/logga-in/oidc") -> httpx.Response:
        """Press the provider's button, sign in at the provider as `login`, come back."""
        response = await self.app.get(start)
        assert response.status_code == 303, response.text
        return await self.come_back(response.headers["location"], login)

    async def come_back(self, authorization_url: str, login: str) -> httpx.Response:
        callback = await through_provider(self.idp, authorization_url, login, APP)
        return await self.app.get(callback)


@pytest.fixture
async def browsers(
    make_app: Callable[..., Litestar], db: None
) -> AsyncIterator[Callable[..., Browser]]:
    opened: list[httpx.AsyncClient] = []

    def browser(**app_options: Any) -> Browser:
        app = app_client(make_app(**app_options), APP)
        provider = httpx.AsyncClient(timeout=10)
        opened.extend([app, provider])
        return Browser(app, provider)

    yield browser
    for client in opened:
        await client.aclose()


class Refusals(logging.Handler):
    """The refusals the app logs, as messages."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def refusals() -> Iterator[list[str]]:
    logger = logging.getLogger("tracker.accounts.federation")
    handler = Refusals()
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)
    # No token, code or assertion is ever written to the log.
    for message in handler.messages:
        assert "eyJ" not in message and "code=" not in message, message


async def account(email: str) -> dict[str, Any]:
    row = await Account.select().where(Account.email == email).first()
    assert row is not None
    return row


async def signed_in_as(browser: Browser) -> str | None:
    """The role the account page shows, or None when the browser is not signed in."""
    page = await browser.app.get("/konto")
    if page.status_code == 303:
        return None
    assert page.status_code == 200
    text = text_of(page.text)
    return next(role for role in ("Administratör", "Redaktör", "Läsare") if role in text)


def refusal_shown(response: httpx.Response, message: str) -> None:
    assert response.status_code == 403
    assert message in text_of(response.text)
    assert SESSION_COOKIE not in response.cookies or not response.cookies[SESSION_COOKIE]


# --- signing in ---------------------------------------------------------------------------


async def test_the_sign_in_page_offers_the_providers_button(
    browsers: Callable[..., Browser],
) -> None:
    page = await browsers().app.get("/logga-in")
    assert 'href="/logga-in/oidc"' in page.text
    assert "Logga in med kommunens konto" in text_of(page.text)
    assert 'type="password"' in page.text  # local passwords are on unless switched off


async def test_the_first_sign_in_makes_the_account_with_the_role_of_its_groups(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    browser = browsers()
    start = await browser.app.get("/logga-in/oidc?nasta=/konto")
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["scope"] == [SCOPES]
    response = await browser.come_back(start.headers["location"], "kim")
    assert response.status_code == 303 and response.headers["location"] == "/konto"
    assert await signed_in_as(browser) == "Redaktör"
    kim = await account("kim@kommun.example")
    assert kim["name"] == "Kim Karlsson"
    [link] = await ProviderLink.select().where(ProviderLink.account == kim["id"])
    assert (link["protocol"], link["issuer"], link["subject"]) == ("oidc", idp.url, "kim")
    [entry] = await ChangeLogEntry.select().where(ChangeLogEntry.action == "created_at_sign_in")
    changes = (
        json.loads(entry["changes"]) if isinstance(entry["changes"], str) else entry["changes"]
    )
    assert changes["issuer"] == [None, idp.url] and changes["subject"] == [None, "kim"]


async def test_a_role_no_longer_granted_is_gone_at_the_next_sign_in(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    browser = browsers()
    await browser.sign_in("alva")
    assert await signed_in_as(browser) == "Administratör"
    assert (await browser.app.get("/admin/konton")).status_code == 200
    idp.set_groups("alva", [READERS])
    await browser.sign_in("alva")  # the provider remembers Alva: no password this time
    assert await signed_in_as(browser) == "Läsare"
    assert (await browser.app.get("/admin/konton")).status_code == 403
    assert (await account("alva.admin@kommun.example"))["role"] == "reader"


async def test_signing_out_ends_the_providers_session_too(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    browser = browsers()
    await browser.sign_in("kim")
    response = await post_form(browser.app, "/logga-ut", {})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(idp.url + "/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["client_id"] == ["tracker"]
    assert query["post_logout_redirect_uri"] == [APP + "/logga-in?utloggad=ja"]
    assert await signed_in_as(browser) is None
    # At the provider: confirm, and it sends the browser back to the sign-in page.
    confirm = await browser.idp.get(location)
    assert confirm.status_code == 200
    action = confirm.text.split('action="', 1)[1].split('"', 1)[0]
    xsrf = confirm.text.split('name="xsrf" value="', 1)[1].split('"', 1)[0]
    done = await browser.idp.post(action, data={"xsrf": xsrf, "logout": "yes"})
    assert done.headers["location"] == APP + "/logga-in?utloggad=ja"
    # The provider asks for the password again: its session has ended.
    start = await browser.app.get("/logga-in/oidc")
    asks = await browser.idp.get(start.headers["location"], follow_redirects=True)
    assert "/interaction/" in str(asks.url)


# --- refused by the rules -----------------------------------------------------------------


async def test_groups_that_give_no_role_are_refused_with_a_clear_message(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    browser = browsers()
    refusal_shown(await browser.sign_in("nils"), REFUSED_NO_ROLE)
    assert await signed_in_as(browser) is None
    assert await Account.count() == 0


async def test_a_deactivated_account_cannot_sign_in(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    await browsers().sign_in("kim")
    await services.set_active(await account("kim@kommun.example"), False, system_actor())
    idp.set_groups("kim", ["grp-admins"])
    browser = browsers()
    refusal_shown(await browser.sign_in("kim"), REFUSED_INACTIVE)
    assert await signed_in_as(browser) is None


async def test_an_email_address_reused_by_another_person_does_not_take_over_the_account(
    browsers: Callable[..., Browser], idp: Idp
) -> None:
    await browsers().sign_in("kim")
    browser = browsers()
    refusal_shown(await browser.sign_in("kim-ny"), REFUSED_EMAIL_TAKEN)
    assert await signed_in_as(browser) is None
    kim = await account("kim@kommun.example")
    assert (kim["name"], kim["role"]) == ("Kim Karlsson", "editor")
    assert await ProviderLink.count() == 1


# --- refused by the protocol --------------------------------------------------------------


@pytest.mark.parametrize(
    ("client_id", "reason"),
    [
        ("tracker-forged-signature", "signatur godtogs inte"),
        ("tracker-wrong-issuer", "iss"),
        ("tracker-wrong-audience", "aud"),
        ("tracker-expired", "exp"),
    ],
)
async def test_an_id_token_that_fails_a_check_is_refused(
    browsers: Callable[..., Browser],
    idp: Idp,
    refusals: list[str],
    client_id: str,
    reason: str,
) -> None:
    browser = browsers(client_id=client_id)
    refusal_shown(await browser.sign_in("kim"), REFUSED_PROTOCOL)
    assert await signed_in_as(browser) is None
    assert await Account.count() == 0
    [message] = refusals
    assert "ID-token" in message and reason in message


async def test_a_provider_that_names_another_issuer_in_its_discovery_is_refused(
    browsers: Callable[..., Browser], idp: Idp, refusals: list[str]
) -> None:
    browser = browsers(issuer=idp.url + "/")  # the provider says it is idp.url, exactly
    response = await browser.app.get("/logga-in/oidc")
    assert response.status_code == 502
    assert "fungerar inte just nu" in text_of(response.text)
    assert "annan utfärdare" in refusals[0]


async def test_a_reused_state_is_refused(
    browsers: Callable[..., Browser], idp: Idp, refusals: list[str]
) -> None:
    browser = browsers()
    start = await browser.app.get("/logga-in/oidc")
    pending_cookie = browser.app.cookies[SESSION_COOKIE]
    assert (await browser.come_back(start.headers["location"], "kim")).status_code == 303
    # The same browser state again (a copied cookie), and a fresh code for the same request.
    browser.app.cookies.clear()
    browser.app.cookies.set(SESSION_COOKIE, pending_cookie, domain="testserver.local")
    again = await browser.come_back(start.headers["location"], "kim")
    refusal_shown(again, REFUSED_PROTOCOL)
    assert "state har redan använts" in refusals[-1]


async def test_a_reused_nonce_is_refused(
    browsers: Callable[..., Browser], idp: Idp, refusals: list[str]
) -> None:
    browser = browsers()
    start = await browser.app.get("/logga-in/oidc")
    nonce = parse_qs(urlsplit(start.headers["location"]).query)["nonce"][0]
    assert (await browser.come_back(start.headers["location"], "kim")).status_code == 303
    # A new sign-in (new state) whose request carries the nonce already used.
    pending = {"state": "ny-state-" + nonce[:8], "nonce": nonce, "verifier": "v" * 64}
    session = {PENDING_KEY: pending | {"next": "/", "at": time.time()}}
    replay = browsers()
    replay.app.cookies.set(
        SESSION_COOKIE, session_cookie_value(get_settings(), session), domain="testserver.local"
    )
    discovery = (await replay.idp.get(idp.url + "/.well-known/openid-configuration")).json()
    async with AsyncOAuth2Client(
        client_id="tracker",
        scope=SCOPES,
        redirect_uri=APP + "/logga-in/oidc/klar",
        code_challenge_method="S256",
    ) as client:
        url, _ = client.create_authorization_url(
            discovery["authorization_endpoint"],
            state=pending["state"],
            code_verifier=pending["verifier"],
            nonce=nonce,
        )
    refusal_shown(await replay.come_back(url, "kim"), REFUSED_PROTOCOL)
    assert await signed_in_as(replay) is None
    assert "nonce har redan använts" in refusals[-1]


async def test_an_answer_without_a_sign_in_started_in_this_browser_is_refused(
    browsers: Callable[..., Browser], idp: Idp, refusals: list[str]
) -> None:
    victim, attacker = browsers(), browsers()
    start = await attacker.app.get("/logga-in/oidc")
    callback = await through_provider(attacker.idp, start.headers["location"], "kim", APP)
    # The attacker's own answer, opened in someone else's browser (login CSRF).
    refusal_shown(await victim.app.get(callback), REFUSED_PROTOCOL)
    assert await signed_in_as(victim) is None
    assert "state saknas" in refusals[-1]


def test_the_provider_test_files_are_in_place() -> None:
    idp_dir = Path(__file__).parent / "idp"
    assert (idp_dir / "package-lock.json").is_file()
    assert '"oidc-provider": "9.13.3"' in (idp_dir / "package.json").read_text()

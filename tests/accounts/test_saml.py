"""Signing in with SAML 2.0 through the real app, against a real IdP (pysaml2's own, served on
loopback by tests/accounts/saml_idp.py): the tracker's redirect to the IdP, the IdP's signed
answer posted back to the assertion consumer service, and every refusal on the way."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar

from tests.accounts import saml_idp
from tests.accounts.saml_idp import Person, SamlIdP
from tests.support import app_client, text_of
from tracker.accounts.federation import REFUSED_NO_ROLE
from tracker.accounts.saml.refusals import REFUSALS
from tracker.accounts.tables import Account, ProviderLink
from tracker.app import create_app
from tracker.settings import get_settings, load_saml_settings

BASE = "http://testserver"
EDITOR = Person()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    saml_idp.require_xmlsec()
    return tmp_path_factory.mktemp("saml")


@pytest.fixture(scope="module")
def running_idp(folder: Path) -> Iterator[SamlIdP]:
    yield from saml_idp.serve(folder)


def _app(idp: SamlIdP, folder: Path, metadata: str, metadata_cert: str = "") -> Litestar:
    """The tracker set up for this IdP, with roles for its groups."""
    environment = saml_idp.sp_environment(idp, folder, BASE, metadata, metadata_cert)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        lists = saml_idp.lists_with_roles(folder)
        settings = dataclasses.replace(
            get_settings(), lists_dir=lists, municipality_file=lists / "municipality.toml"
        )
        return create_app(settings, pool=False)


@pytest.fixture(scope="module")
def saml_app(running_idp: SamlIdP, folder: Path) -> Litestar:
    return _app(running_idp, folder, saml_idp.metadata_file(running_idp, folder))


@pytest.fixture
async def browser(saml_app: Litestar, db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(saml_app, BASE) as http:
        yield http


@pytest.fixture
async def idp(running_idp: SamlIdP, browser: httpx.AsyncClient) -> AsyncIterator[SamlIdP]:
    """The IdP, trusting the tracker's metadata (fetched from the tracker, as an IdP's
    administrator does), reset to answer correctly for Lisa, an editor."""
    metadata = await browser.get("/saml/metadata")
    running_idp.trust(metadata.text)
    defaults = SamlIdP(running_idp.url, running_idp.keys, running_idp.other_keys)
    for field in dataclasses.fields(SamlIdP):
        if field.name not in {"url", "keys", "other_keys", "requests", "_sp_metadata"}:
            setattr(running_idp, field.name, getattr(defaults, field.name))
    yield running_idp


async def through_idp(browser: httpx.AsyncClient, nasta: str = "/") -> dict[str, str]:
    """Start at the tracker's button, follow its redirect to the IdP over real HTTP, and
    return the fields of the form the IdP's page posts back to the tracker."""
    start = await browser.get("/saml/logga-in", params={"nasta": nasta})
    assert start.status_code == 303, start.text
    async with httpx.AsyncClient() as to_idp:
        page = await to_idp.get(start.headers["location"])
    assert page.status_code == 200, page.text
    action, fields = saml_idp.posted_form(page.text)
    assert action == BASE + "/saml/acs"
    return fields


async def sign_in(browser: httpx.AsyncClient, nasta: str = "/") -> httpx.Response:
    return await browser.post("/saml/acs", data=await through_idp(browser, nasta))


async def signed_in_name(browser: httpx.AsyncClient) -> str | None:
    page = await browser.get("/konto")
    return text_of(page.text) if page.status_code == 200 else None


def refused_with(response: httpx.Response, message: str) -> None:
    assert response.status_code == 403, response.text
    assert message in text_of(response.text)
    assert "Du är inte inloggad" in text_of(response.text)


async def test_the_tracker_publishes_its_metadata(browser: httpx.AsyncClient, idp: SamlIdP) -> None:
    response = await browser.get("/saml/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/samlmetadata+xml")
    xml = response.text
    assert 'entityID="http://testserver/saml/metadata"' in xml
    assert 'AuthnRequestsSigned="true"' in xml and 'WantAssertionsSigned="true"' in xml
    assert 'Location="http://testserver/saml/acs"' in xml
    assert "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" in xml
    assert "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" in xml
    assert 'use="signing"' in xml and 'use="encryption"' in xml
    assert "OrganizationDisplayName" in xml  # the municipality, from lists/municipality.toml


async def test_the_sign_in_page_has_the_button(browser: httpx.AsyncClient) -> None:
    page = await browser.get("/logga-in?nasta=/projekt")
    assert 'href="/saml/logga-in?nasta=/projekt"' in page.text
    assert "Logga in med kommunens konto" in text_of(page.text)


async def test_an_editor_signs_in_and_lands_where_she_was_going(
    browser: httpx.AsyncClient, idp: SamlIdP
) -> None:
    response = await sign_in(browser, "/projekt")
    assert response.status_code == 303, text_of(response.text)
    assert response.headers["location"] == "/projekt"
    # The request the tracker sent was signed, asked for a persistent NameID and this ACS.
    request = idp.requests[-1].message
    assert request.name_id_policy.format.endswith(":persistent")
    assert request.assertion_consumer_service_url == BASE + "/saml/acs"
    page = await signed_in_name(browser)
    assert page is not None and "Lisa Larsson" in page
    account = await Account.select().where(Account.email == EDITOR.email).first()
    assert account is not None and account["role"] == "editor"
    link = await ProviderLink.select().first()
    assert link["protocol"] == "saml" and link["issuer"] == idp.entity_id
    assert link["subject"] == EDITOR.subject


async def test_the_request_is_signed(browser: httpx.AsyncClient, idp: SamlIdP) -> None:
    start = await browser.get("/saml/logga-in")
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"][0]


async def test_an_encrypted_assertion_is_accepted(browser: httpx.AsyncClient, idp: SamlIdP) -> None:
    idp.encrypt = True
    response = await sign_in(browser)
    assert response.status_code == 303, text_of(response.text)
    assert "Lisa Larsson" in (await signed_in_name(browser) or "")


async def test_the_role_follows_the_groups_at_every_sign_in(
    saml_app: Litestar, idp: SamlIdP, db: None
) -> None:
    idp.user = Person(groups=("urn:kommun:spararen:admin", "urn:kommun:spararen:rapporter"))
    async with _client(saml_app) as first:
        assert (await sign_in(first)).status_code == 303
    account = await Account.select().where(Account.email == EDITOR.email).first()
    assert account["role"] == "admin" and account["report_manager"]
    idp.user = Person(groups=("urn:kommun:spararen:lasare",))
    async with _client(saml_app) as second:
        assert (await sign_in(second)).status_code == 303
    account = await Account.select().where(Account.email == EDITOR.email).first()
    assert account["role"] == "reader" and not account["report_manager"]


def _client(app: Litestar) -> httpx.AsyncClient:
    return app_client(app, BASE)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"signed": False}, "unsigned"),
        ({"signed": False, "encrypt": True}, "unsigned"),
        ({"key": "other"}, "bad_signature"),
        ({"audience": "https://en-annan-tjanst.example/sp"}, "audience"),
        ({"clock_behind_seconds": 20 * 60}, "expired"),  # 5 minutes past, the skew is 1
        (
            {
                "sign_alg": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                "digest_alg": "http://www.w3.org/2000/09/xmldsig#sha1",
            },
            "weak_signature",
        ),
        ({"name_id_format": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"}, "no_subject"),
    ],
)
async def test_a_response_the_tracker_cannot_trust_signs_no_one_in(
    browser: httpx.AsyncClient,
    idp: SamlIdP,
    change: dict[str, Any],
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name, value in change.items():
        setattr(idp, name, value)
    fields = await through_idp(browser)
    with caplog.at_level(logging.WARNING, logger="tracker.accounts.federation"):
        response = await browser.post("/saml/acs", data=fields)
    refused_with(response, REFUSALS[reason])
    assert await signed_in_name(browser) is None
    assert await Account.count() == 0
    logged = [r.getMessage() for r in caplog.records if r.name == "tracker.accounts.federation"]
    assert len(logged) == 1 and f"orsak={reason}" in logged[0]
    # Logged without the response or the assertion.
    assert fields["SAMLResponse"][:40] not in logged[0] and "<" not in logged[0]


async def test_a_clock_behind_within_the_allowed_skew_is_accepted(
    browser: httpx.AsyncClient, idp: SamlIdP
) -> None:
    idp.clock_behind_seconds = 15 * 60 + 30  # NotOnOrAfter 30 s ago; 60 s are allowed
    response = await sign_in(browser)
    assert response.status_code == 303, text_of(response.text)


async def test_a_replayed_response_is_refused_even_by_another_server_process(
    saml_app: Litestar, running_idp: SamlIdP, folder: Path, idp: SamlIdP, db: None
) -> None:
    async with _client(saml_app) as victim:
        fields = await through_idp(victim)
        started = dict(victim.cookies)
        assert (await victim.post("/saml/acs", data=fields)).status_code == 303
    # Whoever copied the posted form and the browser's cookies posts them again: to the same
    # server, and to a second one (another app, as another process would be) on the database.
    other = _app(running_idp, folder, saml_idp.metadata_file(running_idp, folder))
    for app in (saml_app, other):
        async with _client(app) as thief:
            thief.cookies.update(started)
            refused_with(await thief.post("/saml/acs", data=fields), REFUSALS["replayed"])
            assert await signed_in_name(thief) is None


async def test_the_same_response_posted_twice_at_once_signs_in_once(
    saml_app: Litestar, idp: SamlIdP, db: None
) -> None:
    async with _client(saml_app) as first, _client(saml_app) as second:
        fields = await through_idp(first)
        second.cookies.update(dict(first.cookies))
        answers = await asyncio.gather(
            first.post("/saml/acs", data=fields), second.post("/saml/acs", data=fields)
        )
    assert sorted(answer.status_code for answer in answers) == [303, 403]


async def test_only_a_local_page_is_gone_to_after_sign_in(
    browser: httpx.AsyncClient, idp: SamlIdP
) -> None:
    response = await sign_in(browser, "https://elak.example/fiske")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_over_https_the_pending_sign_in_cookie_crosses_sites_but_only_securely(
    running_idp: SamlIdP, folder: Path, db: None
) -> None:
    environment = saml_idp.sp_environment(
        running_idp, folder, BASE, saml_idp.metadata_file(running_idp, folder)
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        secure = dataclasses.replace(get_settings(), secure_cookies=True)
        app = create_app(secure, pool=False)
    async with _client(app) as browser:
        start = await browser.get("/saml/logga-in")
    cookie = start.headers["set-cookie"].lower()
    assert cookie.startswith("__host-tracker-saml=")
    for part in ("samesite=none", "secure", "httponly", "path=/", "max-age=600"):
        assert part in cookie


async def test_a_response_to_another_browsers_request_is_refused(
    saml_app: Litestar, idp: SamlIdP, db: None
) -> None:
    """An attacker's own sign-in, posted from the victim's browser (login CSRF), or a
    response nobody asked for, signs no one in."""
    async with _client(saml_app) as attacker, _client(saml_app) as victim:
        fields = await through_idp(attacker)
        await through_idp(victim)  # the victim has a sign-in of her own under way
        refused_with(await victim.post("/saml/acs", data=fields), REFUSALS["unsolicited"])
    async with _client(saml_app) as stranger:
        refused_with(await stranger.post("/saml/acs", data=fields), REFUSALS["unsolicited"])


async def test_groups_that_give_no_role_sign_in_as_no_one(
    browser: httpx.AsyncClient, idp: SamlIdP
) -> None:
    idp.user = Person(groups=("urn:kommun:alla-anstallda",))
    response = await sign_in(browser, "/projekt")
    refused_with(response, REFUSED_NO_ROLE)
    assert await signed_in_name(browser) is None
    assert (await browser.get("/projekt")).status_code in {303, 401}


async def test_garbage_and_an_empty_post_are_refused_not_errors(
    browser: httpx.AsyncClient, idp: SamlIdP
) -> None:
    await through_idp(browser)
    for data in ({"SAMLResponse": "bm90IHhtbA=="}, {}, {"SAMLResponse": "%%%"}):
        response = await browser.post("/saml/acs", data=data)
        assert response.status_code == 403
        assert "Du är inte inloggad" in text_of(response.text)


async def test_the_idp_metadata_can_come_from_a_url(idp: SamlIdP, folder: Path) -> None:
    app = _app(idp, folder, idp.url + "/metadata")
    async with _client(app) as browser:
        idp.trust((await browser.get("/saml/metadata")).text)
        response = await sign_in(browser)
        assert response.status_code == 303, text_of(response.text)


async def test_federation_metadata_must_be_signed_by_the_federations_key(
    running_idp: SamlIdP, folder: Path, db: None
) -> None:
    """With TRACKER_SAML_IDP_METADATA_CERT, metadata signed with that key is used; unsigned
    metadata, or metadata signed with another key, is not: sign-in is unavailable."""
    signed = saml_idp.metadata_file(running_idp, folder, signed=True)
    unsigned = saml_idp.metadata_file(running_idp, folder)
    for metadata, cert, works in [
        (signed, running_idp.keys.cert_file, True),
        (unsigned, running_idp.keys.cert_file, False),
        (signed, running_idp.other_keys.cert_file, False),
    ]:
        async with _client(_app(running_idp, folder, metadata, cert)) as browser:
            start = await browser.get("/saml/logga-in")
            assert (start.status_code == 303) is works, text_of(start.text)
            if not works:
                assert start.status_code == 503
                assert "Inloggning med kommunens konto fungerar inte just nu" in text_of(start.text)


async def test_a_missing_key_file_makes_sign_in_unavailable_not_an_error(
    running_idp: SamlIdP, folder: Path, db: None
) -> None:
    environment = saml_idp.sp_environment(
        running_idp, folder, BASE, saml_idp.metadata_file(running_idp, folder)
    )
    environment |= {"TRACKER_SAML_KEY": str(folder / "saknas.key")}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        app = create_app(pool=False)
    async with _client(app) as browser:
        for path in ("/saml/logga-in", "/saml/metadata"):
            response = await browser.get(path)
            assert response.status_code == 503, path
            assert "fungerar inte just nu" in text_of(response.text)


async def test_without_saml_settings_there_is_no_saml(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/saml/metadata")).status_code == 404
    assert (await anonymous.get("/saml/logga-in")).status_code == 404
    page = await anonymous.get("/logga-in")
    assert "/saml/logga-in" not in page.text


def test_the_settings_check_the_clock_skew_and_the_keys() -> None:
    assert load_saml_settings({}).enabled is False
    assert load_saml_settings({}).clock_skew == 60
    with pytest.raises(ValueError, match="TRACKER_SAML_CLOCK_SKEW"):
        load_saml_settings({"TRACKER_SAML_CLOCK_SKEW": "3600"})
    with pytest.raises(ValueError, match="TRACKER_SAML_KEY"):
        load_saml_settings({"TRACKER_SAML_IDP_METADATA": "/etc/idp.xml"})

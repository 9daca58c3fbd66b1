"""OpenID Connect: the authorization code flow with PKCE, `state` and `nonce`, against the
provider found by discovery (TRACKER_OIDC_ISSUER). Authlib makes the authorization request and
exchanges the code; joserfc checks the ID token (signature against the provider's JWKS,
issuer, audience, expiry, nonce). Who signed in is then handed to the rules every protocol
shares (tracker.accounts.federation).

A refusal raises OidcRefused with the reason for the log, never with a token.
"""

from __future__ import annotations

import hmac
import secrets
import time
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from tracker.accounts.federation import ProviderIdentity
from tracker.accounts.tokens import TokenSpent, spend_once
from tracker.settings import OidcSettings

with warnings.catch_warnings():
    # Authlib 1.9 asks for the httpx2 fork and warns on every start that it falls back to
    # httpx, which is the app's own HTTP client; its "always" filter is undone with the block.
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError

PENDING_KEY = "oidc"  # the session's sign-in in progress: state, nonce, PKCE verifier, next
PENDING_LIFETIME = 600  # seconds from the button to the provider's answer
LEEWAY = 60  # seconds of clock difference tolerated in the ID token's times
CACHE_SECONDS = 3600  # discovery and keys are read again after an hour (or on a new key id)
# Asymmetric signatures only: never "none", never a MAC keyed with the client secret.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
TIMEOUT = httpx.Timeout(10.0)


class OidcRefused(Exception):
    """The provider's answer was not accepted; `reason` is for the log (no token in it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None


_discovered: dict[str, tuple[float, Discovery]] = {}
_keys: dict[str, tuple[float, KeySet]] = {}


async def _get_json(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            response = await http.get(url, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise OidcRefused(f"kunde inte läsa {url}: {type(error).__name__}") from error
    if not isinstance(data, dict):
        raise OidcRefused(f"{url} svarade inte med ett JSON-objekt")
    return data


async def discover(settings: OidcSettings) -> Discovery:
    """The provider's metadata (OpenID Connect Discovery), whose issuer must be the configured
    one exactly."""
    cached = _discovered.get(settings.issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    data = await _get_json(settings.issuer.rstrip("/") + "/.well-known/openid-configuration")
    if data.get("issuer") != settings.issuer:
        raise OidcRefused(f"discovery anger en annan utfärdare: {data.get('issuer')!r}")
    try:
        found = Discovery(
            issuer=settings.issuer,
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            userinfo_endpoint=data.get("userinfo_endpoint"),
            end_session_endpoint=data.get("end_session_endpoint"),
        )
    except KeyError as error:
        raise OidcRefused(f"discovery saknar {error}") from error
    _discovered[settings.issuer] = (time.monotonic() + CACHE_SECONDS, found)
    return found


async def _key_set(discovery: Discovery, *, fresh: bool = False) -> KeySet:
    """The provider's signing keys (read again with `fresh`, when a token names a key id not
    among them: the provider rolled its keys)."""
    cached = _keys.get(discovery.jwks_uri)
    if cached and cached[0] > time.monotonic() and not fresh:
        return cached[1]
    data = await _get_json(discovery.jwks_uri)
    try:
        keys = KeySet.import_key_set(
            {"keys": [key for key in data.get("keys", []) if key.get("use", "sig") == "sig"]}
        )
    except (JoseError, ValueError, TypeError, AttributeError) as error:
        raise OidcRefused("providerns nycklar (JWKS) gick inte att läsa") from error
    _keys[discovery.jwks_uri] = (time.monotonic() + CACHE_SECONDS, keys)
    return keys


def _client(settings: OidcSettings) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scope=settings.scopes,
        redirect_uri=settings.redirect_uri,
        code_challenge_method="S256",
        timeout=TIMEOUT,
    )


async def begin(settings: OidcSettings, destination: str) -> tuple[str, dict[str, Any]]:
    """The provider's authorization URL, and what the session keeps until the answer."""
    discovery = await discover(settings)
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(48),
        "next": destination,
        "at": time.time(),
    }
    async with _client(settings) as client:
        url, _ = client.create_authorization_url(
            discovery.authorization_endpoint,
            state=pending["state"],
            code_verifier=pending["verifier"],
            nonce=pending["nonce"],
        )
    return url, pending


def _check_answer(settings: OidcSettings, pending: Any, params: dict[str, str]) -> str:
    """The code from the provider's answer, after the answer is matched to the sign-in this
    browser started; OidcRefused otherwise."""
    if "error" in params:
        raise OidcRefused(f"providern svarade med felet {params['error'][:100]!r}")
    if not isinstance(pending, dict) or not isinstance(pending.get("state"), str):
        raise OidcRefused("ingen inloggning påbörjad i den här webbläsaren (state saknas)")
    if not hmac.compare_digest(params.get("state", ""), pending["state"]):
        raise OidcRefused("state stämmer inte med inloggningen som påbörjades")
    if time.time() - float(pending.get("at", 0)) > PENDING_LIFETIME:
        raise OidcRefused("inloggningen påbörjades för länge sedan")
    # RFC 9207: a provider that names itself in the answer must be ours (mix-up attacks).
    if "iss" in params and params["iss"] != settings.issuer:
        raise OidcRefused("svaret kommer från en annan utfärdare")
    if not params.get("code"):
        raise OidcRefused("svaret saknar code")
    return params["code"]


async def _spend(kind: str, value: str) -> None:
    try:
        await spend_once(f"oidc-{kind}:{value}", 0)
    except TokenSpent as error:
        raise OidcRefused(f"{kind} har redan använts") from error


async def _id_token_claims(
    settings: OidcSettings, discovery: Discovery, id_token: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, after its signature, issuer, audience, times and nonce are checked."""
    try:
        try:
            token = jwt.decode(id_token, await _key_set(discovery), list(SIGNING_ALGORITHMS))
        except InvalidKeyIdError:
            keys = await _key_set(discovery, fresh=True)
            token = jwt.decode(id_token, keys, list(SIGNING_ALGORITHMS))
    except JoseError as error:
        raise OidcRefused(f"ID-tokenets signatur godtogs inte ({error.error})") from error
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": settings.issuer},
        aud={"essential": True, "value": settings.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise OidcRefused(
            f"ID-tokenet godtogs inte ({error.error}: {error.description})"
        ) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.client_id:
        raise OidcRefused("ID-tokenet har flera mottagare men azp är inte appen")
    return claims


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _groups(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value if isinstance(item, str | int))


async def finish(
    settings: OidcSettings, pending: Any, params: dict[str, str]
) -> tuple[ProviderIdentity, str]:
    """Who signed in, from the provider's answer (the callback's query) to the sign-in this
    browser started (`pending`, from its session), and where to go next; OidcRefused when any
    check fails. The state and the nonce are spent: neither works a second time."""
    code = _check_answer(settings, pending, params)
    await _spend("state", pending["state"])
    discovery = await discover(settings)
    async with _client(settings) as client:
        try:
            tokens = await client.fetch_token(
                discovery.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=pending["verifier"],
            )
        except (OAuthError, httpx.HTTPError, ValueError) as error:
            raise OidcRefused(
                f"koden kunde inte bytas mot token ({type(error).__name__})"
            ) from error
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise OidcRefused("svaret saknar ID-token")
        claims = await _id_token_claims(settings, discovery, id_token, pending["nonce"])
        await _spend("nonce", pending["nonce"])
        if discovery.userinfo_endpoint:
            try:
                response = await client.get(discovery.userinfo_endpoint)
                response.raise_for_status()
                info = response.json()
            except (OAuthError, httpx.HTTPError, ValueError) as error:
                raise OidcRefused(f"userinfo kunde inte läsas ({type(error).__name__})") from error
            if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
                raise OidcRefused("userinfo gäller en annan person än ID-tokenet")
            claims = {**claims, **info}
    identity = ProviderIdentity(
        protocol="oidc",
        issuer=settings.issuer,
        subject=claims["sub"],
        name=_text(claims.get(settings.name_claim)),
        email=_text(claims.get(settings.email_claim)) or None,
        groups=_groups(claims.get(settings.groups_claim)),
    )
    return identity, str(pending.get("next") or "/")


async def end_session_url(settings: OidcSettings) -> str | None:
    """Where to send the browser to sign out at the provider too (RP-initiated logout), when
    its discovery offers it; back to the sign-in page after."""
    try:
        discovery = await discover(settings)
    except OidcRefused:
        return None
    if not discovery.end_session_endpoint:
        return None
    query = urlencode(
        {
            "client_id": settings.client_id,
            "post_logout_redirect_uri": f"{settings.base_url}/logga-in?utloggad=ja",
        }
    )
    separator = "&" if "?" in discovery.end_session_endpoint else "?"
    return f"{discovery.end_session_endpoint}{separator}{query}"

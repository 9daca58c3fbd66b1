"""Settings read from environment variables, once, with safe defaults for a developer machine."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "tracker.sqlite"
DEV_SECRET_KEY = "utvecklingsnyckel-byt-i-produktion"
# A key of real strength: at least 32 characters, not the development key, not one repeated
# character. `python3 -c "import secrets; print(secrets.token_urlsafe(48))"` makes one.
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 10


@dataclass(frozen=True, slots=True)
class OidcSettings:
    """Signing in through an OpenID Connect provider (Entra ID and others), see the README."""

    issuer: str  # TRACKER_OIDC_ISSUER, e.g. https://login.microsoftonline.com/<tenant>/v2.0
    client_id: str  # TRACKER_OIDC_CLIENT_ID
    client_secret: str  # TRACKER_OIDC_CLIENT_SECRET
    base_url: str  # TRACKER_BASE_URL: the app's address, for the redirect URI
    scopes: str = "openid profile email"  # TRACKER_OIDC_SCOPES
    name_claim: str = "name"  # TRACKER_OIDC_NAME_CLAIM
    email_claim: str = "email"  # TRACKER_OIDC_EMAIL_CLAIM (Entra ID: email or preferred_username)
    groups_claim: str = "groups"  # TRACKER_OIDC_GROUPS_CLAIM
    label: str = "Logga in med kommunens konto"  # TRACKER_OIDC_BUTTON: the button's text

    @property
    def redirect_uri(self) -> str:
        return f"{self.base_url}/logga-in/oidc/klar"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    secret_key: str
    host: str
    port: int
    secure_cookies: bool
    phases_dir: Path
    lists_dir: Path
    templates_dir: Path
    municipality_file: Path  # the municipality's name, address and logo (lists/municipality.toml)
    # Reverse proxies whose X-Forwarded-For names the client (addresses or networks).
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # TRACKER_LOCAL_SIGNIN=off: passwords only for the break-glass administrators, named by
    # e-mail address in TRACKER_BREAK_GLASS; everyone else signs in through the provider.
    local_signin: bool = True
    break_glass: frozenset[str] = frozenset()
    oidc: OidcSettings | None = None  # None: no OpenID Connect provider is set up

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file named by a `sqlite:///path` URL (relative paths from the repo root)."""
        raw = self.database_url.removeprefix("sqlite:///")
        path = Path(raw)
        return path if path.is_absolute() else REPO_ROOT / path


def _database_url(raw: str | None) -> str:
    if not raw:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if raw.startswith(("postgresql://", "postgres://", "sqlite:///")):
        return raw
    raise ValueError(
        f"TRACKER_DATABASE_URL måste börja med postgresql:// eller sqlite:/// (fick {raw!r})"
    )


def _networks(raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in raw.split(",")
            if part.strip()
        )
    except ValueError as error:
        raise ValueError(
            f"TRACKER_TRUSTED_PROXIES ska vara adresser eller nät åtskilda med kommatecken, "
            f"som 10.0.0.5,10.1.0.0/16 (fick {raw!r})"
        ) from error


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Any, ...]) -> str:
    """The client's address: the peer's own, unless the peer is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not a trusted proxy (a client can put anything
    at the start of the header, so it is read from the right)."""
    if not peer:
        return "okänd"
    if not trusted or not _is_trusted(peer, trusted) or not forwarded_for:
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        if not hop:
            continue
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return peer


def _is_trusted(address: str, trusted: tuple[Any, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    lists_dir = Path(env.get("TRACKER_LISTS_DIR") or REPO_ROOT / "lists")
    return Settings(
        database_url=_database_url(env.get("TRACKER_DATABASE_URL")),
        secret_key=env.get("TRACKER_SECRET_KEY") or DEV_SECRET_KEY,
        host=env.get("TRACKER_HOST") or "127.0.0.1",
        port=int(env.get("TRACKER_PORT") or 8000),
        secure_cookies=env.get("TRACKER_SECURE_COOKIES", "").lower() in {"1", "true", "ja"},
        phases_dir=Path(env.get("TRACKER_PHASES_DIR") or REPO_ROOT / "phases"),
        lists_dir=lists_dir,
        templates_dir=REPO_ROOT / "templates",
        # A file name is looked for in the lists folder; a path is used as it is.
        municipality_file=lists_dir / (env.get("TRACKER_MUNICIPALITY") or "municipality.toml"),
        trusted_proxies=_networks(env.get("TRACKER_TRUSTED_PROXIES") or ""),
        local_signin=_switch(env, "TRACKER_LOCAL_SIGNIN", default=True),
        break_glass=frozenset(
            part.strip().lower()
            for part in (env.get("TRACKER_BREAK_GLASS") or "").split(",")
            if part.strip()
        ),
        oidc=_oidc(env),
    )


def _oidc(env: Any) -> OidcSettings | None:
    issuer = (env.get("TRACKER_OIDC_ISSUER") or "").strip()  # compared exactly, as it is
    if not issuer:
        return None
    client_id = (env.get("TRACKER_OIDC_CLIENT_ID") or "").strip()
    if not client_id or not env.get("TRACKER_OIDC_CLIENT_SECRET"):
        raise ValueError(
            "TRACKER_OIDC_ISSUER är satt, men TRACKER_OIDC_CLIENT_ID eller "
            "TRACKER_OIDC_CLIENT_SECRET saknas"
        )
    if not issuer.startswith("https://") and not _is_loopback_url(issuer):
        raise ValueError(f"TRACKER_OIDC_ISSUER måste börja med https:// (fick {issuer!r})")
    defaults = OidcSettings("", "", "", "")
    return OidcSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=env["TRACKER_OIDC_CLIENT_SECRET"],
        base_url=(env.get("TRACKER_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
        scopes=env.get("TRACKER_OIDC_SCOPES") or defaults.scopes,
        name_claim=env.get("TRACKER_OIDC_NAME_CLAIM") or defaults.name_claim,
        email_claim=env.get("TRACKER_OIDC_EMAIL_CLAIM") or defaults.email_claim,
        groups_claim=env.get("TRACKER_OIDC_GROUPS_CLAIM") or defaults.groups_claim,
        label=env.get("TRACKER_OIDC_BUTTON") or defaults.label,
    )


def _is_loopback_url(url: str) -> bool:
    """http:// only to a provider on this machine (the tests' provider)."""
    host = url.removeprefix("http://").split("/")[0].rsplit(":", 1)[0]
    return url.startswith("http://") and is_loopback(host)


ON = {"1", "true", "ja", "yes", "on", "på"}
OFF = {"0", "false", "nej", "no", "off", "av"}


def _switch(env: Any, name: str, *, default: bool) -> bool:
    """An on/off setting; anything but a known word is refused, so a typo never opens up."""
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ON | OFF:
        return raw in ON
    raise ValueError(f"{name} ska vara on eller off (fick {raw!r})")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def weak_secret_key(secret_key: str) -> str | None:
    """Why this key is not strong enough to sign sessions, CSRF and preview tokens, or None."""
    if secret_key == DEV_SECRET_KEY:
        return "TRACKER_SECRET_KEY är inte satt, så utvecklingsnyckeln från källkoden används"
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        return f"TRACKER_SECRET_KEY är kortare än {MIN_SECRET_KEY_LENGTH} tecken"
    if len(set(secret_key)) < MIN_SECRET_KEY_DISTINCT:
        return "TRACKER_SECRET_KEY har för få olika tecken"
    return None


def is_loopback(host: str) -> bool:
    """Whether `host` only listens on this machine (127.0.0.0/8, ::1 or localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_key_check(secret_key: str, host: str) -> tuple[bool, str | None]:
    """(refuse, message) for serving on `host` with this key: a weak key is refused on any
    address but loopback, and warned about on loopback."""
    problem = weak_secret_key(secret_key)
    if problem is None:
        return False, None
    advice = (
        'Skapa en nyckel med python3 -c "import secrets; print(secrets.token_urlsafe(48))" '
        "och sätt den i TRACKER_SECRET_KEY."
    )
    if is_loopback(host):
        return False, f"Varning: {problem}. Det duger bara på den egna datorn. {advice}"
    return True, (
        f"Appen startar inte på {host}: {problem}. Med en känd nyckel kan vem som helst "
        f"förfalska inloggningar. {advice}"
    )


# SAML 2.0 sign-in (tracker/accounts/saml/). Off unless TRACKER_SAML_IDP_METADATA is set.
DEFAULT_SAML_CLOCK_SKEW = 60  # seconds a clock may be off either way
MAX_SAML_CLOCK_SKEW = 300


@dataclass(frozen=True, slots=True)
class SamlSettings:
    idp_metadata: str  # a file path or an https:// URL; empty: SAML sign-in is off
    idp_entity_id: str  # which IdP in the metadata; empty: the only one there
    metadata_cert: str  # a certificate the IdP metadata's signature must verify with
    base_url: str  # TRACKER_BASE_URL: the tracker's address as browsers reach it
    entity_id: str  # the tracker's own entity id
    key_file: str  # the tracker's private key: signs requests, decrypts assertions
    cert_file: str
    name_attribute: str
    email_attribute: str
    groups_attribute: str
    clock_skew: int  # seconds
    button_label: str

    @property
    def enabled(self) -> bool:
        return bool(self.idp_metadata)

    @property
    def acs_url(self) -> str:
        return self.base_url + "/saml/acs"


def load_saml_settings(environ: dict[str, str] | None = None) -> SamlSettings:
    env = os.environ if environ is None else environ
    base_url = (env.get("TRACKER_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
    raw_skew = env.get("TRACKER_SAML_CLOCK_SKEW") or str(DEFAULT_SAML_CLOCK_SKEW)
    if not raw_skew.isdigit() or int(raw_skew) > MAX_SAML_CLOCK_SKEW:
        raise ValueError(
            f"TRACKER_SAML_CLOCK_SKEW ska vara ett antal sekunder, högst {MAX_SAML_CLOCK_SKEW} "
            f"(fick {raw_skew!r})"
        )
    settings = SamlSettings(
        idp_metadata=env.get("TRACKER_SAML_IDP_METADATA", "").strip(),
        idp_entity_id=env.get("TRACKER_SAML_IDP_ENTITY_ID", "").strip(),
        metadata_cert=env.get("TRACKER_SAML_IDP_METADATA_CERT", "").strip(),
        base_url=base_url,
        entity_id=env.get("TRACKER_SAML_ENTITY_ID") or base_url + "/saml/metadata",
        key_file=env.get("TRACKER_SAML_KEY", "").strip(),
        cert_file=env.get("TRACKER_SAML_CERT", "").strip(),
        name_attribute=env.get("TRACKER_SAML_NAME_ATTRIBUTE") or "displayName",
        email_attribute=env.get("TRACKER_SAML_EMAIL_ATTRIBUTE") or "mail",
        groups_attribute=env.get("TRACKER_SAML_GROUPS_ATTRIBUTE") or "eduPersonEntitlement",
        clock_skew=int(raw_skew),
        button_label=env.get("TRACKER_SAML_BUTTON") or "Logga in med kommunens konto",
    )
    if settings.enabled and not (settings.key_file and settings.cert_file):
        raise ValueError(
            "TRACKER_SAML_KEY och TRACKER_SAML_CERT behövs när TRACKER_SAML_IDP_METADATA är satt: "
            "tjänstens nyckel och certifikat (för att ta emot krypterade intyg)"
        )
    return settings

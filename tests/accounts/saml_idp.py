"""A real SAML 2.0 identity provider for the tests: pysaml2's own IdP (`saml2.server.Server`)
behind a small HTTP server on loopback, with keys and certificates made for the test run.

It serves its metadata at /metadata and signs people in at /sso (HTTP-Redirect binding): it
checks the tracker's signed authentication request, then answers, for the person in `user`,
with the HTML form that posts the response to the tracker's assertion consumer service, as
an IdP does after its own sign-in page. What the tests change (`signed`, `key`, `audience`,
`lifetime_minutes`, `encrypt`) makes it answer the way a broken or hostile IdP would.
"""

from __future__ import annotations

import datetime
import html
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.samlp import response_from_string
from saml2.server import Server
from saml2.sigver import pre_signature_part
from saml2.time_util import TIME_FORMAT, str_to_time
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

XMLSEC = shutil.which("xmlsec1")
REPO_LISTS = Path(__file__).resolve().parents[2] / "lists"


@dataclass(frozen=True)
class KeyPair:
    key_file: str
    cert_file: str


def make_key_pair(folder: Path, name: str) -> KeyPair:
    """A 2048-bit RSA key and a self-signed certificate for it, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    today = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(today - datetime.timedelta(days=1))
        .not_valid_after(today + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return KeyPair(str(key_file), str(cert_file))


@dataclass
class Person:
    subject: str = "a1b2c3-persistent-id-of-lisa"
    name: str = "Lisa Larsson"
    email: str | None = "lisa.larsson@kommun.example"
    groups: tuple[str, ...] = ("urn:kommun:spararen:redaktor",)


_SERVERS: dict[tuple[Any, ...], Server] = {}


@dataclass
class SamlIdP:
    """The IdP; change the fields between requests to change its next answer."""

    url: str
    keys: KeyPair
    other_keys: KeyPair  # a key the tracker does not trust
    user: Person = field(default_factory=Person)
    signed: bool = True
    key: str = "own"  # "own" or "other": which key signs the assertion
    audience: str | None = None  # None: the tracker's entity id
    lifetime_minutes: int = 15  # negative: already expired when sent
    encrypt: bool = False
    clock_behind_seconds: int = 0  # the IdP's clock is this far behind: its times are older
    sign_alg: str = SIG_RSA_SHA256
    digest_alg: str = DIGEST_SHA256
    name_id_format: str = NAMEID_FORMAT_PERSISTENT
    requests: list[Any] = field(default_factory=list)  # the authentication requests received
    _sp_metadata: str | None = None

    @property
    def entity_id(self) -> str:
        return self.url + "/idp"

    def _server(self, keys: KeyPair) -> Server:
        """pysaml2's IdP with these keys, made once for each set-up (parsing the tracker's
        metadata is the slow part)."""
        key = (keys, self.lifetime_minutes, self._sp_metadata)
        if key not in _SERVERS:
            _SERVERS[key] = Server(config=self._config(keys))
        return _SERVERS[key]

    def _config(self, keys: KeyPair) -> IdPConfig:
        config: dict[str, Any] = {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": keys.key_file,
            "cert_file": keys.cert_file,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(self.url + "/sso", BINDING_HTTP_REDIRECT)]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": self.lifetime_minutes},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
        }
        if self._sp_metadata:
            config["metadata"] = {"inline": [self._sp_metadata]}
        idp = IdPConfig()
        idp.load(config)
        return idp

    def metadata(self, *, signed: bool = False) -> str:
        """The IdP's metadata; `signed`: with a signature by its own key, as a federation's."""
        config = self._config(self.keys)
        metadata = create_metadata_string(None, config=config, valid=24, sign=signed)
        return metadata.decode() if isinstance(metadata, bytes) else str(metadata)

    def trust(self, sp_metadata: str) -> None:
        """Read the tracker's metadata, as an IdP's administrator does at registration."""
        self._sp_metadata = sp_metadata

    def answer(self, query: str) -> str:
        """The IdP's answer to a GET /sso: the auto-posting form with the signed response."""
        args = {key: values[0] for key, values in parse_qs(query).items()}
        verifier = self._server(self.keys)
        request = verifier.parse_authn_request(
            args["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=args.get("RelayState"),
            sigalg=args.get("SigAlg"),
            signature=args.get("Signature"),
        )
        self.requests.append(request)
        message = request.message
        server = self._server(self.other_keys if self.key == "other" else self.keys)
        sp = message.issuer.text
        identity = {"displayName": [self.user.name], "eduPersonEntitlement": list(self.user.groups)}
        if self.user.email:
            identity["mail"] = [self.user.email]
        response = server.create_authn_response(
            identity,
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=self.audience or sp,
            name_id=NameID(format=self.name_id_format, text=self.user.subject),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=self.signed and not self.clock_behind_seconds,
            sign_response=False,
            encrypt_assertion=self.encrypt,
            encrypt_assertion_self_contained=True,
            encrypt_cert_assertion=None,
            sign_alg=self.sign_alg,
            digest_alg=self.digest_alg,
        )
        if self.clock_behind_seconds:
            response = self._behind(server, str(response))
        form = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            message.assertion_consumer_service_url,
            args.get("RelayState", ""),
            response=True,
        )
        return str(form["data"])

    def _behind(self, server: Server, xml: str) -> str:
        """The response with every time in it moved back, then signed: what an IdP whose
        clock is behind sends."""
        response = response_from_string(xml)
        assertion = response.assertion[0]
        back = datetime.timedelta(seconds=self.clock_behind_seconds)

        def moved(stamp: str | None) -> str | None:
            if not stamp:
                return stamp
            then = datetime.datetime(*str_to_time(stamp)[:6]) - back
            return then.strftime(TIME_FORMAT)

        response.issue_instant = moved(response.issue_instant)
        assertion.issue_instant = moved(assertion.issue_instant)
        conditions = assertion.conditions
        conditions.not_before = moved(conditions.not_before)
        conditions.not_on_or_after = moved(conditions.not_on_or_after)
        for statement in assertion.authn_statement:
            statement.authn_instant = moved(statement.authn_instant)
            statement.session_not_on_or_after = moved(statement.session_not_on_or_after)
        for confirmation in assertion.subject.subject_confirmation:
            data = confirmation.subject_confirmation_data
            data.not_on_or_after = moved(data.not_on_or_after)
            data.not_before = moved(data.not_before)
        if not self.signed:
            return str(response)
        assertion.signature = pre_signature_part(
            assertion.id, server.sec.my_cert, 1, sign_alg=self.sign_alg, digest_alg=self.digest_alg
        )
        return str(
            server.sec.sign_statement(
                str(response),
                "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                node_id=assertion.id,
            )
        )


def posted_form(page: str) -> tuple[str, dict[str, str]]:
    """The action and fields of the form on the IdP's answer page (a browser posts it)."""
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', page)[1])  # type: ignore[index]
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
    }
    return action, fields


def _handler(idp: SamlIdP) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/metadata":
                self._send(200, idp.metadata(), "application/samlmetadata+xml")
            elif parts.path == "/sso":
                try:
                    self._send(200, idp.answer(parts.query), "text/html; charset=utf-8")
                except Exception as error:  # the tracker's request was refused
                    self._send(400, f"IdP: {type(error).__name__}: {error}", "text/plain")
            else:
                self._send(404, "", "text/plain")

        def _send(self, status: int, body: str, media_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("content-type", media_type)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def serve(folder: Path) -> Iterator[SamlIdP]:
    """Run the IdP on a free loopback port until the generator is closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    idp = SamlIdP(url, make_key_pair(folder, "idp"), make_key_pair(folder, "impostor"))
    server.RequestHandlerClass = _handler(idp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()


# The groups the test IdP sends, and the roles lists/sign-in-roles.toml gives them in the tests.
ROLES_TOML = """
admin = ["urn:kommun:spararen:admin"]
editor = ["urn:kommun:spararen:redaktor"]
reader = ["urn:kommun:spararen:lasare"]
report_manager = ["urn:kommun:spararen:rapporter"]
"""


def require_xmlsec() -> None:
    """Skip the SAML tests where xmlsec1 is missing; in CI (CI=true) fail instead."""
    if XMLSEC:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("xmlsec1 saknas, men i CI (CI=true) måste SAML-testerna köras.")
    pytest.skip("xmlsec1 finns inte (installera med 'apt-get install xmlsec1'); SAML hoppas över.")


def lists_with_roles(folder: Path) -> Path:
    """A copy of the lists folder whose roles file gives the test IdP's groups their roles."""
    target = folder / "lists"
    shutil.copytree(REPO_LISTS, target, dirs_exist_ok=True)
    (target / "sign-in-roles.toml").write_text(ROLES_TOML, encoding="utf-8")
    return target


def sp_environment(
    idp: SamlIdP, folder: Path, base_url: str, metadata: str, metadata_cert: str = ""
) -> dict[str, str]:
    """The tracker's SAML settings for this IdP; `metadata`: a file or the IdP's URL."""
    existing = KeyPair(str(folder / "sp.key"), str(folder / "sp.crt"))
    sp = existing if Path(existing.key_file).exists() else make_key_pair(folder, "sp")
    return {
        "TRACKER_SAML_IDP_METADATA": metadata,
        "TRACKER_SAML_KEY": sp.key_file,
        "TRACKER_SAML_CERT": sp.cert_file,
        "TRACKER_BASE_URL": base_url,
        "TRACKER_SAML_CLOCK_SKEW": "60",
        "TRACKER_SAML_IDP_METADATA_CERT": metadata_cert,
    }


def metadata_file(idp: SamlIdP, folder: Path, *, signed: bool = False) -> str:
    path = folder / ("idp-metadata-signed.xml" if signed else "idp-metadata.xml")
    path.write_text(idp.metadata(signed=signed), encoding="utf-8")
    return str(path)

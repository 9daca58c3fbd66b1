"""The SAML protocol steps: the authentication request the tracker sends, and the checks of
the response the identity provider posts back. pysaml2 does the XML, the signatures (with
xmlsec1) and the conditions; this module says which refusals a person sees.

Both functions block (xmlsec1 runs as a subprocess): the controller calls them in a thread.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.attribute_converter import to_local_name
from saml2.client import Saml2Client
from saml2.response import (
    AuthnResponse,
    IncorrectlySigned,
    StatusError,
    UnsolicitedResponse,
    VerificationError,
)
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.sigver import MissingKey, SignatureError
from saml2.time_util import str_to_time
from saml2.validate import ResponseLifetimeExceed, ToEarly
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

from tracker.accounts.saml.provider import ServiceProvider
from tracker.accounts.saml.refusals import Refused

# pysaml2 writes whole messages and assertions to its DEBUG log: never let them through.
logging.getLogger("saml2").setLevel(logging.WARNING)

# An assertion seen once is remembered at least this long: pysaml2 takes an IssueInstant up
# to a day old, so an assertion without NotOnOrAfter could otherwise come back the next hour.
REMEMBER_AT_LEAST = timedelta(days=1)
WEAK_ALGORITHMS = frozenset({SIG_RSA_SHA1, DIGEST_SHA1})


@dataclass(frozen=True, slots=True)
class Started:
    request_id: str
    redirect_url: str  # the IdP's sign-in page, with the signed request


@dataclass(frozen=True, slots=True)
class Asserted:
    """What a checked response says about the person, and what makes it single-use."""

    issuer: str
    subject: str  # the persistent NameID
    name: str
    email: str | None
    groups: tuple[str, ...]
    once_ids: tuple[str, ...]  # the response's and the assertion's ids
    valid_until: datetime  # after this it would be refused as expired anyway


def start(sp: ServiceProvider) -> Started:
    config, idp = sp.config()
    client = Saml2Client(config=config)
    request_id, info = client.prepare_for_authenticate(
        entityid=idp,
        binding=BINDING_HTTP_REDIRECT,
        sign=True,
        sigalg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    location = dict(info["headers"])["Location"]
    return Started(str(request_id), location)


def verify(sp: ServiceProvider, saml_response: str, request_id: str | None) -> Asserted:
    """Check the posted response against the request this browser started (`request_id`)."""
    if not request_id:  # nothing to answer: refused before any XML is parsed or verified
        raise Refused("unsolicited", "no sign-in started in this browser")
    config, idp = sp.config()
    client = Saml2Client(config=config)
    outstanding = {request_id: "/"}
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=outstanding
        )
    except Refused:
        raise
    except Exception as error:
        raise _refusal(error) from error
    if response is None:
        raise Refused("malformed", "no response")
    return _asserted(sp, response, idp)


def _refusal(error: Exception) -> Refused:
    """The reason for a pysaml2 exception (pysaml2 raises plain exceptions for some)."""
    text = str(error)
    if isinstance(error, SignatureError) and "missing" in text.lower():
        return Refused("unsigned", text)
    if isinstance(error, SignatureError | IncorrectlySigned | MissingKey):
        return Refused("bad_signature", text)
    if isinstance(error, ResponseLifetimeExceed):
        return Refused("expired", text)
    if isinstance(error, ToEarly):
        return Refused("not_yet_valid", text)
    if isinstance(error, UnsolicitedResponse):
        return Refused("unsolicited", text)
    if isinstance(error, StatusError):
        return Refused("status", text)
    if "AudienceRestrictions" in text:
        return Refused("audience", text)
    if isinstance(error, VerificationError):
        return Refused("malformed", text)
    return Refused("malformed", f"{type(error).__name__}: {text}")


def _attributes(response: AuthnResponse) -> dict[str, list[str]]:
    """Each attribute's values under its name, its friendly name and pysaml2's local name,
    so a setting may name it either way (`mail`, `urn:oid:0.9.2342.19200300.100.1.3`)."""
    found: dict[str, list[str]] = {}
    converters = response.attribute_converters
    for statement in response.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [str(value.text).strip() for value in attribute.attribute_value if value.text]
            names = {attribute.name, attribute.friendly_name, to_local_name(converters, attribute)}
            for name in names - {None, ""}:
                found.setdefault(str(name).lower(), []).extend(values)
    return found


def _asserted(sp: ServiceProvider, response: AuthnResponse, idp: str) -> Asserted:
    assertion = response.assertion
    issuer = assertion.issuer.text.strip() if assertion.issuer is not None else ""
    if issuer != idp:
        raise Refused("wrong_issuer", issuer)
    signature = assertion.signature
    if signature is None:
        raise Refused("unsigned", "no signature on the assertion")
    algorithms = {signature.signed_info.signature_method.algorithm} | {
        reference.digest_method.algorithm for reference in signature.signed_info.reference
    }
    if algorithms & WEAK_ALGORITHMS:
        raise Refused("weak_signature", ", ".join(sorted(algorithms)))
    name_id = response.name_id
    if name_id is None or name_id.format != NAMEID_FORMAT_PERSISTENT or not name_id.text:
        raise Refused("no_subject", getattr(name_id, "format", None) or "none")
    attributes = _attributes(response)
    settings = sp.settings

    def values(name: str) -> list[str]:
        return attributes.get(name.lower(), [])

    email = next(iter(values(settings.email_attribute)), None)
    name = next(iter(values(settings.name_attribute)), "") or email or ""
    until = response.not_on_or_after or 0
    if not until and assertion.conditions is not None and assertion.conditions.not_on_or_after:
        until = calendar.timegm(str_to_time(assertion.conditions.not_on_or_after))
    valid_until = max(
        datetime.fromtimestamp(until + settings.clock_skew, UTC),
        datetime.now(UTC) + REMEMBER_AT_LEAST,
    )
    return Asserted(
        issuer=issuer,
        subject=name_id.text.strip(),
        name=name.strip()[:200],
        email=email.strip().lower()[:254] if email else None,
        groups=tuple(dict.fromkeys(values(settings.groups_attribute))),
        once_ids=tuple(i for i in (response.response.id, assertion.id) if i),
        valid_until=valid_until,
    )

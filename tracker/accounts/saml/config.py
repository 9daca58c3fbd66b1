"""The tracker as a SAML 2.0 service provider: pysaml2's configuration, built from the
settings (tracker/settings.py `SamlSettings`) and the identity provider's metadata.

The metadata is read from a file or fetched from a URL (tracker.accounts.saml.provider
decides when). With TRACKER_SAML_IDP_METADATA_CERT the metadata must carry a signature that verifies
with that certificate, as a federation's metadata does.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any
from urllib.parse import urlsplit

import httpx
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.attribute_converter import ac_factory
from saml2.config import SPConfig
from saml2.mdstore import InMemoryMetaData
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.sigver import security_context
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tracker.accounts.saml.refusals import SamlConfigError
from tracker.settings import SamlSettings, is_loopback

log = logging.getLogger("tracker.saml")

FETCH_TIMEOUT_SECONDS = 10


def xmlsec_binary() -> str | None:
    return shutil.which("xmlsec1")


def _fetch(location: str) -> str:
    """The metadata's text from an https:// URL (http:// only on this machine) or a file."""
    if location.startswith(("http://", "https://")):
        parts = urlsplit(location)
        if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
            raise SamlConfigError(
                "IdP-metadata hämtas bara över https:// (eller från den här datorn)"
            )
        response = httpx.get(location, timeout=FETCH_TIMEOUT_SECONDS, follow_redirects=False)
        response.raise_for_status()
        return response.text
    with open(location, encoding="utf-8") as file:
        return file.read()


def _check_signature(settings: SamlSettings, text: str) -> None:
    """With a metadata certificate set: the metadata must be signed, and by that key."""
    if not settings.metadata_cert:
        return
    metadata = InMemoryMetaData(ac_factory(), text)
    metadata.parse(text)
    if not metadata.signed():
        raise SamlConfigError(
            "IdP-metadatan är inte signerad, men TRACKER_SAML_IDP_METADATA_CERT är satt"
        )
    conf = SPConfig()
    conf.xmlsec_binary = xmlsec_binary()
    security = security_context(conf)
    node = (
        "urn:oasis:names:tc:SAML:2.0:metadata:EntitiesDescriptor"
        if metadata.entities_descr is not None
        else "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor"
    )
    try:
        security.verify_signature(text, node_name=node, cert_file=settings.metadata_cert)
    except Exception as error:
        raise SamlConfigError("IdP-metadatans signatur stämmer inte med certifikatet") from error


def sp_config(
    settings: SamlSettings, idp_metadata: str | None, organisation: tuple[str, str] | None = None
) -> SPConfig:
    """pysaml2's configuration of the tracker as a service provider. Signed assertions are
    required; encrypted ones are decrypted with the tracker's key; no unsolicited responses."""
    config: dict[str, Any] = {
        "entityid": settings.entity_id,
        "xmlsec_binary": xmlsec_binary(),
        "key_file": settings.key_file,
        "cert_file": settings.cert_file,
        "encryption_keypairs": [{"key_file": settings.key_file, "cert_file": settings.cert_file}],
        "accepted_time_diff": settings.clock_skew,
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "allow_unknown_attributes": True,
        "http_client_timeout": FETCH_TIMEOUT_SECONDS,
        "service": {
            "sp": {
                "name": "Tjänstedesignspåraren",
                "endpoints": {
                    "assertion_consumer_service": [(settings.acs_url, BINDING_HTTP_POST)],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": True,
                "allow_unsolicited": False,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "name_id_policy_format": NAMEID_FORMAT_PERSISTENT,
                "name_id_format_allow_create": True,
            }
        },
    }
    if idp_metadata is not None:
        config["metadata"] = {"inline": [idp_metadata]}
    if organisation:  # a federation wants to know whose service it is
        name, url = organisation
        config["organization"] = {
            "name": [(name, "sv")],
            "display_name": [(name, "sv")],
            "url": [(url, "sv")],
        }
    sp = SPConfig()
    sp.load(config)
    return sp


def sp_metadata(settings: SamlSettings, organisation: tuple[str, str] | None = None) -> str:
    """The tracker's own metadata, for the IdP or the federation's operator."""
    config = sp_config(settings, None, organisation)
    metadata = create_metadata_string(None, config=config, valid=24 * 365)
    return metadata.decode() if isinstance(metadata, bytes) else str(metadata)


def load_idp(settings: SamlSettings) -> tuple[SPConfig, str]:
    """pysaml2's configuration with the IdP's metadata, and the entity id of the IdP to use."""
    text = _fetch(settings.idp_metadata)
    _check_signature(settings, text)
    config = sp_config(settings, text)
    idps = list(config.metadata.identity_providers())
    wanted = settings.idp_entity_id
    if wanted and wanted not in idps:
        raise SamlConfigError(f"IdP:n {wanted} finns inte i metadatan")
    if not wanted and len(idps) != 1:
        raise SamlConfigError(
            f"Metadatan har {len(idps)} IdP:er: välj en med TRACKER_SAML_IDP_ENTITY_ID"
        )
    idp = wanted or idps[0]
    if not config.metadata.single_sign_on_service(idp, BINDING_HTTP_REDIRECT):
        raise SamlConfigError(f"IdP:n {idp} tar inte emot inloggning med HTTP-Redirect")
    return config, idp

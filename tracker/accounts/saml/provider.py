"""The service provider of one app: its settings, and the IdP's metadata loaded on first use.

pysaml2 takes seconds to import (it builds the SAML schemas), so it is imported here only
when SAML is used: an app without SAML settings never loads it. The IdP's metadata is loaded
at the first sign-in, not at start-up (a federation's may take seconds to fetch); fetched
metadata is read again after an hour (an IdP's new certificate appears there first), and a
failed refresh keeps the last good copy.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.accounts.saml.refusals import SamlConfigError
from tracker.settings import SamlSettings

if TYPE_CHECKING:
    from tracker.accounts.saml.flow import Asserted, Started

log = logging.getLogger("tracker.saml")

METADATA_REFRESH_SECONDS = 3600


@dataclass
class _Loaded:
    config: Any  # pysaml2's SPConfig
    idp: str  # the entity id of the IdP the tracker signs in with
    loaded_at: float


class ServiceProvider:
    def __init__(self, settings: SamlSettings, organisation: tuple[str, str] | None = None) -> None:
        self.settings = settings
        self.organisation = organisation  # (name, web address) for the metadata
        self._loaded: _Loaded | None = None
        self._metadata: str | None = None
        self._lock = threading.Lock()

    @property
    def idp_name(self) -> str:
        """The IdP's entity id, for the log (the metadata's location until it is loaded)."""
        loaded = self._loaded
        return loaded.idp if loaded else self.settings.idp_entity_id or self.settings.idp_metadata

    # The methods below block (files, HTTP, xmlsec1): call them in a thread.

    def metadata(self) -> str:
        """The tracker's own metadata."""
        from tracker.accounts.saml.config import sp_metadata

        if self._metadata is None:
            try:
                self._metadata = sp_metadata(self.settings, self.organisation)
            except Exception as error:  # the key or certificate cannot be read
                raise SamlConfigError(f"tjänstens metadata kunde inte skapas: {error}") from error
        return self._metadata

    def start(self) -> Started:
        from tracker.accounts.saml import flow

        self.config()  # the IdP's metadata, or SamlConfigError
        try:
            return flow.start(self)
        except Exception as error:  # the key cannot sign, the IdP has no usable endpoint …
            raise SamlConfigError(f"begäran kunde inte skapas: {error}") from error

    def verify(self, saml_response: str, request_id: str | None) -> Asserted:
        from tracker.accounts.saml import flow

        return flow.verify(self, saml_response, request_id)

    def config(self) -> tuple[Any, str]:
        """(pysaml2's configuration, the IdP's entity id)."""
        from tracker.accounts.saml.config import load_idp

        with self._lock:
            loaded = self._loaded
            remote = self.settings.idp_metadata.startswith(("http://", "https://"))
            stale = (
                loaded is not None
                and remote
                and time.monotonic() - loaded.loaded_at > METADATA_REFRESH_SECONDS
            )
            if loaded is None or stale:
                try:
                    loaded = _Loaded(*load_idp(self.settings), time.monotonic())
                except Exception as error:  # unreadable, unsigned, not SAML metadata …
                    if loaded is None:
                        raise SamlConfigError(str(error)) from error
                    log.warning("IdP-metadatan kunde inte läsas om, den förra används: %s", error)
                self._loaded = loaded
            return loaded.config, loaded.idp

"""Why a SAML sign-in is refused: the reason for the log, the message for the person. Kept
apart from pysaml2 (which takes seconds to import) so the app starts without it."""

from __future__ import annotations


class SamlConfigError(Exception):
    """The SAML settings or the IdP's metadata cannot be used."""


# What a person is told, by the reason the response was refused (the reason goes to the log).
REFUSALS = {
    "unsigned": "Svaret från inloggningstjänsten var inte signerat, så det kan inte godtas.",
    "bad_signature": "Svarets signatur stämmer inte med inloggningstjänstens nyckel.",
    "audience": "Svaret från inloggningstjänsten var avsett för en annan tjänst.",
    "expired": "Svaret från inloggningstjänsten har gått ut. Logga in igen.",
    "not_yet_valid": (
        "Svaret från inloggningstjänsten gäller inte ännu: klockorna går olika. "
        "Kontakta IT-avdelningen om det händer igen."
    ),
    "weak_signature": (
        "Svaret från inloggningstjänsten var signerat med en föråldrad metod (SHA-1) "
        "och kan inte godtas."
    ),
    "replayed": "Svaret från inloggningstjänsten har redan använts. Logga in igen.",
    "unsolicited": (
        "Inloggningen startades inte här, eller tog för lång tid. Börja om från inloggningssidan."
    ),
    "wrong_issuer": "Svaret kom från en annan inloggningstjänst än den tjänsten litar på.",
    "no_subject": (
        "Inloggningstjänsten skickade inget beständigt användar-id (persistent NameID). "
        "Kontakta IT-avdelningen."
    ),
    "status": "Inloggningstjänsten kunde inte logga in dig.",
    "malformed": "Svaret från inloggningstjänsten gick inte att läsa.",
}


class Refused(Exception):
    """The response is not accepted; `reason` is for the log, `message` for the person."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.message = REFUSALS[reason]

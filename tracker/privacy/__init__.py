"""Personal data about residents in typed text: names, identity numbers, contact details.

One detector for every text the tracker stores about residents' views (evidence, speaker
categories, session notes, results, feedback and everything that can be published). Numbers,
e-mail and addresses are always refused; a name can be a false positive ("Kalle Anka",
"Astrid Lindgrens värld"), so the user may confirm with a reason, which the change log keeps.
"""

from __future__ import annotations

from contextvars import ContextVar

from tracker.privacy.identifiers import Finding, identifiers, luhn_ok
from tracker.privacy.names import names

__all__ = [
    "PERSONAL_DATA_HINT",
    "Finding",
    "confirm_not_a_name",
    "findings",
    "forget_confirmations",
    "luhn_ok",
    "name_message",
    "names",
    "personal_data_problem",
    "take_confirmations",
]

PERSONAL_DATA_HINT = (
    "Skriv inte namn, telefonnummer, e-postadresser, personnummer eller adresser om invånare."
)
_KIND_MESSAGES = {
    "personnummer": "ett personnummer",
    "samordningsnummer": "ett samordningsnummer",
    "telefonnummer": "ett telefonnummer",
    "e-postadress": "en e-postadress",
    "gatuadress": "en gatuadress",
}


def findings(text: str) -> list[Finding]:
    """Everything in the text that looks like personal data: numbers and addresses first."""
    return identifiers(text) + names(text)


def personal_data_problem(text: str) -> str | None:
    """A Swedish message for a number, e-mail or street address in the text (never allowed)."""
    for finding in identifiers(text):
        wrong = f", med {finding.reason}" if finding.reason else ""
        return (
            f"Texten innehåller {_KIND_MESSAGES[finding.kind]} (”{finding.text}”{wrong}). "
            "Ta bort det – spara bara avidentifierade uppgifter."
        )
    return None


def name_message(finding: Finding, count: int = 1) -> str:
    more = f" (och {count - 1} till)" if count > 1 else ""
    return (
        f"”{finding.text}” ser ut som ett namn ({finding.reason}){more}. Namn på invånare får inte "
        "sparas – skriv en roll i stället, till exempel ”en förälder”. Är det inte en person, "
        "kryssa i rutan och skriv varför."
    )


# Confirmations made while reading this request's form, taken by the change log.
_CONFIRMED: ContextVar[tuple[tuple[str, str, str], ...]] = ContextVar("confirmed", default=())


def confirm_not_a_name(field: str, flagged: str, reason: str) -> None:
    """Note that the user confirmed `flagged` in `field` is no person's name, and why."""
    _CONFIRMED.set((*_CONFIRMED.get(), (field, flagged, reason)))


def take_confirmations() -> dict[str, list[str]]:
    """The confirmations noted so far, as change-log entries (and forget them)."""
    confirmed = _CONFIRMED.get()
    _CONFIRMED.set(())
    return {f"name-confirmed:{field}": [flagged, reason] for field, flagged, reason in confirmed}


def forget_confirmations() -> None:
    _CONFIRMED.set(())

"""Rules for organisations and collaborations, as plain functions the tests call directly."""

from __future__ import annotations

import re
from datetime import date

STATUS_LABELS = {"planned": "Planerad", "ongoing": "Pågående", "ended": "Avslutad"}
MUNICIPALITY = "kommunen"  # the party of a contribution that is not an organisation
MAX_AMOUNT = 1_000_000_000  # kronor per contribution row

_ORG_NUMBER = re.compile(r"(\d{6})-?(\d{4})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"https?://[^\s<>\"]+")


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by Swedish organisation numbers (on all ten digits)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def org_number_problem(value: str) -> tuple[str, str | None]:
    """The number in the form NNNNNN-NNNN and a Swedish message when it is wrong."""
    value = value.strip().replace(" ", "")
    if not value:
        return "", None
    match = _ORG_NUMBER.fullmatch(value)
    if not match:
        return value, "Skriv organisationsnumret som NNNNNN-NNNN, till exempel 802012-3454."
    if not luhn_ok(match[1] + match[2]):
        return value, (
            "Organisationsnumret stämmer inte: kontrollsiffran (den sista) är fel. "
            "Kontrollera numret."
        )
    return f"{match[1]}-{match[2]}", None


def contact_problem(value: str) -> str | None:
    """A general contact channel: an e-mail address or a web address (http or https)."""
    if not value or _EMAIL.fullmatch(value) or _WEB.fullmatch(value):
        return None
    return (
        "Skriv organisationens allmänna e-postadress (till exempel info@forening.se) eller "
        "webbadress som börjar med https://."
    )


def private_mail_domain(contact: str, private_domains: frozenset[str]) -> str | None:
    """The domain of a contact address where private persons have their mail (gmail.com),
    None for any other contact (a web address, an organisation's own domain)."""
    if not _EMAIL.fullmatch(contact):
        return None
    domain = contact.rsplit("@", 1)[1].lower()
    return domain if domain in private_domains else None


def private_contact_warning(domain: str) -> str:
    return (
        f"Adressen på {domain} ser ut att vara en privatpersons. Skriv organisationens "
        "allmänna e-postadress eller webbadress, eller bekräfta att adressen är "
        "organisationens egen."
    )


def period_problems(start: date | None, end: date | None, renewal: date | None) -> dict[str, str]:
    problems = {}
    if start and end and end < start:
        problems["end_date"] = "Slutdatumet kan inte vara före startdatumet."
    if start and renewal and renewal < start:
        problems["renewal_date"] = "Datumet för förnyelse kan inte vara före startdatumet."
    return problems


def organisations_problem(chosen: list[int]) -> str | None:
    return None if chosen else "Välj minst en organisation som samverkar."


def is_overdue(due: date, today: date) -> bool:
    return due < today

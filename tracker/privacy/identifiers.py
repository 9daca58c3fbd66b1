"""Numbers and addresses that point out a person: each kind named right.

Personnummer and samordningsnummer are told apart by the day (a samordningsnummer adds 60 to
it) and both must carry a valid check digit (Luhn); ten digits starting with 0 and no
separator are read as a Swedish telephone number, never as a personnummer.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """Something in a text that looks like personal data: its kind, the text and why."""

    kind: str  # "namn", "telefonnummer", "personnummer", "samordningsnummer", "e-postadress", "gatuadress"
    text: str
    reason: str = ""


_IDENTITY_NUMBER = re.compile(r"(?<![\d-])((?:19|20)?\d{6})([-+]?)(\d{4})(?![\d-])")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# +46 or 0, then 7 to 11 more digits with spaces or hyphens between groups.
_PHONE = re.compile(r"(?<![\d+])(?:\+46|0046|0)[\s-]?\(?\d{1,3}\)?(?:[\s-]?\d){5,9}(?!\d)")
_STREET = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäöé]*(?:gatan|vägen|gränd|gränden|torget|stigen|backen|allén|gata|väg|"
    r"plan|platsen|leden|esplanaden|promenaden)\s+\d{1,4}\s?[A-Za-z]?\b"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def identity_number_kind(date_part: str, last_four: str) -> str | None:
    """'personnummer', 'samordningsnummer' or None for six or eight date digits and four more
    (a real date of birth, the day plus 60 for a samordningsnummer)."""
    short = date_part[-6:]
    year, month, day = int(short[:2]), int(short[2:4]), int(short[4:6])
    kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    try:  # a leap year stands in for the unknown century
        datetime.date(2000 + year if len(date_part) == 6 else int(date_part[:4]), month, day)
    except ValueError:
        return None
    return kind


def _identity_numbers(text: str) -> list[Finding]:
    found = []
    for match in _IDENTITY_NUMBER.finditer(text):
        date_part, separator, last_four = match.groups()
        if not separator and len(date_part) == 6 and date_part.startswith("0"):
            continue  # ten digits from 0 without a hyphen: a telephone number
        kind = identity_number_kind(date_part, last_four)
        checked = luhn_ok(date_part[-6:] + last_four)
        if kind and (checked or separator or len(date_part) == 8):
            found.append(Finding(kind, match.group(), "" if checked else "fel kontrollsiffra"))
    return found


def _phones(text: str) -> list[Finding]:
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        national = "0" + digits[2:] if digits.startswith("46") else digits
        national = national[2:] if national.startswith("0046") else national
        if 8 <= len(national) <= 10 and not national.startswith("00"):
            found.append(Finding("telefonnummer", match.group().strip()))
    return found


def identifiers(text: str) -> list[Finding]:
    """Personnummer, samordningsnummer, e-post, telefonnummer and street addresses in a text."""
    found = _identity_numbers(text)
    taken = {finding.text for finding in found}
    found += [Finding("e-postadress", match.group()) for match in _EMAIL.finditer(text)]
    found += [
        phone
        for phone in _phones(text)
        if not any(phone.text in number or number in phone.text for number in taken)
    ]
    found += [Finding("gatuadress", match.group()) for match in _STREET.finditer(text)]
    return found

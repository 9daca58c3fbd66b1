"""Text rules shared by every area: cleaning typed input, case-blind search and Swedish sorting."""

from __future__ import annotations

import re
import unicodedata

# Letters that Swedish sorts as another letter, or keeps apart after z.
_SWEDISH_LETTERS = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {char: 0x100 + index for index, char in enumerate(_ALPHABET)}
SORT_KEY_LENGTH = 800


# NUL and the other control characters (C0 but tab, line feed and carriage return; DEL; C1),
# lone surrogates and the two non-characters XML forbids: PostgreSQL refuses NUL and
# surrogates, XLSX (XML) the others, and no one types them.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_MESSAGE = (
    "Texten innehåller ett osynligt styrtecken som inte kan sparas. "
    "Skriv texten på nytt eller klistra in den som oformaterad text."
)


def clean(value: str) -> str:
    """Typed text without NUL and other control characters (databases refuse some of them)."""
    return _REFUSED.sub("", value)


def control_character_problem(value: str) -> str | None:
    """A Swedish message when text holds a control character that is never stored."""
    return CONTROL_MESSAGE if _REFUSED.search(value) else None


def search_form(value: str, length: int = 200) -> str:
    """Lower-case copy for case-blind LIKE search, on SQLite too (its LOWER is ASCII-only)."""
    return value.lower()[:length]


def like_term(text: str) -> str:
    """Typed text as a safe LIKE term: lower case, LIKE's special characters dropped, white
    space folded. Compare with a column holding `search_form` of the value."""
    return " ".join(search_form(text).translate(str.maketrans("", "", "%_\\")).split())


def _base_letters(value: str) -> str:
    """Lower case, with accents removed except the Swedish å, ä and ö."""
    out = []
    for char in value.lower():
        char = _SWEDISH_LETTERS.get(char, char)
        if char not in "åäö":
            char = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
        out.append(char)
    return "".join(out)


def swedish_sort_key(value: str) -> str:
    """A key that orders text as a Swedish dictionary does (… x, y, z, å, ä, ö), case-blind.

    It is written in hexadecimal digits only, so every database collation sorts it the same way.
    """
    ranks = (
        1 if char.isspace() else _RANK.get(char, 0x1000 + min(ord(char), 0xEFFF))
        for char in _base_letters(value)
    )
    return "".join(f"{rank:04x}" for rank in ranks)[:SORT_KEY_LENGTH]

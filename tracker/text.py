"""Text rules shared by every area: cleaning typed input, case-blind search and Swedish sorting."""

from __future__ import annotations

import unicodedata

_CONTROL = {code: None for code in range(32) if chr(code) not in "\n\r\t"} | {0x7F: None}
# Letters that Swedish sorts as another letter, or keeps apart after z.
_SWEDISH_LETTERS = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss"}
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {char: 0x100 + index for index, char in enumerate(_ALPHABET)}
SORT_KEY_LENGTH = 800


def clean(value: str) -> str:
    """Typed text without NUL and other control characters (databases refuse some of them)."""
    return value.translate(_CONTROL)


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

"""Personal names in typed Swedish text: a lexicon of common names and the patterns that mark one.

The lexicon (first-names.txt, surnames.txt beside this file) holds the most common Swedish
first names and surnames; ordinary-words.txt lists those that are also ordinary words or
places. A capitalised lexicon name is a name; so is any word that a pattern marks as one:
"min dotter X", "grannen X", "hon heter X", "X sa", "X från hemtjänsten", "X, 45 år".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tracker.privacy.identifiers import Finding

_HERE = Path(__file__).parent
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ENDERS = ".!?:;…\"”“'–—("
_OPENERS = "\"”“'»«(–—-"
_AGE = re.compile(r"\s*(?:,\s*\d{1,3}\s*år\b|\(\d{1,3}(?:\s*år)?\))")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KIN = _words(
    "dotter son man fru make maka sambo mamma pappa mor far bror syster granne grannen "
    "kompis vän väninna pojkvän flickvän barnbarn farmor mormor farfar morfar kusin "
    "svärmor svärfar svåger svägerska brorson systerdotter dotterdotter sonson partner "
    "kille tjej"
)
_POSSESSIVE = frozenset(
    ["min", "mitt", "mina", "vår", "vårt", "hennes", "hans", "deras", "din", "er"]
)
_ROLE = _words(
    "grannen kompisen assistenten läraren handläggaren kuratorn sjuksköterskan "
    "undersköterskan rektorn chefen fritidsledaren tränaren kontaktpersonen "
    "boendestödjaren fröken doktor doktorn läkaren personlige personliga vårdbiträdet "
    "biståndshandläggaren förskolläraren"
)
_MONTHS = _words(
    "januari februari mars april maj juni juli augusti september oktober november december"
)
_NAMING = frozenset(["heter", "hette", "kallas", "kallad", "kallade"])
_SAID = _words(
    "sa sade säger berättade tyckte menade ringde skrev frågade svarade påpekade lovade "
    "tycker menar undrade kom hjälpte"
)
_FROM_PLACES = _words(
    "hemtjänsten boendet skolan förskolan kommunen socialtjänsten vården fritids "
    "biblioteket vårdcentralen kontoret föreningen hemsjukvården assistansen korttids"
)
# Capitalised words that a pattern may touch but that are never names.
_NEVER = _words(
    "jag du han hon hen vi ni de den det man någon ingen alla alla många några personal "
    "personalen mamma pappa barnen barnet eleven eleverna alla och men så att en ett"
)


def _read(name: str) -> frozenset[str]:
    lines = (_HERE / name).read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@cache
def lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames and the names that are also ordinary words, all lower case."""
    return _read("first-names.txt"), _read("surnames.txt"), _read("ordinary-words.txt")


@cache
def _known() -> frozenset[str]:
    first, surnames, _ = lexicon()
    return first | surnames


def _base(word: str, names: frozenset[str]) -> str:
    """The word without a genitive s when that makes it a known name ("Lisas" → "lisa")."""
    lower = word.lower()
    if lower not in names and lower.endswith("s") and lower[:-1] in names:
        return lower[:-1]
    return lower


def _pattern_reason(words: list[re.Match[str]], index: int, text: str) -> tuple[str, bool] | None:
    """Why the word at `index` is marked as a name by the words around it, if it is, and
    whether the mark is strong enough for a word outside the lexicon ("min dotter Alva" is,
    "Försäkringskassan sa" is not)."""
    before = [w.group().lower() for w in words[max(0, index - 2) : index]]
    after = words[index + 1].group().lower() if index + 1 < len(words) else ""
    end = words[index].end()
    if len(before) == 2 and before[0] in _POSSESSIVE and before[1] in _KIN:
        return f"står efter ”{' '.join(before)}”", True
    if before and before[-1] in _ROLE | _NAMING:
        return f"står efter ”{before[-1]}”", True
    if after in _SAID and text[end : end + 1] not in ",.":
        return f"står före ”{after}”", False
    place = words[index + 2].group() if index + 2 < len(words) else ""
    if after == "från" and place.lower() in _FROM_PLACES:
        return f"står före ”från {place}”", False
    if _AGE.match(text, end):
        return "står före en ålder", False
    return None


def _at_sentence_start(text: str, position: int) -> bool:
    """Whether only quotes, dashes and spaces stand between `position` and a sentence's end."""
    index = position - 1
    while index >= 0 and (text[index].isspace() or text[index] in _OPENERS):
        index -= 1
    return index < 0 or text[index] in _ENDERS


def _lexicon_reason(text: str, match: re.Match[str], base: str) -> str | None:
    first, surnames, ordinary = lexicon()
    start = _at_sentence_start(text, match.start())
    if not match.group()[:1].isupper():
        return None
    if base in ordinary and (start or base not in first or base in _MONTHS):
        return None  # "Bo hemma", "i Lund", "i Maj"; but "jag och Linnea"
    if base in first:
        return "ett vanligt förnamn"
    if base in surnames and not start:
        return "ett vanligt efternamn"  # alone at a sentence's start it is too weak
    return None


def _surname_follows(text: str, words: list[re.Match[str]], index: int, marked: bool) -> bool:
    """A capitalised word right after a first name: a surname, if known or the first is marked."""
    if index + 1 >= len(words):
        return False
    current, following = words[index], words[index + 1]
    first, surnames, _ = lexicon()
    return (
        current.group()[:1].isupper()
        and current.group().lower() in first
        and following.group()[:1].isupper()
        and text[current.end() : following.start()] == " "
        and (marked or _base(following.group(), _known()) in surnames)
    )


def names(text: str) -> list[Finding]:
    """Every stretch of the text that looks like a person's name, with the reason."""
    known = _known()
    words = list(_WORD.finditer(text))
    found: list[Finding] = []
    index = 0
    while index < len(words):
        word = words[index].group()
        base = _base(word, known)
        if base in _NEVER:
            index += 1
            continue
        pattern = _pattern_reason(words, index, text)
        if pattern and (base in known or (pattern[1] and word[:1].isupper())):
            reason: str | None = f"ordet {pattern[0]}"
        else:
            reason = _lexicon_reason(text, words[index], base)
        end = index
        if _surname_follows(text, words, index, reason is not None):
            end, reason = index + 1, "förnamn följt av efternamn"
        if reason:
            found.append(Finding("namn", text[words[index].start() : words[end].end()], reason))
        index = end + 1
    return found

"""Reading a typed query into word prefixes, the query each database understands, and the
highlighting of matched words (see the package's docstring for how Swedish words are matched)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup, escape

from tracker.text import clean

MAX_QUERY_LENGTH = 200
# Each word is a prefix match against every indexed word: a query of a hundred one-letter
# words took 1.5 s, and a two-letter prefix alone (`sk`) about 0.5 s on the N=1 dataset. A
# word must have three letters, and the first eight words are searched.
MAX_SEARCH_WORDS = 8
MIN_WORD_LENGTH = 3

# PostgreSQL's Swedish stop words (tsearch_data/swedish.stop): never indexed there, so never
# searched for on either database.
_STOP_WORD_TEXT = """och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan
    sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era
    vilkas"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
# Definite and genitive endings the Snowball stemmer leaves (skolan, huset, kommunens),
# longest first; a word keeps at least three letters.
DEFINITE_ENDINGS: tuple[str, ...]
DEFINITE_ENDINGS = ("arnas", "ornas", "ernas", "arna", "orna", "erna", "ans", "ens", "ets")
DEFINITE_ENDINGS += ("an", "en", "et")
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR_WORDS = frozenset({"or", "eller"})
_STEMMER = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=4096)
def word_prefix(word: str) -> str | None:
    """The beginning every form of a typed word shares ("skolan" → "skol"); None for a stop
    word."""
    lower = word.lower()
    if not lower or lower in STOP_WORDS:
        return None
    base = lower
    for ending in DEFINITE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            base = lower[: -len(ending)]
            break
    # The stemmer only removes endings, so both are beginnings of the word: the shorter wins
    # ("skolan" → "skol" from "skol"; "delaktighet" → "delakt", not "delaktigh" from "delaktigh").
    stems = [s for s in (_STEMMER.stemWord(lower), _STEMMER.stemWord(base)) if s]
    return min((s for s in stems if lower.startswith(s)), key=len, default=base)


Alternative = tuple[str, ...]  # one word, or a phrase of several, as prefixes


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """All groups must match (each group: any of its alternatives); no excluded may match."""

    groups: tuple[tuple[Alternative, ...], ...] = ()
    excluded: tuple[Alternative, ...] = ()
    cut: bool = False  # words after the first MAX_SEARCH_WORDS were left out

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def prefixes(self) -> frozenset[str]:
        """The prefixes to highlight."""
        return frozenset(p for group in self.groups for alt in group for p in alt)


def _alternative(text: str) -> Alternative:
    words = [w for w in _WORD.findall(text) if len(w) >= MIN_WORD_LENGTH][:MAX_SEARCH_WORDS]
    return tuple(p for p in (word_prefix(w) for w in words) if p)


def parse_query(text: str) -> ParsedQuery:
    groups: list[list[Alternative]] = []
    excluded: list[Alternative] = []
    join_next = False
    used, cut = 0, False
    for match in _TOKEN.finditer(clean(text)[:MAX_QUERY_LENGTH]):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() in _OR_WORDS:
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        words = phrase if phrase is not None else bare
        if bare is not None and phrase is None and not minus:
            # A hyphenated or punctuated word is its words, each required.
            alternatives: list[tuple[str, ...]] = [(p,) for p in _alternative(words)]
        else:
            alternatives = [_alternative(words)]
        alternatives = [alt for alt in alternatives if alt]
        if not alternatives:
            continue
        if used + sum(len(alt) for alt in alternatives) > MAX_SEARCH_WORDS:
            cut = True
            break
        used += sum(len(alt) for alt in alternatives)
        if minus:
            excluded.extend(alternatives)
            join_next = False
            continue
        if join_next:
            groups[-1].append(alternatives[0])
            alternatives = alternatives[1:]
            join_next = False
        groups.extend([alt] for alt in alternatives)
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded), cut)


def postgres_tsquery(parsed: ParsedQuery) -> str:
    """A tsquery (for to_tsquery('simple', …)) of prefix lexemes; words are letters only."""

    def alt(a: Alternative) -> str:
        return " <-> ".join(f"'{p}':*" for p in a) if len(a) > 1 else f"'{a[0]}':*"

    parts = ["(" + " | ".join(f"({alt(a)})" for a in group) + ")" for group in parsed.groups]
    parts += [f"!({alt(a)})" for a in parsed.excluded]
    return " & ".join(parts)


def fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression of prefix tokens; words are quoted, so never operators."""

    def alt(a: Alternative) -> str:
        tokens = " ".join(f'"{p}"*' for p in a)
        return f"NEAR({tokens}, 0)" if len(a) > 1 else tokens

    text = " AND ".join("(" + " OR ".join(alt(a) for a in group) + ")" for group in parsed.groups)
    for a in parsed.excluded:
        text = f"({text}) NOT {alt(a)}"
    return text


# --- highlighting -----------------------------------------------------------------------------

SNIPPET_LENGTH = 240


def highlight(text: str, prefixes: Collection[str], length: int | None = None) -> Markup:
    """The text, HTML-escaped, with matched words in <mark>; cut to about `length` characters
    around the first match (with "…" where cut)."""
    matches = [
        m
        for m in _WORD.finditer(text)
        if prefixes and any(m.group().lower().startswith(p) for p in prefixes)
    ]
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = matches[0].start() if matches else 0
        start = max(0, first - length // 3)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    out = [Markup("…")] if start else []
    position = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(text[position : m.start()]))
        out.append(Markup("<mark>%s</mark>") % m.group())
        position = m.end()
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)

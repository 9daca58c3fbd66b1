"""Readability of a text that will be published (klarspråk): LIX, the longest sentences and
long words, measured against the thresholds in readability.toml beside this file. Advice,
never a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tracker.datafiles import DataFileError, positive_int, read_toml

_FILE = Path(__file__).with_name("readability.toml")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Thresholds:
    aim_low: int
    aim_high: int
    hard: int
    long_sentence: int
    sentences_shown: int
    long_letters: int
    flag_letters: int
    words_shown: int


@dataclass(frozen=True, slots=True)
class Readability:
    lix: int
    verdict: str
    advice: str
    long_sentences: tuple[str, ...]
    long_words: tuple[str, ...]
    words: int
    sentences: int
    aim: str


@cache
def thresholds() -> Thresholds:
    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(_FILE, field, problem, shown_as="readability.toml")

    data: dict[str, Any] = read_toml(_FILE, fail)

    def get(table: str, key: str) -> int:
        return positive_int(data.get(table, {}).get(key), f"{table}.{key}", fail)

    return Thresholds(
        get("lix", "aim_low"),
        get("lix", "aim_high"),
        get("lix", "hard"),
        get("sentences", "long_words"),
        get("sentences", "shown"),
        get("words", "long_letters"),
        get("words", "flag_letters"),
        get("words", "shown"),
    )


def _verdict(lix: int, limits: Thresholds) -> tuple[str, str]:
    if lix <= limits.aim_high:
        return "Lättläst", "Texten ligger inom målet för klarspråk."
    if lix <= limits.hard:
        return "Medelsvår", "Korta gärna de längsta meningarna och byt långa ord mot vardagliga."
    return "Svår", "Dela upp långa meningar och byt långa ord mot vardagliga innan granskningen."


def measure(text: str) -> Readability | None:
    """LIX and what to shorten; None when the text has no words."""
    limits = thresholds()
    sentences = [s.strip() for s in _SENTENCE.findall(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return None
    long_share = sum(1 for w in words if len(w) > limits.long_letters) / len(words)
    lix = round(len(words) / max(len(sentences), 1) + 100 * long_share)
    verdict, advice = _verdict(lix, limits)
    by_length = sorted(sentences, key=lambda s: len(_WORD.findall(s)), reverse=True)
    long_sentences = [s for s in by_length if len(_WORD.findall(s)) > limits.long_sentence]
    long_words = dict.fromkeys(w for w in words if len(w) >= limits.flag_letters)
    return Readability(
        lix=lix,
        verdict=verdict,
        advice=advice,
        long_sentences=tuple(long_sentences[: limits.sentences_shown]),
        long_words=tuple(sorted(long_words, key=len, reverse=True)[: limits.words_shown]),
        words=len(words),
        sentences=len(sentences),
        aim=f"{limits.aim_low}–{limits.aim_high}",
    )

"""What changed between two versions of a report, word by word.

The report is compared as plain text, line by line (`rules.plain_text`): a line that was
replaced by another is shown once, as one text with the removed words struck out and the
added words marked, so "4 iterationer" → "5 iterationer" shows the one changed number instead
of two whole paragraphs. Changed numbers are flagged, for the page to highlight. Lines only
added or only removed are shown whole.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.reports.rules import plain_text

_TOKEN = re.compile(r"\s+|[\w%.,:-]+|[^\w\s]", re.UNICODE)
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Part:
    kind: str  # same | added | removed
    text: str

    @property
    def is_number(self) -> bool:
        return self.kind != "same" and bool(_NUMBER.search(self.text))


@dataclass(slots=True)
class Change:
    kind: str  # changed | added | removed
    heading: str
    parts: list[Part] = field(default_factory=list)


def words(text: str) -> list[str]:
    """The text as words, spaces and signs, which joined give the text back."""
    return _TOKEN.findall(text)


SIMILAR = 0.5  # lines sharing less than this share of words are shown whole, not word by word


def word_parts(before: str, after: str) -> list[Part]:
    """One line's change word by word: the words kept, removed and added, in reading order.
    A line rewritten altogether is shown as the old line struck out and the new one marked."""
    old, new = words(before), words(after)
    parts: list[Part] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < SIMILAR:
        return [Part("removed", before), Part("same", " "), Part("added", after)]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(Part("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(Part("removed", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(Part("added", "".join(new[j1:j2])))
    return parts


def _line_changes(old: list[str], new: list[str]) -> list[tuple[str, str, str]]:
    """(kind, before, after) for every line not kept: replaced lines are paired."""
    found: list[tuple[str, str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        found += [("changed", a, b) for a, b in zip(removed[:paired], added[:paired], strict=True)]
        found += [("removed", line, "") for line in removed[paired:]]
        found += [("added", "", line) for line in added[paired:]]
    return found


def _heading_of(lines: list[str]) -> dict[str, str]:
    heading, under = "", dict[str, str]()
    for line in lines:
        if line.startswith("## "):
            heading = line[3:]
        under.setdefault(line, heading)
    return under


def changes_between(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    """Every change from `before` to `after`, each under the heading it falls under."""
    old, new = plain_text(before or {}), plain_text(after)
    old_headings, new_headings = _heading_of(old), _heading_of(new)
    changes = []
    for kind, was, now in _line_changes(old, new):
        heading = new_headings.get(now) if now else old_headings.get(was, "")
        parts = word_parts(was, now) if kind == "changed" else [Part(kind, was or now)]
        changes.append(Change(kind, heading or "", parts))
    return changes

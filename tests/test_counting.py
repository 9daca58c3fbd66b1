"""Counted nouns in Swedish: one helper, each noun's singular and plural written once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.web.counting import NOUNS, counted

TEMPLATES = Path(__file__).parent.parent / "templates"


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [
        (1, "dialog", "1 dialog"),
        (2, "dialog", "2 dialoger"),
        (1, "insikt", "1 insikt"),
        (2, "insikt", "2 insikter"),
        (1, "stegbyte", "1 stegbyte"),
        (2, "stegbyte", "2 stegbyten"),
        (3, "samarbete", "3 samarbeten"),
        (0, "dag", "0 dagar"),
        (1, "dag", "1 dag"),
        (1500, "underlag", "1\u00a0500 underlag"),
    ],
)
def test_a_number_takes_the_singular_only_for_one(value: int, noun: str, expected: str) -> None:
    assert counted(value, noun) == expected


def test_every_noun_used_in_a_template_is_in_the_table() -> None:
    used = set()
    for path in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r'counted\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert used and used <= set(NOUNS)


def test_no_template_chooses_singular_or_plural_by_hand() -> None:
    by_hand = re.compile(r'"(\w+)" if [^%}]+ == 1 else "(\w+)"')
    offenders = [
        f"{path.name}: {match.group()}"
        for path in TEMPLATES.rglob("*.html")
        for match in by_hand.finditer(path.read_text(encoding="utf-8"))
        if match.group(1) in NOUNS
    ]
    assert offenders == []

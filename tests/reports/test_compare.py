"""The compare view diffs word by word: a changed number is one marked word, not two
paragraphs (issue 15)."""

from __future__ import annotations

from tracker.reports.compare import Part, changes_between, word_parts, words


def _changed(parts: list[Part]) -> list[tuple[str, str, bool]]:
    return [(p.kind, p.text, p.is_number) for p in parts if p.kind != "same"]


def test_words_give_the_text_back() -> None:
    text = "Under perioden: 4 iterationer, 63 % (10 av 16)."
    assert "".join(words(text)) == text


def test_a_changed_number_is_the_only_change_and_is_flagged() -> None:
    parts = word_parts(
        "Projekten loggade 4 iterationer i Undersöka.",
        "Projekten loggade 5 iterationer i Undersöka.",
    )
    assert _changed(parts) == [("removed", "4", True), ("added", "5", True)]
    assert (
        "".join(p.text for p in parts if p.kind != "added")
        == "Projekten loggade 4 iterationer i Undersöka."
    )


def test_a_changed_word_is_not_a_number() -> None:
    assert _changed(word_parts("Inga kostnader.", "Små kostnader.")) == [
        ("removed", "Inga", False),
        ("added", "Små", False),
    ]


def test_replaced_added_and_removed_lines_under_their_headings() -> None:
    before = {
        "meta": {"title": "T"},
        "narrative": {"economy": "Inga kostnader.", "background": "Bakgrund."},
    }
    after = {"meta": {"title": "T"}, "narrative": {"economy": "Små kostnader.", "background": ""}}
    changes = changes_between(before, after)
    kinds = {(c.kind, c.heading) for c in changes}
    assert ("changed", "Ekonomiska konsekvenser") in kinds
    assert any(c.kind == "removed" and c.parts[0].text == "Bakgrund." for c in changes)
    assert changes_between(after, after) == []


def test_a_rewritten_line_is_shown_whole_not_word_by_word() -> None:
    parts = word_parts(
        "Ärendet medför inga ekonomiska konsekvenser.", "Rättelse: kostnaden ryms i budgeten."
    )
    assert _changed(parts) == [
        ("removed", "Ärendet medför inga ekonomiska konsekvenser.", False),
        ("added", "Rättelse: kostnaden ryms i budgeten.", False),
    ]

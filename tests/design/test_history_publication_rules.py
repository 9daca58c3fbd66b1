"""The design history's publication as plain functions (issue 18): the snapshot leaves out
internal notes and staff links and reads back as the same history; the seal changes with any
change; the review rules (four eyes, only an approved and unchanged history is published)."""

from __future__ import annotations

from datetime import date

from tracker.accounts.permissions import Principal, Role
from tracker.design import history_publication as rules
from tracker.design.history import Entry, History, Note, Picture
from tracker.publishing.rules import PageState

PICTURE = Picture(7, "Sms-prototyp", 2, date(2026, 2, 10), "Skiss av sms:et", 320, 200, "Kortare")


def _history() -> History:
    test = Entry(
        kind="test",
        on=date(2026, 2, 20),
        record_id=3,
        title="Test: Pappersprototyp",
        facts=[("Steg", "Testa idéer")],
        notes=[
            Note("Vad vi såg och hörde", "Fyra av sex förstod."),
            Note("Underlag (testdeltagare)", "Internt citat", internal=True),
        ],
        results=[("Om vi skickar sms …", "Stödd")],
        pictures=[PICTURE],
        link="/tester/3",
    )
    return History([test])


def test_the_snapshot_leaves_out_internal_notes_and_staff_links() -> None:
    stored = rules.snapshot_json(rules.snapshot_of("Bygglov", "Inledning", _history()))
    assert "Internt citat" not in stored and "/tester/3" not in stored
    back = rules.history_of(stored)
    entry = back.entries[0]
    assert [note.text for note in entry.notes] == ["Fyra av sex förstod."]
    assert entry.pictures == [PICTURE] and entry.on == date(2026, 2, 20)
    assert entry.facts == [("Steg", "Testa idéer")] and entry.link == ""
    assert rules.intro_of(stored) == "Inledning" and rules.picture_ids(stored) == {7}


def test_the_seal_changes_with_the_snapshot_and_who_published() -> None:
    version = {
        "project": 1,
        "number": 1,
        "title": "Bygglov",
        "snapshot": rules.snapshot_json(rules.snapshot_of("Bygglov", "", _history())),
        "published_on": date(2026, 3, 15),
        "published_by": "Alva",
        "approved_by": "Gun",
    }
    digest = rules.version_digest(version)
    assert len(digest) == 64 and rules.version_digest(dict(version)) == digest
    assert rules.version_digest(version | {"snapshot": version["snapshot"] + " "}) != digest
    assert rules.version_digest(version | {"approved_by": "Kim"}) != digest


def test_the_author_cannot_approve_and_only_an_unchanged_approved_history_is_published() -> None:
    author = Principal(id=1, name="Alva", email="", role=Role.EDITOR)
    colleague = Principal(id=2, name="Gun", email="", role=Role.ADMIN)
    own = rules.approve_history_problem(PageState.IN_REVIEW, author.id, author)
    assert own is not None and "redigera projektet" in own
    assert rules.approve_history_problem(PageState.IN_REVIEW, author.id, colleague) is None
    assert rules.approve_history_problem(PageState.DRAFT, author.id, colleague) is not None
    assert rules.publish_problem(PageState.IN_REVIEW, "a", "a") is not None
    assert rules.publish_problem(PageState.APPROVED, "a", "b") is not None
    assert rules.publish_problem(PageState.APPROVED, "a", "a") is None
    assert rules.submit_problem(PageState.IN_REVIEW) is not None
    assert rules.submit_problem(PageState.PUBLISHED) is None and rules.submit_problem(None) is None
    assert rules.unpublish_problem(False) is not None and rules.unpublish_problem(True) is None


def test_the_form_keeps_the_typed_text_and_refuses_too_long_an_introduction() -> None:
    values, _ = rules.read_form({"intro": "Så gjorde vi.", "internal_note": ""})
    assert values == {"intro": "Så gjorde vi.", "internal_note": ""}
    refused, form = rules.read_form({"intro": "x" * 5000, "internal_note": ""})
    assert refused is None and form.errors.get("intro") and form.raw["intro"] == "x" * 5000

"""The rules for names in an imported file, without HTTP: each cell that looks like a
resident's name is named (row, column, what looked like a name), a confirmation with a reason
lets that cell through and is kept for the row's change log, and nothing else is let through."""

from __future__ import annotations

import pytest

from tracker.api import importing
from tracker.collaborations.catalogue import load_collaboration_lists
from tracker.dialogues.catalogue import DialogueLists, load_dialogue_lists
from tracker.settings import get_settings

HEADER = list(importing.DIALOGUE_REQUIRED)  # the columns a dialogue needs


def dialogue(
    title: str, question: str = "Hur ska parken se ut?", purpose: str = "Underlag"
) -> list[str]:
    return [
        title,
        "Medborgardialog",
        question,
        "Tekniska nämnden",
        "MSF",
        "Invånare",
        purpose,
        "Barn",
    ]


def table(*rows: list[str]) -> importing.Table:
    return [(1, HEADER), *((number, row) for number, row in enumerate(rows, start=2))]


@pytest.fixture(scope="module")
def lists() -> DialogueLists:
    return load_dialogue_lists(get_settings().lists_dir)


FILE = table(
    dialogue("Parken", question="Ska statyn av Kalle Anka stå kvar?"),
    dialogue("Skolvägen"),
    dialogue("Bussen", purpose="Anna Svensson sa att bussen är sen."),
)


async def test_each_cell_that_looks_like_a_name_is_named_and_refused(
    db: None, lists: DialogueLists
) -> None:
    preview = await importing.preview_dialogues(FILE, lists)

    assert not preview.ok
    named = [(s.number, s.column, s.flagged, s.accepted) for s in preview.suspects]
    assert named == [
        (2, "Frågeställning", "Kalle Anka", False),
        (4, "Syfte", "Anna Svensson", False),
    ]
    assert [(number, column) for number, column, _ in preview.errors] == [
        (2, "Frågeställning"),
        (4, "Syfte"),
    ]
    assert "”Kalle Anka” ser ut som ett namn" in preview.errors[0][2]


def confirm(number: int, field: str, flagged: str, reason: str = "") -> dict[str, str]:
    """What the preview's form posts for a ticked box: the cell, its words and the reason."""
    given = {f"rad-{number}-{field}-inget-namn": "ja", f"rad-{number}-{field}-flaggat": flagged}
    return given | ({f"rad-{number}-{field}-skal": reason} if reason else {})


async def test_a_confirmation_with_a_reason_lets_only_its_cell_through(
    db: None, lists: DialogueLists
) -> None:
    confirmations = confirm(2, "question", "Kalle Anka", "En seriefigur, staty i parken")

    preview = await importing.preview_dialogues(FILE, lists, confirmations)

    first, _, last = preview.rows
    assert first.errors == [] and first.value is not None
    assert first.confirmed == (("question", "Kalle Anka", "En seriefigur, staty i parken"),)
    assert last.errors and last.value is None  # the real name stays refused
    assert not preview.ok


async def test_a_confirmation_needs_a_reason_and_holds_only_for_its_cell_and_words(
    db: None, lists: DialogueLists
) -> None:
    without_reason = await importing.preview_dialogues(
        FILE, lists, confirm(2, "question", "Kalle Anka")
    )
    elsewhere = [
        confirm(3, "question", "Kalle Anka", "Ingen person"),  # another row
        confirm(2, "purpose", "Kalle Anka", "Ingen person"),  # another column
        confirm(2, "question", "Kalle", "Ingen person"),  # other words (the file changed)
        {"rad-2-question-inget-namn": "ja", "rad-2-question-skal": "Ingen person"},  # no words
    ]

    suspect = without_reason.suspects[0]
    assert suspect.confirmed and not suspect.accepted
    assert "Skriv varför ”Kalle Anka” inte är namnet på en person." in suspect.error
    assert without_reason.rows[0].errors and without_reason.rows[0].confirmed == ()
    for confirmations in elsewhere:
        preview = await importing.preview_dialogues(FILE, lists, confirmations)
        assert preview.rows[0].errors and preview.rows[0].confirmed == (), confirmations
        assert not any(s.accepted for s in preview.suspects)


async def test_numbers_and_addresses_cannot_be_confirmed_away(
    db: None, lists: DialogueLists
) -> None:
    phone = table(dialogue("Parken", question="Ring Kalle Anka på 070-123 45 67"))

    preview = await importing.preview_dialogues(
        phone, lists, confirm(2, "question", "Kalle Anka", "Seriefigur")
    )

    assert preview.suspects == []  # refused as a telephone number, nothing to confirm
    assert "telefonnummer" in preview.errors[0][2]
    assert not preview.ok


async def test_a_file_with_every_name_confirmed_is_clean(db: None, lists: DialogueLists) -> None:
    confirmations = (
        confirm(2, "question", "Kalle Anka", "En seriefigur")
        | confirm(4, "purpose", "Anna Svensson", "Namnet på busslinjen")
        | {"rad-4-title": "Byt titel", "title": "Byt titel"}  # not confirmations: ignored
    )

    preview = await importing.preview_dialogues(FILE, lists, confirmations)

    assert preview.ok
    assert [row.value.title for row in preview.rows] == ["Parken", "Skolvägen", "Bussen"]


async def test_an_organisations_notes_are_checked_the_same_way(db: None) -> None:
    lists = load_collaboration_lists(get_settings().lists_dir)
    header = ["Namn", "Typ", "Anteckningar"]
    rows = [(1, header), (2, ["Skidklubben", "Ideell förening", "Möts vid Kalle Ankas staty."])]

    refused = await importing.preview_organisations(rows, lists)
    confirmed = await importing.preview_organisations(
        rows, lists, confirm(2, "notes", "Kalle Ankas", "En seriefigur")
    )

    assert [(s.number, s.column, s.flagged) for s in refused.suspects] == [
        (2, "Anteckningar", "Kalle Ankas")
    ]
    assert not refused.ok
    assert confirmed.ok
    assert confirmed.rows[0].confirmed == (("notes", "Kalle Ankas", "En seriefigur"),)

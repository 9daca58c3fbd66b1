"""Names refused on the evidence form; a false positive confirmed with a reason, kept in the log."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.dialogues.factories import make_dialogue
from tests.support import field_error, field_value, post_form
from tracker.audit.tables import ChangeLogEntry
from tracker.insights.tables import Evidence


@pytest.mark.parametrize(
    ("text", "speaker", "field", "shown"),
    [
        ("Anna Svensson sa att ingen ringde tillbaka.", "förälder", "ev-text", "Anna Svensson"),
        ("Min dotter Lisa fick ringa flera gånger.", "förälder", "ev-text", "Lisa"),
        ("Det var Kalle från hemtjänsten som kom.", "äldre", "ev-text", "Kalle"),
        ("Bussen är sen.", "Karin Johansson, 45 år", "ev-speaker_category", "Karin Johansson"),
    ],
)
async def test_a_name_in_evidence_is_refused_saying_what_looked_like_a_name(
    client: httpx.AsyncClient, text: str, speaker: str, field: str, shown: str
) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/underlag", {"text": text, "speaker_category": speaker}
    )

    assert response.status_code == 422
    error = field_error(response.text, field) or ""
    assert f"”{shown}” ser ut som ett namn" in error and "får inte sparas" in error
    assert field_value(response.text, "ev-text") == text
    assert f'id="{field}-inget-namn"' in response.text  # the way to confirm a false positive
    assert await Evidence.count() == 0


async def test_a_confirmed_false_positive_is_saved_and_the_reason_is_in_the_change_log(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}/underlag"
    form = {
        "text": "Vi vill ha en lekplats som Astrid Lindgrens värld.",
        "speaker_category": "barn",
    }

    without_reason = await post_form(client, url, form | {"text-inget-namn": "ja"})
    saved = await post_form(
        client, url, form | {"text-inget-namn": "ja", "text-skal": "Ett nöjesfält, ingen person"}
    )

    assert without_reason.status_code == 422
    assert "Skriv varför ”Astrid Lindgrens” inte är namnet på en person" in (
        field_error(without_reason.text, "ev-text") or ""
    )
    assert saved.status_code == 303
    assert await Evidence.count() == 1
    entry = await (
        ChangeLogEntry.objects()
        .where(ChangeLogEntry.action == "created")
        .where(ChangeLogEntry.entity_type == "evidence")
        .first()
    )
    assert entry is not None and entry.entity_type == "evidence"  # the record itself
    changes = json.loads(entry.changes) if isinstance(entry.changes, str) else entry.changes
    assert changes["name-confirmed:text"] == [
        "Astrid Lindgrens",
        "Ett nöjesfält, ingen person",
    ]
    log = await client.get("/admin/logg")
    assert "Ett nöjesfält, ingen person" in log.text


async def test_numbers_cannot_be_confirmed_away(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/underlag",
        {
            "text": "Ring mig på 0701234567",
            "speaker_category": "förälder",
            "text-inget-namn": "ja",
            "text-skal": "det är inget namn",
        },
    )

    assert response.status_code == 422
    error = field_error(response.text, "ev-text") or ""
    assert "telefonnummer" in error and "personnummer" not in error
    assert await Evidence.count() == 0

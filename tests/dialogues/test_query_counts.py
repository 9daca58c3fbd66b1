"""The register, the ledger and a dialogue's page send the same number of SQL statements
whatever the amount of data: no query per row."""

from datetime import UTC, date, datetime, timedelta

import httpx

from tracker.clock import at, now
from tracker.db import QUERIES
from tracker.dialogues.tables import (
    Dialogue,
    DialogueChecklistMark,
    DialogueDocument,
    DialogueFeedback,
    DialogueSession,
)
from tracker.text import search_form, swedish_sort_key

from .factories import ACTOR, make_dialogue

STATES = ("idea", "inquiry", "proposal", "decided", "held", "fed_back", "no_dialogue")
LEVELS = ("information", "konsultation", "dialog", "inflytande", "medbeslutande", None)


async def _add_dialogues(count: int, start: int) -> None:
    stamp = now()
    dialogues = [
        Dialogue(
            title=f"Dialog {n}",
            title_search=search_form(f"Dialog {n}"),
            title_sort=swedish_sort_key(f"Dialog {n}"),
            question="q",
            kind="citizen" if n % 2 else "user",
            board=f"Nämnd {n % 5}",
            department="Förvaltning",
            idea_source="official",
            purpose="p",
            target_groups="t",
            related_decision="",
            state=STATES[n % len(STATES)],
            level_promised=LEVELS[n % len(LEVELS)],
            feedback_due=date(2026, 1, 1) + timedelta(days=n) if n % 3 else None,
            created_at=stamp,
            updated_at=stamp,
        )
        for n in range(start, start + count)
    ]
    await Dialogue.insert(*dialogues)
    ids = [row["id"] for row in await Dialogue.select(Dialogue.id)]
    await DialogueFeedback.insert(
        *[
            DialogueFeedback(
                dialogue=dialogue_id,
                audience="residents" if dialogue_id % 2 else "board",
                given_on=date(2026, 6, 1),
                channel="web",
                text="t",
                reference="",
                created_at=stamp,
                created_by="Test",
            )
            for dialogue_id in ids[-count:]
        ]
    )


async def _add_records(dialogue_id: int, count: int) -> None:
    stamp = now()
    await DialogueSession.insert(
        *[
            DialogueSession(
                dialogue=dialogue_id,
                held_on=date(2026, 4, 1),
                place="Biblioteket",
                method="Cafémetoden",
                participants=n,
                breakdown={"age": {"13–19 år": n}},
                created_at=stamp,
                created_by="Test",
            )
            for n in range(count)
        ]
    )
    await DialogueDocument.insert(
        *[
            DialogueDocument(
                dialogue=dialogue_id,
                title=f"Dokument {n}",
                document_date=date(2026, 5, 1),
                link="https://a.example",
                created_at=stamp,
                created_by="Test",
            )
            for n in range(count)
        ]
    )
    await DialogueFeedback.insert(
        *[
            DialogueFeedback(
                dialogue=dialogue_id,
                audience="residents",
                given_on=date(2026, 6, 1),
                channel="web",
                text="t",
                reference="",
                created_at=stamp,
                created_by="Test",
            )
            for _ in range(count)
        ]
    )


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    with at(datetime(2026, 7, 1, 10, tzinfo=UTC)):  # some feedback is overdue, some due
        response = await client.get(url)
    assert response.status_code == 200
    return QUERIES.count


async def test_pages_issue_a_bounded_number_of_queries(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held", level_promised="dialog")
    await _add_dialogues(4, 0)  # five dialogues in all
    await _add_records(dialogue.id, 2)
    await DialogueChecklistMark.insert(
        DialogueChecklistMark(
            dialogue=dialogue.id,
            phase="fore",
            item_key="budget",
            done=True,
            updated_at=now(),
            updated_by=ACTOR.name,
        )
    )
    urls = [
        "/dialoger",
        "/dialoger?sortera=title&typ=citizen&q=dialog",
        "/dialoger?niva=dialog&ar=2026&sortera=due",
        "/dialoger/aterkoppling",
        "/dialoger/aterkoppling?status=overdue&ordning=fallande",
        f"/dialoger/{dialogue.id}",
    ]
    assert await Dialogue.count() == 5
    small = {url: await _queries_for(client, url) for url in urls}

    await _add_dialogues(195, 4)
    await _add_records(dialogue.id, 150)
    assert await Dialogue.count() == 200
    large = {url: await _queries_for(client, url) for url in urls}

    assert large == small
    # One query finds the signed-in user; the register counts, lists, offers boards and levels.
    assert small["/dialoger"] <= 5, small
    assert small["/dialoger/aterkoppling"] <= 5, small
    # The dialogue page: the user, the dialogue, its records (sessions, feedback, the partners
    # who carried it and the changes it named, documents, checklist, projects, history),
    # members, editors, choices, and its evidence and insights with the changes they led to.
    assert small[f"/dialoger/{dialogue.id}"] <= 17, small

"""The dialogue checklist (Före, Under, Efter): progress per phase, saving, the change log."""

import re

import httpx
import pytest

from tests import personas
from tests.support import post_form, text_of
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.dialogues.tables import DialogueChecklistMark
from tracker.settings import get_settings

from .factories import ClientAs, actions, change_log, make_dialogue

LISTS = load_dialogue_lists(get_settings().lists_dir)
PHASES = {phase.key: phase for phase in LISTS.checklist}


def headings(html: str) -> list[str]:
    """The phase headings with their progress, e.g. "Före (2 av 12 klara)"."""
    return [text_of(h) for h in re.findall(r'<h3 id="checklist-[^"]+">(.*?)</h3>', html, re.S)]


def checked(html: str) -> set[str]:
    return set(
        re.findall(r'id="check-([a-z]+-[a-z0-9-]+)" name="done" value="[^"]+" checked', html)
    )


def test_the_checklist_has_before_during_and_after_from_the_list_file() -> None:
    assert [(phase.key, phase.name) for phase in LISTS.checklist] == [
        ("fore", "Före"),
        ("under", "Under"),
        ("efter", "Efter"),
    ]
    before = [item.text for item in PHASES["fore"].checklist]
    assert len(before) == 12
    assert "Nivån på delaktighetstrappan är bestämd" in before
    assert [item.key for item in PHASES["efter"].checklist] == [
        "sammanstall",
        "utvardera",
        "aterkoppla",
    ]


async def test_a_new_dialogue_shows_every_phase_with_no_progress(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()

    page = await client.get(f"/dialoger/{dialogue.id}")

    assert headings(page.text) == [
        "Före (0 av 12 klara)",
        "Under (0 av 3 klara)",
        "Efter (0 av 3 klara)",
    ]
    for phase in LISTS.checklist:
        for item in phase.checklist:
            assert item.text in page.text


async def test_ticking_items_saves_them_and_shows_progress_per_phase(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/checklista",
        [("phase", "fore"), ("done", "mal-och-syfte"), ("done", "budget"), ("done", "okand")],
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#checklista"
    await post_form(
        client, f"/dialoger/{dialogue.id}/checklista", [("phase", "efter"), ("done", "utvardera")]
    )
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert headings(page.text) == [
        "Före (2 av 12 klara)",
        "Under (0 av 3 klara)",
        "Efter (1 av 3 klara)",
    ]
    assert checked(page.text) == {"fore-mal-och-syfte", "fore-budget", "efter-utvardera"}
    assert "Checklistan är sparad." in text_of(page.text)
    entry = (await change_log(dialogue.id))[-2]
    assert entry["action"] == "checklist"
    assert entry["summary"] == (
        "Checklistan före: ✓ Mål och syfte är beskrivna; ✓ Budget och finansiering är klara."
    )
    assert entry["changes"] == {
        "checklist:fore:mal-och-syfte": [False, True],
        "checklist:fore:budget": [False, True],
    }


async def test_unticking_keeps_the_mark_and_logs_it(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/checklista"
    await post_form(client, url, [("phase", "under"), ("done", "forbered"), ("done", "genomfor")])

    response = await post_form(client, url, [("phase", "under"), ("done", "genomfor")])

    assert response.status_code == 303
    marks = await DialogueChecklistMark.select().order_by(DialogueChecklistMark.item_key)
    assert [(m["item_key"], m["done"]) for m in marks] == [
        ("forbered", False),
        ("genomfor", True),
    ]
    assert (await change_log(dialogue.id))[-1]["summary"] == (
        "Checklistan under: ✗ Dialogen är förberedd."
    )
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Under (1 av 3 klara)" in headings(page.text)

    # Saving the same ticks again changes and logs nothing.
    again = await post_form(client, url, [("phase", "under"), ("done", "genomfor")])
    assert again.status_code == 303
    assert (await actions(dialogue.id)).count("checklist") == 2
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Checklistan var redan sparad." in text_of(page.text)


async def test_ticking_one_phase_leaves_the_others_alone(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/checklista"
    await post_form(client, url, [("phase", "fore"), ("done", "tidplan")])

    await post_form(client, url, [("phase", "efter")])  # nothing ticked in Efter

    page = await client.get(f"/dialoger/{dialogue.id}")
    assert checked(page.text) == {"fore-tidplan"}


@pytest.mark.parametrize("phase", ["", "mitt", "Före", "fore; drop"])
async def test_an_unknown_phase_is_not_found(client: httpx.AsyncClient, phase: str) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/checklista", {"phase": phase, "done": "tidplan"}
    )

    assert response.status_code == 404
    assert await DialogueChecklistMark.count() == 0


async def test_a_reader_sees_the_checklist_without_a_form(client_as: ClientAs) -> None:
    dialogue = await make_dialogue()
    admin = client_as(await personas.alva())
    await post_form(
        admin, f"/dialoger/{dialogue.id}/checklista", {"phase": "fore", "done": "budget"}
    )
    reader = client_as(await personas.lo())

    page = await reader.get(f"/dialoger/{dialogue.id}")

    assert "Före (1 av 12 klara)" in headings(page.text)
    assert f'action="/dialoger/{dialogue.id}/checklista"' not in page.text
    assert "Klart: Budget och finansiering är klara" in text_of(page.text)
    assert "Inte klart: Tidplanen är klar" in text_of(page.text)
    refused = await post_form(
        reader, f"/dialoger/{dialogue.id}/checklista", {"phase": "fore", "done": "tidplan"}
    )
    assert refused.status_code == 403
    assert await DialogueChecklistMark.count() == 1

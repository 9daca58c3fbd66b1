"""The dialogue's page shows the dialogue, its state and its records; registering a session,
a document or feedback opens on demand, on its own page (issue 14)."""

import json
import re

import httpx
import pytest

from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR
from tests.support import field_error, post_form, text_of
from tracker.dialogues import register
from tracker.dialogues.tables import DialogueDocument

FORMS = [
    ("/tillfallen/ny", "Registrera ett tillfälle", "/tillfallen", "nytt-tillfalle"),
    ("/dokument/ny", "Lägg till dokument", "/dokument", "nytt-dokument"),
    ("/aterkoppling/ny", "Registrera återkoppling", "/aterkoppling", "ny-aterkoppling"),
]


async def test_the_page_links_to_its_forms_instead_of_showing_them(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    page = (await client.get(url)).text

    for path, verb, action, target in FORMS:
        assert f'action="{url}{action}"' not in page
        link = re.search(rf'<a class="button[^"]*" href="{url}{path}"[^>]*>(.*?)</a>', page)
        assert link and link.group(1) == verb
        assert f'hx-get="{url}{path}" hx-target="#{target}"' in link.group(0)
    assert not re.search(r'<(?:input|select|textarea)[^>]*id="(?:s|d|f)-', page)  # no fields


@pytest.mark.parametrize(("path", "verb", "action", "target"), FORMS)
async def test_each_form_has_its_own_page_and_htmx_gets_only_the_form(
    client: httpx.AsyncClient, path: str, verb: str, action: str, target: str
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    own = await client.get(f"{url}{path}")
    assert own.status_code == 200
    assert f"<h1>{verb}</h1>" in own.text
    assert f'<form method="post" action="{url}{action}"' in own.text
    assert f'<a href="{url}">{dialogue.title}</a>' in own.text  # the way back

    fragment = await client.get(f"{url}{path}", headers={"HX-Request": "true", "HX-Target": target})
    assert fragment.text.lstrip().startswith(f'<div class="panel" id="{target}"')
    assert "<h1" not in fragment.text


async def test_a_refused_document_comes_back_on_its_page_and_a_saved_one_on_the_dialogue(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    refused = await post_form(
        client, f"{url}/dokument", {"title": "Protokoll", "document_date": ""}
    )
    assert refused.status_code == 422
    assert field_error(refused.text, "d-document_date")
    assert "<h1>Lägg till dokument</h1>" in refused.text
    assert 'value="Protokoll"' in refused.text

    form = {"title": "Protokoll", "document_date": "2026-05-01"}
    saved = await post_form(client, f"{url}/dokument", form)
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}#resultat"
    assert "Dokumentet är tillagt." in text_of((await client.get(url)).text)

    # From the form opened in place, htmx is told to load the dialogue's page.
    again = await post_form(
        client,
        f"{url}/dokument",
        form | {"title": "Minnesanteckningar"},
        headers={"HX-Request": "true", "HX-Target": "nytt-dokument"},
    )
    assert again.status_code == 200
    assert json.loads(again.headers["hx-location"])["path"] == url
    assert await DialogueDocument.count() == 2


@pytest.mark.parametrize(
    ("state", "verb", "posted"),
    [
        ("inquiry", "Registrera nämndens svar", {"needs_knowledge": "ja"}),
        ("proposal", "Registrera beslutet", {"target": "decided", "decided_on": ""}),
        ("no_dialogue", "Registrera informationsmötet", {"target": "information_meeting"}),
    ],
)
async def test_the_states_form_with_fields_opens_on_demand_and_keeps_its_errors(
    client: httpx.AsyncClient, state: str, verb: str, posted: dict[str, str]
) -> None:
    dialogue = await make_dialogue(state=state)
    url = f"/dialoger/{dialogue.id}"

    page = (await client.get(url)).text
    link = re.search(rf'<a class="button" href="{url}/overgang"[^>]*>(.*?)</a>', page)
    assert link and link.group(1) == verb
    assert not re.search(r'<(?:input|select|textarea)[^>]*id="tr-', page)
    own = await client.get(f"{url}/overgang")
    assert f"<h1>{verb}</h1>" in own.text

    refused = await post_form(client, f"{url}/overgang", {"seen_state": state, **posted})
    assert refused.status_code == 422
    assert f"<h1>{verb}</h1>" in refused.text  # back on the form's page, with the errors
    assert 'class="error-summary"' in refused.text


async def test_an_archived_dialogue_shows_no_forms_and_refuses_them(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    await register.set_archived(dialogue, True, ACTOR)
    url = f"/dialoger/{dialogue.id}"

    page = (await client.get(url)).text

    for path, *_ in [*FORMS, ("/overgang",)]:
        assert f'href="{url}{path}"' not in page
        refused = await client.get(f"{url}{path}")
        assert refused.status_code == 409
        assert "Dialogen är arkiverad" in text_of(refused.text)

"""The dialogue's page shows the dialogue, its state and its records; registering a session,
a document or feedback, and changing the level achieved or the results, opens on demand, on
its own page (issue 14)."""

import json
import re

import httpx
import pytest

from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR
from tests.support import field_error, field_value, form_of, post_form, text_of
from tracker.dialogues import register
from tracker.dialogues.tables import DialogueDocument

FORMS = [
    ("/tillfallen/ny", "Registrera ett tillfälle", "/tillfallen", "nytt-tillfalle"),
    ("/dokument/ny", "Lägg till dokument", "/dokument", "nytt-dokument"),
    ("/aterkoppling/ny", "Registrera återkoppling", "/aterkoppling", "ny-aterkoppling"),
]


def opening_button(page: str, url: str, path: str, target: str) -> re.Match[str]:
    """The button on the dialogue's page that opens the form at `path` (group 1: its words):
    a link to the form's page that htmx loads in place of `target`."""
    link = re.search(rf'<a class="button[^"]*" href="{url}{path}"[^>]*>(.*?)</a>', page)
    assert link, path
    assert f'hx-get="{url}{path}" hx-target="#{target}"' in link.group(0)
    return link


async def own_page_and_fragment(
    client: httpx.AsyncClient, url: str, path: str, verb: str, action: str, target: str
) -> tuple[str, str]:
    """The form's own page (its heading, its form, the way back to the dialogue) and what an
    htmx request gets: the form's block alone."""
    own = await client.get(f"{url}{path}")
    assert own.status_code == 200
    assert f"<h1>{verb}</h1>" in own.text
    assert f'<form method="post" action="{url}{action}"' in own.text
    fragment = await client.get(f"{url}{path}", headers={"HX-Request": "true", "HX-Target": target})
    assert fragment.text.lstrip().startswith(f'<div class="panel" id="{target}"')
    assert "<h1" not in fragment.text
    return own.text, fragment.text


async def test_the_page_links_to_its_forms_instead_of_showing_them(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    page = (await client.get(url)).text

    for path, verb, action, target in FORMS:
        assert f'action="{url}{action}"' not in page
        assert opening_button(page, url, path, target).group(1) == verb
    assert not re.search(r'<(?:input|select|textarea)[^>]*id="(?:s|d|f)-', page)  # no fields


@pytest.mark.parametrize(("path", "verb", "action", "target"), FORMS)
async def test_each_form_has_its_own_page_and_htmx_gets_only_the_form(
    client: httpx.AsyncClient, path: str, verb: str, action: str, target: str
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    own, _ = await own_page_and_fragment(client, url, path, verb, action, target)
    assert f'<a href="{url}">{dialogue.title}</a>' in own  # the way back


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

    for path, *_ in [*FORMS, ("/overgang",), *PAGE_FIELDS]:
        assert f'href="{url}{path}"' not in page
        refused = await client.get(f"{url}{path}")
        assert refused.status_code == 409
        assert "Dialogen är arkiverad" in text_of(refused.text)


# The level achieved and the results: read first, changed on demand.
PAGE_FIELDS = [
    ("/niva", "Registrera uppnådd nivå", "andra-niva", "level_achieved"),
    ("/resultat", "Sammanfatta resultatet", "andra-resultat", "r-results_summary"),
]


async def test_the_level_and_results_are_shown_and_their_forms_open_on_demand(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    await register.set_results(dialogue, "Fler bänkar önskas.", ACTOR)
    url = f"/dialoger/{dialogue.id}"

    page = (await client.get(url)).text

    assert "Fler bänkar önskas." in text_of(page)  # what is saved, read first
    assert "Uppnådd nivå Inte registrerad" in text_of(page)
    for path, verb, target, field in PAGE_FIELDS:
        verb = "Ändra resultatet" if path == "/resultat" else verb
        assert f'action="{url}{path}"' not in page
        assert f'id="{field}"' not in page
        button = opening_button(page, url, path, target)
        assert button.group(1) == verb
        assert "data-opens-form" in button.group(0)


@pytest.mark.parametrize(("path", "verb", "target", "field"), PAGE_FIELDS)
async def test_the_level_and_results_forms_have_their_own_pages(
    client: httpx.AsyncClient, path: str, verb: str, target: str, field: str
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"

    own, fragment = await own_page_and_fragment(client, url, path, verb, path, target)
    assert form_of(own, f"{url}{path}")["read_version"] == str(dialogue.version)
    assert f'<a href="{url}">{dialogue.title}</a>' in own
    assert f'id="{field}"' in fragment


async def test_refused_results_come_back_on_their_page_and_saved_ones_on_the_dialogue(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"
    form = form_of((await client.get(f"{url}/resultat")).text, f"{url}/resultat")

    refused = await post_form(client, f"{url}/resultat", {**form, "results_summary": "x" * 10001})
    assert refused.status_code == 422
    assert "<h1>Sammanfatta resultatet</h1>" in refused.text
    assert field_value(refused.text, "r-results_summary") == "x" * 10001

    htmx = {"HX-Request": "true", "HX-Target": "andra-resultat"}
    again = await post_form(
        client, f"{url}/resultat", {**form, "results_summary": ""}, headers=htmx
    )
    assert again.status_code == 200  # nothing changed, but the save went through
    assert json.loads(again.headers["hx-location"]) == {
        "path": url,
        "target": "#main",
        "swap": "outerHTML show:#resultat:top",
    }
    saved = await post_form(client, f"{url}/resultat", {**form, "results_summary": "Belysning."})
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}#resultat"
    assert "Belysning." in text_of((await client.get(url)).text)


async def test_a_refused_level_comes_back_in_place_and_a_saved_one_loads_the_dialogue(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"
    form = form_of((await client.get(f"{url}/niva")).text, f"{url}/niva")
    htmx = {"HX-Request": "true", "HX-Target": "andra-niva"}

    refused = await post_form(
        client, f"{url}/niva", {**form, "level_achieved": "max"}, headers=htmx
    )
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<div class="panel" id="andra-niva"')
    assert field_error(refused.text, "level_achieved") == "Välj en nivå i listan."

    saved = await post_form(
        client, f"{url}/niva", {**form, "level_achieved": "dialog"}, headers=htmx
    )
    assert json.loads(saved.headers["hx-location"])["swap"] == "outerHTML show:#niva:top"
    assert "Uppnådd nivå Dialog – invånarna fick resonera" in text_of((await client.get(url)).text)


async def test_the_level_form_is_not_offered_before_the_dialogue_is_held(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="decided")
    url = f"/dialoger/{dialogue.id}"

    assert f'href="{url}/niva"' not in (await client.get(url)).text
    own = await client.get(f"{url}/niva")
    assert "Uppnådd nivå registreras när dialogen är genomförd." in text_of(own.text)
    assert f'action="{url}/niva"' not in own.text


async def test_a_stale_results_form_opened_in_place_shows_the_conflict_in_place(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}/resultat"
    mine = form_of((await client.get(url)).text, url)
    await register.set_results(dialogue, "Fler bänkar önskas.", ACTOR)  # someone else, meanwhile

    refused = await post_form(
        client,
        url,
        {**mine, "results_summary": "Bättre belysning."},
        headers={"HX-Request": "true", "HX-Target": "andra-resultat"},
    )

    assert refused.status_code == 409
    assert refused.text.lstrip().startswith('<div class="panel" id="andra-resultat"')
    assert '<h3 id="conflict-title">Någon annan har ändrat resultatet</h3>' in refused.text
    assert "Fler bänkar önskas." in text_of(refused.text)
    assert field_value(refused.text, "r-results_summary") == "Bättre belysning."
    assert "Spara mina ändringar ovanpå" in refused.text

""" "Underlag och insikter" shows the evidence and insights first; adding evidence and
formulating an insight open on demand, each on its own page that htmx loads in place in the
section (issue 14)."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import field_error, field_value, form_of, post_form, text_of
from tracker.insights.tables import Evidence, Insight
from tracker.phases.catalogue import PhaseCatalogue

from .factories import evidence_from

IN_PLACE = {"HX-Request": "true"}


def _section(html: str) -> str:
    return html[html.index('id="underlag"') :].split("</section>", 1)[0]


async def _source(kind: str, catalogue: PhaseCatalogue) -> str:
    if kind == "dialogue":
        return f"/dialoger/{(await make_dialogue(state='held')).id}"
    if kind == "collaboration":
        return f"/samverkan/{(await make_collaboration()).id}"
    return f"/projekt/{(await make_project(catalogue, current_step='undersoka')).id}"


@pytest.mark.parametrize("kind", ["dialogue", "collaboration", "project"])
async def test_the_section_links_to_its_forms_instead_of_showing_them(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    url = await _source(kind, catalogue)
    section = _section((await client.get(url)).text)
    assert "Formulera en insikt" not in section  # nothing to build an insight on yet

    source_type = {"dialogue": "dialogue", "collaboration": "collaboration"}.get(kind, "project")
    await evidence_from(int(url.rsplit("/", 1)[1]), source_type=source_type)
    section = _section((await client.get(url)).text)

    assert not re.search(r'<(?:textarea|input)[^>]*id="(?:ev|in)-', section)  # no fields
    for path, verb, target in [
        ("underlag/ny", "Lägg till underlag", "nytt-underlag"),
        ("insikter/ny", "Formulera en insikt", "ny-insikt"),
    ]:
        link = re.search(rf'<a class="button[^"]*" href="{url}/{path}"[^>]*>(.*?)</a>', section)
        assert link and link.group(1) == verb
        assert f'hx-get="{url}/{path}" hx-target="#{target}"' in link.group(0)
        assert "data-opens-form" in link.group(0)


async def test_each_form_has_its_own_page_and_htmx_gets_only_the_form(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", title="Trygg skolväg")
    await evidence_from(dialogue.id, "Gångvägen är mörk")
    url = f"/dialoger/{dialogue.id}"

    for path, verb, action, target in [
        ("underlag/ny", "Lägg till underlag", "underlag", "nytt-underlag"),
        ("insikter/ny", "Formulera en insikt", "insikter/ny", "ny-insikt"),
    ]:
        own = await client.get(f"{url}/{path}")
        assert own.status_code == 200
        assert f"<h1>{verb}</h1>" in own.text
        assert f'<a href="{url}">Trygg skolväg</a>' in own.text  # the way back
        form = re.search(rf'<form method="post" action="{url}/{action}"[^>]*>', own.text)
        assert form and "hx-post" not in form.group(0)  # a plain post from its own page

        fragment = await client.get(f"{url}/{path}", headers=IN_PLACE | {"HX-Target": target})
        assert fragment.text.lstrip().startswith(f'<div class="panel" id="{target}"')
        assert "<h1" not in fragment.text
        assert f'hx-post="{url}/{action}" hx-target="#underlag"' in fragment.text
    own = (await client.get(f"{url}/insikter/ny")).text
    assert "Gångvägen är mörk" in text_of(own)  # the evidence to build it on


async def test_a_refused_post_keeps_what_was_typed_on_its_page_or_in_the_section(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"
    typed = {"text": "Det är mörkt vid hållplatsen.", "speaker_category": ""}

    plain = await post_form(client, f"{url}/underlag", typed)
    assert plain.status_code == 422
    assert "<h1>Lägg till underlag</h1>" in plain.text
    assert field_value(plain.text, "ev-text") == typed["text"]
    assert field_error(plain.text, "ev-speaker_category")
    summary = text_of(plain.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0])
    assert "Vem sa det (kategori): Skriv vem som sa det" in summary  # the field, named

    in_place = await post_form(
        client, f"{url}/underlag", typed, headers=IN_PLACE | {"HX-Target": "underlag"}
    )
    assert in_place.status_code == 422
    assert in_place.text.lstrip().startswith('<section class="panel" id="underlag"')
    assert field_value(in_place.text, "ev-text") == typed["text"]
    assert 'class="error-summary"' in in_place.text
    assert await Evidence.count() == 0

    evidence = await evidence_from(dialogue.id)
    refused = await post_form(client, f"{url}/insikter/ny", {"statement": "Mörker skrämmer"})
    assert refused.status_code == 422
    assert "<h1>Formulera en insikt</h1>" in refused.text
    assert field_value(refused.text, "in-statement") == "Mörker skrämmer"
    assert f'id="in-evidence-{evidence}"' in refused.text
    assert await Insight.count() == 0


async def test_a_false_positive_name_is_confirmed_on_the_forms_page(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}"
    typed = {
        "text": "Vi vill ha en lekplats som Astrid Lindgrens värld.",
        "speaker_category": "barn",
    }

    asked = await post_form(client, f"{url}/underlag", typed)
    assert asked.status_code == 422
    assert 'id="ev-text-inget-namn"' in asked.text  # the way to confirm it
    confirmed = form_of(asked.text, f"{url}/underlag") | {
        "text-inget-namn": "ja",
        "text-skal": "Ett nöjesfält, ingen person",
    }

    saved = await post_form(client, f"{url}/underlag", confirmed)

    assert saved.status_code == 303
    assert saved.headers["location"] == f"{url}?sparat=underlag#underlag"
    after = _section((await client.get(saved.headers["location"])).text)
    assert 'id="ev-text"' in after  # the form stays open for the next piece
    assert await Evidence.count() == 1


async def test_a_form_that_cannot_be_used_now_says_why(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    deciding = await make_project(catalogue, current_step="fokusera")
    closed = await client.get(f"/projekt/{deciding.id}/underlag/ny")
    assert "registreras i stegen Undersöka eller Testa idéer" in text_of(closed.text)
    assert 'id="ev-text"' not in closed.text

    dialogue = await make_dialogue(state="held")
    empty = await client.get(f"/dialoger/{dialogue.id}/insikter/ny")
    assert "Lägg till underlag först." in text_of(empty.text)
    assert 'id="in-statement"' not in empty.text


async def test_the_forms_pages_of_an_unknown_source_are_404(client: httpx.AsyncClient) -> None:
    for url in ("/dialoger/999/underlag/ny", "/samverkan/999/insikter/ny"):
        assert (await client.get(url)).status_code == 404

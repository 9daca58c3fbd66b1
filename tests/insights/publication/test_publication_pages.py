"""The "Ni sa – vi gjorde" pages through the real app: the staff page drafts, saves, sends for
review, approves and publishes; the public page shows only what is meant to be public."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.insights.publication.test_publication import (
    INTERNAL_NOTE,
    INTERNAL_ONLY_INSIGHT,
    INTERNAL_ONLY_QUOTE,
    INTERNAL_QUOTE,
    _evidence,
    _insight,
    build_chain,
)
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue

ClientAs = Callable[[Principal], httpx.AsyncClient]


FIRST_DRAFT = {"read_version": "0"}  # what the form carries before there is a draft


def staff(dialogue_id: int, step: str = "") -> str:
    return f"/dialoger/{dialogue_id}/ni-sa-vi-gjorde" + (f"/{step}" if step else "")


def form_of(html: str) -> dict[str, str]:
    """The edit form as the page shows it (what a user would send back unchanged)."""
    names = ("title", "intro", "you_said", "we_did", "not_done", "internal_note")
    version = re.search(r'name="read_version" value="([^"]*)"', html)
    return {name: field_value(html, name) or "" for name in names} | {
        "read_version": version.group(1) if version else ""
    }


def seen_of(html: str) -> str:
    match = re.search(r'name="seen" value="([^"]*)"', html)
    assert match, "no form with the text's stamp on the page"
    return match.group(1)


def reviewers_of(html: str) -> list[str]:
    """The colleagues the review form offers (their account ids)."""
    return re.findall(r'name="reviewers" value="(\d+)"', html)


async def publish_through_pages(
    editor: httpx.AsyncClient, reviewer: httpx.AsyncClient, dialogue_id: int, **edits: str
) -> httpx.Response:
    """Save (with edits), send for review, approve as someone else, publish."""
    page = await editor.get(staff(dialogue_id))
    saved = await post_form(editor, staff(dialogue_id), form_of(page.text) | edits)
    assert saved.status_code == 303, saved.text
    page = await editor.get(staff(dialogue_id))
    sent = await post_form(
        editor,
        staff(dialogue_id, "granskning"),
        {"seen": seen_of(page.text), "reviewers": reviewers_of(page.text)},
    )
    assert sent.status_code == 303, sent.text
    page = await reviewer.get(staff(dialogue_id))
    approved = await post_form(
        reviewer, staff(dialogue_id, "godkann"), {"seen": seen_of(page.text)}
    )
    assert approved.status_code == 303
    page = await editor.get(staff(dialogue_id))
    return await post_form(editor, staff(dialogue_id, "publicera"), {"seen": seen_of(page.text)})


async def test_the_staff_page_offers_a_draft_from_the_chain(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await build_chain(catalogue)

    page = await client.get(staff(chain.dialogue_id))

    assert page.status_code == 200
    assert field_value(page.text, "title") == "Ni sa – vi gjorde: Trygg skolväg"
    assert "Föräldrar känner sig otrygga" in (field_value(page.text, "you_said") or "")
    assert "införd 2026-03-15" in (field_value(page.text, "we_did") or "")
    assert "Inget utkast är sparat än" in text_of(page.text)
    for secret in (INTERNAL_QUOTE, INTERNAL_ONLY_QUOTE, INTERNAL_ONLY_INSIGHT):
        assert secret not in page.text


async def test_a_reader_sees_the_draft_but_no_form_or_actions(
    client_as: ClientAs, catalogue: PhaseCatalogue
) -> None:
    chain = await build_chain(catalogue)
    lo = client_as(await personas.lo())

    page = await lo.get(staff(chain.dialogue_id))

    assert page.status_code == 200
    assert "Föräldrar känner sig otrygga på vägen till skolan" in text_of(page.text)
    assert "Spara utkastet" not in page.text
    assert "Skicka för granskning" not in page.text


async def test_bad_input_is_kept_with_a_message_beside_the_field(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client,
        staff(dialogue.id),
        {
            "title": "",
            "intro": "Hej",
            "you_said": "Kontakta anna@example.se för mer",
            "we_did": "- Belysning",
            "not_done": "",
            "internal_note": INTERNAL_NOTE,
        },
    )

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Skriv en rubrik."
    assert "e-postadress" in (field_error(response.text, "you_said") or "")
    assert field_value(response.text, "you_said") == "Kontakta anna@example.se för mer"
    assert field_value(response.text, "internal_note") == INTERNAL_NOTE
    assert (await client.get(staff(dialogue.id))).status_code == 200


async def test_unknown_ids_are_404(client: httpx.AsyncClient) -> None:
    for url in (
        staff(999_999),
        "/ni-sa-vi-gjorde/999999",
        "/ni-sa-vi-gjorde/999999/version/1",
        "/ni-sa-vi-gjorde/99999999999999",
        "/ni-sa-vi-gjorde/1/version/99999999999999",
    ):
        assert (await client.get(url)).status_code == 404, url
    response = await post_form(client, staff(999_999, "publicera"), {"seen": ""})
    assert response.status_code == 404


async def test_an_unpublished_page_is_404_for_everyone(
    anonymous: httpx.AsyncClient, client_as: ClientAs
) -> None:
    robin = await personas.robin()
    dialogue = await make_dialogue(actor=robin)
    await post_form(
        client_as(robin),
        staff(dialogue.id),
        {"title": "Utkast", "you_said": "Något", "we_did": "Inget än", **FIRST_DRAFT},
    )

    response = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}")

    assert response.status_code == 404
    assert "Det finns ingen publicerad sida" in text_of(response.text)
    assert "Utkast" not in text_of(response.text)


async def test_the_editor_cannot_approve_their_own_text(client_as: ClientAs) -> None:
    robin, alva = await personas.robin(), await personas.alva()
    dialogue = await make_dialogue(actor=robin)
    http = client_as(robin)
    await post_form(
        http,
        staff(dialogue.id),
        {"title": "Rubrik", "you_said": "Sa", "we_did": "Gjorde", **FIRST_DRAFT},
    )
    page = await http.get(staff(dialogue.id))
    seen = seen_of(page.text)
    await post_form(
        http, staff(dialogue.id, "granskning"), {"seen": seen, "reviewers": [str(alva.id)]}
    )

    page = await http.get(staff(dialogue.id))
    assert "Godkänn texten" not in page.text
    assert "någon annan behöver granska" in text_of(page.text)
    refused = await post_form(http, staff(dialogue.id, "godkann"), {"seen": seen})

    assert refused.status_code == 409
    assert "någon annan behöver granska och godkänna den" in text_of(refused.text)
    published = await post_form(http, staff(dialogue.id, "publicera"), {"seen": ""})
    assert published.status_code == 409
    assert "granskas och godkännas av en annan person" in text_of(published.text)


async def test_draft_to_public_page_shows_nothing_internal(
    anonymous: httpx.AsyncClient, client_as: ClientAs, catalogue: PhaseCatalogue
) -> None:
    robin, alva = await personas.robin(), await personas.alva()
    chain = await build_chain(catalogue, actor=robin)
    editor, reviewer = client_as(robin), client_as(alva)

    published = await publish_through_pages(
        editor, reviewer, chain.dialogue_id, internal_note=INTERNAL_NOTE
    )

    assert published.status_code == 303
    public = await anonymous.get(f"/ni-sa-vi-gjorde/{chain.dialogue_id}")
    assert public.status_code == 200
    text = text_of(public.text)
    assert f"Version 1, publicerad {today().isoformat()}" in text
    assert "Föräldrar känner sig otrygga på vägen till skolan" in text
    assert "Ny belysning längs skolvägen – införd 2026-03-15." in text
    assert "Skälet: Marken runt dammen ägs inte av kommunen." in text
    for secret in (INTERNAL_NOTE, INTERNAL_QUOTE, INTERNAL_ONLY_QUOTE, INTERNAL_ONLY_INSIGHT):
        assert secret not in public.text
    # No staff navigation, no names of staff, no forms.
    for staff_only in ("Logga ut", "Logga in", "/kedjan", "Robin", "Testanvändare", "<form"):
        assert staff_only not in public.text
    staff_page = await editor.get(staff(chain.dialogue_id))
    assert "Version 1" in text_of(staff_page.text)
    assert INTERNAL_NOTE in staff_page.text  # staff still see their note


async def test_a_new_version_leaves_the_first_as_published(
    anonymous: httpx.AsyncClient, client_as: ClientAs
) -> None:
    robin = await personas.robin()
    dialogue = await make_dialogue(actor=robin)
    editor, alva = client_as(robin), client_as(await personas.alva())
    base = {"title": "Ni sa – vi gjorde", "you_said": "- Mörkt", "we_did": "- Lampor beslutade"}
    await post_form(editor, staff(dialogue.id), base | FIRST_DRAFT)
    await publish_through_pages(editor, alva, dialogue.id)

    second = await publish_through_pages(editor, alva, dialogue.id, we_did="- Lamporna lyser nu")

    assert second.status_code == 303
    latest = text_of((await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}")).text)
    first = text_of((await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}/version/1")).text)
    assert "Version 2, publicerad" in latest and "Lamporna lyser nu" in latest
    assert "Version 1, publicerad" in latest  # the link to the earlier version
    assert "Lampor beslutade" in first and "Lamporna lyser nu" not in first
    assert "Det här är en äldre version" in first


async def test_kim_who_is_not_a_member_may_not_approve(client_as: ClientAs) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    response = await post_form(client_as(kim), staff(dialogue.id, "godkann"), {"seen": ""})
    assert response.status_code == 403


async def _queries_for(http: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await http.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_pages_send_a_bounded_number_of_queries(
    anonymous: httpx.AsyncClient, client_as: ClientAs, catalogue: PhaseCatalogue
) -> None:
    robin, alva = await personas.robin(), await personas.alva()
    chain = await build_chain(catalogue, actor=robin)
    editor, reviewer = client_as(robin), client_as(alva)
    fresh = staff(chain.dialogue_id) + "?fran-kedjan=1"
    small = {"draft": await _queries_for(editor, fresh)}
    await publish_through_pages(editor, reviewer, chain.dialogue_id)
    small |= {
        "staff": await _queries_for(editor, staff(chain.dialogue_id)),
        "public": await _queries_for(anonymous, f"/ni-sa-vi-gjorde/{chain.dialogue_id}"),
    }

    for n in range(30):
        await _insight(f"Insikt {n}", await _evidence(chain.dialogue_id, f"Underlag {n}"))
    for _ in range(3):
        await publish_through_pages(editor, reviewer, chain.dialogue_id, intro=f"Ny {_}")
    large = {
        "draft": await _queries_for(editor, fresh),
        "staff": await _queries_for(editor, staff(chain.dialogue_id)),
        "public": await _queries_for(anonymous, f"/ni-sa-vi-gjorde/{chain.dialogue_id}"),
    }

    assert large == small
    assert small["public"] <= 3 and max(small.values()) <= 12, small


async def test_the_preview_shows_the_saved_draft_as_residents_would_see_it(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()
    assert (await client.get(staff(dialogue.id, "forhandsvisning"))).status_code == 404
    await post_form(
        client,
        staff(dialogue.id),
        {
            **FIRST_DRAFT,
            "title": "Rubrik",
            "you_said": "- Mörkt\n- Kallt",
            "we_did": "Lampor",
            "internal_note": INTERNAL_NOTE,
        },
    )

    preview = await client.get(staff(dialogue.id, "forhandsvisning"))

    assert preview.status_code == 200
    text = text_of(preview.text)
    assert "Förhandsvisning – inte publicerad." in text
    assert "Blir version 1 när den publiceras" in text
    assert "<li>Mörkt</li>" in preview.text and "<li>Kallt</li>" in preview.text
    assert INTERNAL_NOTE not in preview.text


async def test_typed_markup_is_shown_as_text_never_run(
    anonymous: httpx.AsyncClient, client_as: ClientAs
) -> None:
    robin = await personas.robin()
    dialogue = await make_dialogue(actor=robin)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    await publish_through_pages(
        client_as(robin),
        client_as(await personas.alva()),
        dialogue.id,
        title="Rubrik " + attack,
        you_said="- " + attack,
        we_did=attack,
    )

    public = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}")

    assert public.status_code == 200
    assert "<script>alert" not in public.text and "<img src=x" not in public.text
    assert "&lt;script&gt;" in public.text
    assert (await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}/version/2")).status_code == 404


async def test_a_published_page_shows_its_full_address_and_a_qr_code_to_print(
    client_as: ClientAs,
) -> None:
    robin = await personas.robin()
    dialogue = await make_dialogue(actor=robin)
    editor, alva = client_as(robin), client_as(await personas.alva())
    base = {"title": "Ni sa – vi gjorde", "you_said": "- Mörkt", "we_did": "- Lampor beslutade"}
    await post_form(editor, staff(dialogue.id), base | FIRST_DRAFT)
    await publish_through_pages(editor, alva, dialogue.id)

    page = (await editor.get(staff(dialogue.id))).text
    address = f"http://testserver/ni-sa-vi-gjorde/{dialogue.id}"
    assert f'id="public-address" value="{address}" readonly' in page
    assert 'data-copy-from="public-address" hidden' in page  # shown by the script only
    qr = await editor.get(staff(dialogue.id, "qr.svg"))
    assert qr.status_code == 200
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert b"<title>QR-kod till sidans adress</title>" in qr.content
    assert address.encode() in qr.content  # its description names the address it holds

"""The public index of "Ni sa – vi gjorde" pages and its Atom feeds, and the municipality's
name and contact on every page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import httpx

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.insights.factories import ask_review
from tracker.accounts.permissions import Principal
from tracker.clock import at
from tracker.db import QUERIES
from tracker.insights.publication import services as publication
from tracker.insights.publication.rules import PageText
from tracker.municipality import load_municipality
from tracker.settings import get_settings

DEMO = load_municipality(get_settings().municipality_file)

ATOM = "{http://www.w3.org/2005/Atom}"


async def _publish(
    title: str, board: str, on: datetime, editor: Principal, reviewer: Principal
) -> int:
    dialogue = await make_dialogue(title=title, board=board, actor=editor)
    await _new_version(dialogue.id, title, on, editor, reviewer)
    return dialogue.id


async def _new_version(
    dialogue_id: int, title: str, on: datetime, editor: Principal, reviewer: Principal
) -> None:
    with at(on):
        text = PageText(title, f"Om {title}", "Ni sa", f"Vi gjorde {on:%Y}", "", "hemligt")
        await publication.save_page(dialogue_id, text, editor)
        await ask_review(dialogue_id, editor)
        await publication.approve(dialogue_id, reviewer)
        await publication.publish(dialogue_id, reviewer)


def _titles(html: str) -> list[str]:
    import re

    return re.findall(r'<a class="card__title" href="/ni-sa-vi-gjorde/\d+">(.*?)</a>', html)


async def test_the_index_lists_published_pages_newest_first_with_filters(
    anonymous: httpx.AsyncClient,
) -> None:
    robin, alva = await personas.robin(), await personas.alva()
    await _publish(
        "Parken", "Kultur- och fritidsnämnden", datetime(2025, 5, 1, tzinfo=UTC), robin, alva
    )
    await _publish(
        "Skolvägen", "Barn- och utbildningsnämnden", datetime(2026, 2, 1, tzinfo=UTC), robin, alva
    )
    await make_dialogue(title="Opublicerad", actor=robin)

    everything = await anonymous.get("/ni-sa-vi-gjorde")
    only_2025 = await anonymous.get("/ni-sa-vi-gjorde?ar=2025")
    one_board = await anonymous.get("/ni-sa-vi-gjorde?namnd=Barn-+och+utbildningsnämnden")

    assert everything.status_code == 200
    assert _titles(everything.text) == ["Skolvägen", "Parken"]
    assert _titles(only_2025.text) == ["Parken"]
    assert _titles(one_board.text) == ["Skolvägen"]
    assert "hemligt" not in everything.text
    assert 'href="/ni-sa-vi-gjorde/atom.xml"' in everything.text


async def test_the_index_on_an_empty_database_and_with_odd_filters(
    anonymous: httpx.AsyncClient,
) -> None:
    assert "Det finns inga publicerade sidor." in (await anonymous.get("/ni-sa-vi-gjorde")).text
    odd = await anonymous.get("/ni-sa-vi-gjorde?ar=abc&namnd=" + "x" * 500)
    assert odd.status_code == 200


async def test_the_atom_feeds_have_an_entry_per_page_and_per_version(
    anonymous: httpx.AsyncClient,
) -> None:
    robin, alva = await personas.robin(), await personas.alva()
    park = await _publish(
        "Parken", "Kultur- och fritidsnämnden", datetime(2025, 5, 1, tzinfo=UTC), robin, alva
    )
    await _new_version(park, "Parken, uppdaterad", datetime(2025, 9, 1, tzinfo=UTC), robin, alva)
    await _publish(
        "Skolvägen", "Barn- och utbildningsnämnden", datetime(2026, 2, 1, tzinfo=UTC), robin, alva
    )

    index = await anonymous.get("/ni-sa-vi-gjorde/atom.xml")
    one = await anonymous.get(f"/ni-sa-vi-gjorde/{park}/atom.xml")

    assert index.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(index.content)
    assert DEMO.name in feed.findtext(f"{ATOM}title", "")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Skolvägen", "Parken, uppdaterad"]
    assert entries[1].findtext(f"{ATOM}id") == f"http://testserver/ni-sa-vi-gjorde/{park}/version/2"
    versions = ET.fromstring(one.content).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in versions] == ["Parken, uppdaterad", "Parken"]
    assert b"hemligt" not in index.content + one.content


async def test_a_dialogue_without_a_published_page_has_no_feed(
    anonymous: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(title="Opublicerad")
    assert (await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}/atom.xml")).status_code == 404
    assert (await anonymous.get("/ni-sa-vi-gjorde/99999999999/atom.xml")).status_code == 404


async def test_every_page_names_the_municipality_its_contact_and_the_statement(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    for response in (
        await anonymous.get("/ni-sa-vi-gjorde"),
        await anonymous.get("/logga-in"),
        await anonymous.get("/tillganglighet"),
        await client.get("/"),
        await client.get("/projekt"),
    ):
        assert DEMO.name in response.text
        assert f'href="mailto:{DEMO.contact}"' in response.text
        assert 'href="/tillganglighet"' in response.text


async def test_the_index_and_feeds_issue_a_bounded_number_of_queries(
    anonymous: httpx.AsyncClient,
) -> None:
    robin, alva = await personas.robin(), await personas.alva()

    async def grow(offset: int, count: int) -> int:
        last = 0
        for n in range(offset, offset + count):
            last = await _publish(
                f"Dialog {n}",
                f"Nämnd {n % 3}",
                datetime(2025, 1 + n % 12, 1, tzinfo=UTC),
                robin,
                alva,
            )
        return last

    async def counts(dialogue_id: int) -> list[int]:
        found = []
        for url in (
            "/ni-sa-vi-gjorde",
            "/ni-sa-vi-gjorde/atom.xml",
            f"/ni-sa-vi-gjorde/{dialogue_id}/atom.xml",
        ):
            QUERIES.reset()
            assert (await anonymous.get(url)).status_code == 200
            found.append(QUERIES.count)
        return found

    first = await grow(0, 2)
    small = await counts(first)
    await grow(2, 5)
    assert await counts(first) == small
    assert max(small) <= 3

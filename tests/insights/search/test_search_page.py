"""The search page /sok: what a member of staff sees, filters that cannot be used, escaping,
pagination, htmx, and a bounded number of SQL statements."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.search.test_search import change, evidence, insight, make_chain, theme
from tests.support import text_of
from tracker.accounts.permissions import Principal
from tracker.clock import now
from tracker.db import QUERIES
from tracker.insights.tables import Evidence, Insight, InsightEvidence
from tracker.phases.catalogue import PhaseCatalogue


def result_links(html: str) -> list[str]:
    results = html.split('id="results"', 1)[1]
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)"', results)


async def test_a_reader_searches_and_finds_inflected_forms_with_kind_labels(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    lo = client_as(await personas.lo())

    response = await lo.get("/sok", params={"q": "skolan"})

    assert response.status_code == 200
    text = text_of(response.text)
    assert "8 träffar" in text
    for label in ("Underlag", "Insikt", "Förändring", "Intern"):
        assert label in text
    links = result_links(response.text)
    assert f"/insikter/{chain.i1}" in links
    assert f"/forandringar/{chain.c1}" in links
    assert f"/dialoger/{chain.dialogue}" in links
    assert f"/samverkan/{chain.collaboration}" in links
    assert "<mark>skolan</mark>" in response.text
    assert f"/forandringar/{chain.c3}" not in links  # archived


async def test_filters_narrow_the_results_and_are_kept_in_the_form(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)

    response = await client.get(
        "/sok", params={"q": "skola", "tema": chain.trygghet, "visa": "insikter"}
    )

    assert response.status_code == 200
    assert result_links(response.text) == [f"/insikter/{chain.i1}"]
    assert f'<option value="{chain.trygghet}" selected>Trygghet</option>' in response.text
    assert '<option value="insikter" selected>Insikter</option>' in response.text

    by_project = await client.get("/sok", params={"projekt": chain.p1, "kalla": "project"})
    assert sorted(result_links(by_project.text)) == sorted(
        [f"/forandringar/{chain.c2}", f"/insikter/{chain.i2}", f"/projekt/{chain.p1}"]
    )
    by_group = await client.get("/sok", params={"malgrupp": "Föräldrar", "visa": "forandringar"})
    assert result_links(by_group.text) == [f"/forandringar/{chain.c1}"]


async def test_filter_values_that_cannot_be_used_are_left_out_with_a_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue)
    odd = {
        "tema": "abc",
        "projekt": "99999999999999999999",
        "kalla": "<script>",
        "visa": "allt",
        "malgrupp": "Finns inte",
        "sida": "-3",
        "q": "skola",
    }

    response = await client.get("/sok", params=odd)

    assert response.status_code == 200
    text = text_of(response.text)
    for message in (
        "Det valda temat finns inte.",
        "Det valda projektet finns inte.",
        "Den valda källan finns inte.",
        "Det valda slaget av poster finns inte.",
        "Ingen insikt har den valda målgruppen.",
    ):
        assert message in text
    assert "8 träffar" in text  # searched without the refused filters
    assert "<script>" not in response.text.split('id="results"', 1)[1]
    for raw in ("'", '"', "\\", "%", "*", "NEAR(", "AND OR NOT", ":*", "&|!"):
        answer = await client.get("/sok", params={"q": f"skola {raw}", "tema": raw})
        assert answer.status_code == 200, raw
    # A control character is refused at the boundary (issue 13), with a message.
    refused = await client.get("/sok", params={"q": "skola \x00", "tema": "\x00"})
    assert refused.status_code == 400


async def test_user_text_is_escaped_on_the_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(title="<img src=x onerror=alert(1)> dialog")
    e = await evidence(
        "dialogue",
        dialogue.id,
        "<script>alert('x')</script> skolan",
        speaker="<b>förälder</b>",
    )
    await insight("<i>Skolan</i> saknar ramp", [e], group="<u>Elever</u>")

    response = await client.get("/sok", params={"q": "skolan"})

    results = response.text.split('id="results"', 1)[1]
    assert "<script>alert" not in results and "<img src=x" not in results
    assert (
        "<b>förälder" not in results and "<i>Skolan" not in results and "<u>Elever" not in results
    )
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>skolan</mark>" in results
    assert "&lt;i&gt;<mark>Skolan</mark>&lt;/i&gt; saknar ramp" in results


async def test_pages_of_results(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()
    for n in range(30):
        await evidence("dialogue", dialogue.id, f"Skolan nummer {n}")

    first = await client.get("/sok", params={"q": "skola"})
    second = await client.get("/sok", params={"q": "skola", "sida": "2"})

    assert len(result_links(first.text)) == 25 and len(result_links(second.text)) == 5
    assert "30 träffar – sida 1 av 2" in text_of(first.text)
    assert 'href="?q=skola&amp;sida=2"' in first.text
    assert "Föregående sida" in second.text and "Nästa sida" not in second.text


async def test_empty_states(client: httpx.AsyncClient) -> None:
    nothing_yet = text_of((await client.get("/sok")).text)
    assert "Inga träffar." in nothing_yet
    assert "Det finns inga underlag, insikter eller förändringar ännu." in nothing_yet

    dialogue = await make_dialogue()
    await evidence("dialogue", dialogue.id, "Parken behöver bänkar")
    no_match = text_of((await client.get("/sok", params={"q": "simhall"})).text)
    assert "Inga träffar för ”simhall”." in no_match
    assert "Inget matchar sökningen." in no_match
    small_words = text_of((await client.get("/sok", params={"q": "och"})).text)
    assert "bara vanliga småord" in small_words


async def test_the_form_works_without_javascript_and_updates_live_with_htmx(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/sok")).text

    assert '<form class="filters" method="get" action="/sok" role="search"' in page
    for field in ("q", "visa", "tema", "malgrupp", "kalla", "projekt"):
        assert f'<label class="label" for="{field}">' in page
    assert 'hx-get="/sok"' in page and 'hx-target="#results"' in page
    assert "hx-select" not in page  # htmx gets only the results (tests/test_fragments.py)

    partial = await client.get(
        "/sok", params={"q": "skola"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert partial.status_code == 200 and partial.text.startswith('<div id="results">')


async def test_the_page_sends_the_same_number_of_queries_for_small_and_large_data(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    urls = [
        "/sok",
        "/sok?q=skolan",
        f"/sok?q=skola&tema={chain.trygghet}&kalla=dialogue&projekt={chain.p2}",
        "/sok?q=skola&sida=2",
    ]

    async def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            QUERIES.reset()
            assert (await client.get(url)).status_code == 200
            found[url] = QUERIES.count
        return found

    small = await counts()
    await _add_many(chain, catalogue, 60)
    large = await counts()

    assert large == small
    assert max(small.values()) <= 6, small


async def _add_many(chain: object, catalogue: PhaseCatalogue, count: int) -> None:
    dialogue = await make_dialogue(title="Stor dialog")
    stamp = now()
    await Evidence.insert(
        *[
            Evidence(
                text=f"Skolan behöver fler vuxna {n}",
                source_type="dialogue",
                source_id=dialogue.id,
                speaker_category="elev",
                internal=n % 2 == 0,
                created_at=stamp,
                created_by="Test",
            )
            for n in range(count)
        ]
    )
    await Insight.insert(
        *[
            Insight(
                statement=f"Skolan {n} saknar vuxna",
                statement_search="",
                target_group=f"Grupp {n % 5}",
                created_at=stamp,
                created_by="Test",
                updated_at=stamp,
            )
            for n in range(count)
        ]
    )
    insights = await Insight.select(Insight.id).order_by(Insight.id, ascending=False).limit(count)
    some = await Evidence.select(Evidence.id).limit(1).first()
    assert some is not None
    await InsightEvidence.insert(
        *[
            InsightEvidence(
                insight=row["id"], evidence=some["id"], linked_at=stamp, linked_by="Test"
            )
            for row in insights
        ]
    )
    project = await make_project(catalogue, title="Ännu ett projekt")
    for n in range(10):
        await change(project.id, f"Skola förändring {n}", "Beskrivning")
    await theme("Fler vuxna", *[row["id"] for row in insights[:10]])


async def test_with_many_projects_the_project_filter_asks_for_a_name(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, monkeypatch: object
) -> None:
    from tracker.insights.search import filters as searching

    chain = await make_chain(catalogue)
    await make_project(catalogue, title="Ett tredje projekt")
    monkeypatch.setattr(searching, "PROJECT_LIST_LIMIT", 2)  # type: ignore[attr-defined]

    page = await client.get("/sok", params={"q": "skola"})
    assert 'name="projektnamn"' in page.text
    assert '<select class="input" id="projekt"' not in page.text

    by_name = await client.get("/sok", params={"projektnamn": "SKOLGÅRDS", "kalla": "project"})
    assert by_name.status_code == 200
    assert sorted(result_links(by_name.text)) == sorted(
        [f"/forandringar/{chain.c2}", f"/insikter/{chain.i2}", f"/projekt/{chain.p1}"]
    )
    assert 'value="SKOLGÅRDS"' in by_name.text  # kept as typed

    # A link naming one project still works, and offers it in the list to clear it.
    by_id = await client.get("/sok", params={"projekt": chain.p1, "kalla": "project"})
    assert sorted(result_links(by_id.text)) == sorted(result_links(by_name.text))
    assert f'<option value="{chain.p1}" selected>' in by_id.text

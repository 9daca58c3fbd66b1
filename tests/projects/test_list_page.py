"""The project list: what it shows, filters, search, archived projects, sorting and pages."""

import re
from html import unescape

import httpx
import pytest

from tests.factories import ACTOR, make_project
from tests.support import text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register


def _titles(html: str) -> list[str]:
    """The project titles in the list, in the order shown."""
    return [unescape(t) for t in re.findall(r'<td><a href="/projekt/\d+">(.*?)</a></td>', html)]


def _rows(html: str) -> list[str]:
    """The visible text of each row in the list."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return (
        [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)] if body else []
    )


def _result_count(html: str) -> str:
    match = re.search(r'<p class="result-count"[^>]*>(.*?)</p>', html, flags=re.S)
    assert match, "the page has no result count"
    return text_of(match.group(1))


def _link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


async def test_the_list_shows_projects_with_step_and_swedish_status(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Enklare ansökan om bygglov", current_step="undersoka")
    await make_project(
        catalogue,
        title="Läxhjälp med föreningslivet",
        status="paused",
        current_step="ta-fram-ideer",
        department="Kultur- och fritidsförvaltningen",
    )

    response = await client.get("/projekt")

    assert response.status_code == 200
    rows = _rows(response.text)
    assert len(rows) == 2
    bygglov = next(row for row in rows if row.startswith("Enklare ansökan om bygglov"))
    laxhjalp = next(row for row in rows if row.startswith("Läxhjälp med föreningslivet"))
    assert "Undersöka" in bygglov and "Pågående" in bygglov
    assert "Miljö- och stadsbyggnadsförvaltningen" in bygglov
    assert "Ta fram idéer" in laxhjalp and "Pausad" in laxhjalp
    assert "ongoing" not in text_of(response.text) and "paused" not in text_of(response.text)
    assert _result_count(response.text) == "2 projekt"


async def test_an_empty_database_invites_to_create_the_first_project(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/projekt")

    assert response.status_code == 200
    page = text_of(response.text)
    assert "Det finns inga projekt ännu." in page
    assert "Skapa det första projektet" in page
    assert "Inga projekt matchar filtret" not in page
    assert _titles(response.text) == []


async def test_a_filter_that_matches_nothing_says_so_and_offers_all_projects(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Enklare ansökan om bygglov", current_step="ringa-in")

    response = await client.get("/projekt", params={"steg": "forverkliga"})

    assert response.status_code == 200
    page = text_of(response.text)
    assert "Inga projekt matchar filtret." in page
    assert "Visa alla projekt" in page
    assert "Det finns inga projekt ännu" not in page
    assert _result_count(response.text) == "Inga projekt hittades."


async def test_filter_by_step(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> None:
    await make_project(catalogue, title="I ringa in", current_step="ringa-in")
    await make_project(catalogue, title="I undersöka", current_step="undersoka")
    await make_project(catalogue, title="Också i undersöka", current_step="undersoka")

    response = await client.get("/projekt", params={"steg": "undersoka"})

    assert response.status_code == 200
    assert sorted(_titles(response.text)) == ["I undersöka", "Också i undersöka"]
    assert '<option value="undersoka" selected>' in response.text


async def test_filter_by_status(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> None:
    await make_project(catalogue, title="Pågår", status="ongoing")
    await make_project(catalogue, title="Vilar", status="paused")
    await make_project(catalogue, title="Klart", status="implemented")

    response = await client.get("/projekt", params={"status": "paused"})

    assert _titles(response.text) == ["Vilar"]
    assert '<option value="paused" selected>' in response.text


async def test_filter_by_department(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> None:
    await make_project(
        catalogue, title="Bygglov", department="Miljö- och stadsbyggnadsförvaltningen"
    )
    await make_project(
        catalogue, title="Biblioteket", department="Kultur- och fritidsförvaltningen"
    )

    response = await client.get(
        "/projekt", params={"forvaltning": "Kultur- och fritidsförvaltningen"}
    )

    assert _titles(response.text) == ["Biblioteket"]
    # The department list offers every department, the chosen one selected.
    assert "<option selected>Kultur- och fritidsförvaltningen</option>" in response.text
    assert "<option>Miljö- och stadsbyggnadsförvaltningen</option>" in response.text


async def test_filters_combine(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> None:
    await make_project(catalogue, title="Trygg start", current_step="fokusera", status="paused")
    await make_project(catalogue, title="Trygg skolväg", current_step="fokusera")
    await make_project(catalogue, title="Trygg park", current_step="ringa-in", status="paused")

    response = await client.get(
        "/projekt", params={"q": "trygg", "steg": "fokusera", "status": "paused"}
    )

    assert _titles(response.text) == ["Trygg start"]


@pytest.mark.parametrize("typed", ["ÖKAD", "ökad", "Ökad", "öKaD", "  ökad   trygghet ", "trygg"])
async def test_search_ignores_case_also_for_swedish_letters(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, typed: str
) -> None:
    await make_project(catalogue, title="Ökad trygghet i centrum")
    await make_project(catalogue, title="Biblioteket som mötesplats")

    response = await client.get("/projekt", params={"q": typed})

    assert response.status_code == 200
    assert _titles(response.text) == ["Ökad trygghet i centrum"]
    assert f'value="{typed.strip()}"' in response.text  # the search box keeps what was typed


async def test_search_finds_words_with_a_and_o_dots_and_rings(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Återkoppling efter ÄLDREDIALOGER")
    await make_project(catalogue, title="Alla ska med")

    for typed in ("ÅTERKOPPLING", "äldredialoger", "Ä"):
        response = await client.get("/projekt", params={"q": typed})
        assert _titles(response.text) == ["Återkoppling efter ÄLDREDIALOGER"], typed


@pytest.mark.parametrize(
    "typed", ["%", "_", "\\", "%%", "%_\\", "50%", "a_b", "\\%", "'; DROP TABLE project; --", "ö\\"]
)
async def test_special_characters_in_search_never_cause_an_error(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, typed: str
) -> None:
    await make_project(catalogue, title="50% färre samtal till kundtjänst")

    response = await client.get("/projekt", params={"q": typed})

    assert response.status_code == 200
    assert "Något gick fel" not in response.text


async def test_percent_and_underscore_are_not_wildcards(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Ökad trygghet")
    await make_project(catalogue, title="50% färre samtal")

    # As LIKE patterns these would match "Ökad trygghet"; typed text they do not.
    for typed in ("Ö%d", "Ö_ad", "%trygghet%x"):
        response = await client.get("/projekt", params={"q": typed})
        assert response.status_code == 200
        assert _titles(response.text) == [], typed
        assert "Inga projekt matchar filtret." in text_of(response.text)

    response = await client.get("/projekt", params={"q": "50%"})
    assert _titles(response.text) == ["50% färre samtal"]


async def test_typed_text_is_shown_as_text_never_as_markup(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="<b>Fet</b> titel")

    response = await client.get("/projekt", params={"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    listed = await client.get("/projekt")
    assert "<b>Fet</b>" not in listed.text
    assert "&lt;b&gt;Fet&lt;/b&gt; titel" in listed.text


async def test_archived_projects_are_hidden_unless_asked_for(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Pågående projekt")
    archived = await make_project(catalogue, title="Gammalt projekt")
    await register.set_archived(archived, True, ACTOR)

    default = await client.get("/projekt")
    assert _titles(default.text) == ["Pågående projekt"]
    assert _result_count(default.text) == "1 projekt"

    only_archived = await client.get("/projekt", params={"arkiverade": "ja"})
    assert only_archived.status_code == 200
    assert _titles(only_archived.text) == ["Gammalt projekt"]
    assert "<h1>Arkiverade projekt</h1>" in only_archived.text
    assert 'name="arkiverade" value="ja" checked' in only_archived.text


async def test_sort_by_title_ascending_and_descending_ignoring_case(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for title in ("Cykelvägar", "anhörigstöd", "Bygglov", "Digital brevlåda"):
        await make_project(catalogue, title=title)

    ascending = await client.get("/projekt", params={"sortera": "title", "ordning": "stigande"})
    descending = await client.get("/projekt", params={"sortera": "title", "ordning": "fallande"})
    natural = await client.get("/projekt", params={"sortera": "title"})

    expected = ["anhörigstöd", "Bygglov", "Cykelvägar", "Digital brevlåda"]
    assert _titles(ascending.text) == expected
    assert _titles(descending.text) == list(reversed(expected))
    assert _titles(natural.text) == expected  # titles sort A–Ö unless told otherwise
    assert '<option value="title" selected>' in descending.text
    assert '<option value="fallande" selected>' in descending.text


async def test_default_order_is_most_recently_changed_first(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    first = await make_project(catalogue, title="Först skapad")
    await make_project(catalogue, title="Sist skapad")
    response = await client.get("/projekt")
    assert _titles(response.text) == ["Sist skapad", "Först skapad"]

    await register.set_archived(first, True, ACTOR)
    await register.set_archived(first, False, ACTOR)  # touches the project

    response = await client.get("/projekt")
    assert _titles(response.text) == ["Först skapad", "Sist skapad"]


async def test_sort_by_title_follows_the_swedish_alphabet(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for title in ("Ökad trygghet", "Ärendehantering", "Återkoppling", "Zonplan", "Bygglov"):
        await make_project(catalogue, title=title)

    response = await client.get("/projekt", params={"sortera": "title", "ordning": "stigande"})

    assert _titles(response.text) == [
        "Bygglov",
        "Zonplan",
        "Återkoppling",
        "Ärendehantering",
        "Ökad trygghet",
    ]


async def _thirty_projects(catalogue: PhaseCatalogue, **overrides: str) -> None:
    for number in range(1, 31):
        await make_project(catalogue, title=f"Projekt {number:02d}", **overrides)


async def test_thirty_projects_make_two_pages(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await _thirty_projects(catalogue)

    first = await client.get("/projekt")
    assert first.status_code == 200
    assert len(_titles(first.text)) == 25
    assert _result_count(first.text) == "30 projekt – sida 1 av 2"
    assert "Nästa sida" in text_of(first.text)
    assert "Föregående sida" not in text_of(first.text)
    assert _link(first.text, "next") == "?sida=2"

    second = await client.get("/projekt", params={"sida": "2"})
    assert second.status_code == 200
    assert len(_titles(second.text)) == 5
    assert _result_count(second.text) == "30 projekt – sida 2 av 2"
    assert "Nästa sida" not in text_of(second.text)
    assert _link(second.text, "prev") == "?sida=1"

    # Together the pages show every project exactly once.
    shown = _titles(first.text) + _titles(second.text)
    assert sorted(shown) == [f"Projekt {n:02d}" for n in range(1, 31)]


async def test_page_links_keep_the_filters_and_sorting(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await _thirty_projects(catalogue, current_step="undersoka")
    await make_project(catalogue, title="Annat steg", current_step="fokusera")

    first = await client.get(
        "/projekt", params={"steg": "undersoka", "sortera": "title", "ordning": "stigande"}
    )
    assert _result_count(first.text) == "30 projekt – sida 1 av 2"
    next_link = _link(first.text, "next")
    assert next_link is not None
    second = await client.get("/projekt" + next_link)

    assert _titles(first.text) == [f"Projekt {n:02d}" for n in range(1, 26)]
    assert _titles(second.text) == [f"Projekt {n:02d}" for n in range(26, 31)]


@pytest.mark.parametrize("sida", ["999", "1000000000000000000000"])
async def test_a_page_past_the_end_shows_the_last_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, sida: str
) -> None:
    await _thirty_projects(catalogue)

    response = await client.get("/projekt", params={"sida": sida})

    assert response.status_code == 200
    assert len(_titles(response.text)) == 5
    assert _result_count(response.text) == "30 projekt – sida 2 av 2"


@pytest.mark.parametrize("sida", ["abc", "", "0", "-3", "1.5", "2e1"])
async def test_a_strange_page_number_shows_page_one(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, sida: str
) -> None:
    await _thirty_projects(catalogue)

    response = await client.get("/projekt", params={"sida": sida})

    assert response.status_code == 200
    assert len(_titles(response.text)) == 25
    assert _result_count(response.text) == "30 projekt – sida 1 av 2"


JUNK = [
    "",
    "x",
    "ÅÄÖ",
    "<script>",
    "' OR 1=1 --",
    "\\",
    "%",
    "999999999999999999999",
    "-1",
    "ja ja",
    "a" * 5000,
]


@pytest.mark.parametrize(
    "name",
    ["q", "steg", "status", "forvaltning", "arkiverade", "sortera", "ordning", "sida", "okand"],
)
async def test_junk_in_any_parameter_still_gives_the_list(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, name: str
) -> None:
    await make_project(catalogue, title="Enklare ansökan om bygglov")

    for value in JUNK:
        response = await client.get("/projekt", params={name: value})
        assert response.status_code == 200, (name, value[:20])
        assert "<h1>" in response.text

    repeated = await client.get(f"/projekt?{name}=a&{name}=b")
    assert repeated.status_code == 200


@pytest.mark.parametrize("name", ["q", "forvaltning"])
async def test_a_nul_character_in_a_text_parameter_is_refused_with_a_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, name: str
) -> None:
    await make_project(catalogue, title="Enklare ansökan om bygglov")

    response = await client.get("/projekt", params={name: "bygg\x00lov"})

    assert response.status_code == 400
    assert "styrtecken" in text_of(response.text)

"""An htmx request gets only the fragment it swaps (tracker/web/fragments.py); a request without
JavaScript, or a history restore, gets the whole page."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.factories import change_in, evidence_from, insight_on
from tests.support import post_form
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue
from tracker.web.fragments import fragment_name

# Every list page whose filters htmx applies by swapping #results.
LISTS = [
    "/projekt",
    "/dialoger",
    "/dialoger/aterkoppling",
    "/samverkan",
    "/organisationer",
    "/insikter",
    "/sok?q=skola",
    "/admin/logg",
]
RESULTS = {"HX-Request": "true", "HX-Target": "results"}
MENU = 'aria-label="Huvudmeny"'


class Headers(dict[str, str]):
    """Request headers as Litestar's are read: by their lower-case name."""


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"hx-target": "results"}, None),  # not from htmx
        ({"hx-request": "true"}, None),  # no target: the element swaps itself
        ({"hx-request": "true", "hx-target": "results"}, "results"),
        ({"hx-request": "true", "hx-target": "use-options"}, "use_options"),
        ({"hx-request": "true", "hx-target": "main", "hx-boosted": "true"}, None),
        ({"hx-request": "true", "hx-history-restore-request": "true"}, None),
        ({"hx-request": "true", "hx-target": "results x"}, None),
        ({"hx-request": "true", "hx-target": "1a"}, None),
    ],
)
def test_the_fragment_is_the_target_of_an_htmx_request(
    headers: dict[str, str], expected: str | None
) -> None:
    class Request:
        pass

    request = Request()
    request.headers = Headers(headers)  # type: ignore[attr-defined]
    assert fragment_name(request) == expected
    assert fragment_name(None) is None


@pytest.mark.parametrize("url", LISTS)
async def test_an_htmx_filter_request_gets_only_the_results(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, url: str
) -> None:
    await make_project(catalogue, title="Trygg skolväg")
    await make_dialogue(title="Trygghet i parken")

    page = await client.get(url)
    fragment = await client.get(url, headers=RESULTS)

    assert page.status_code == fragment.status_code == 200
    assert page.text.startswith("<!doctype html>") and MENU in page.text
    assert 'hx-target="#results"' in page.text and "hx-select" not in page.text
    assert fragment.text.startswith('<div id="results">')
    assert "<html" not in fragment.text and MENU not in fragment.text
    assert "<form" not in fragment.text.split('<nav class="pagination"')[0]  # not the filters
    assert fragment.text.strip() in page.text or url == "/admin/logg"  # the same results


async def test_the_fragment_holds_the_rows_the_filter_finds(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Trygg skolväg")
    await make_project(catalogue, title="Bibliotekets öppettider")

    fragment = await client.get("/projekt", params={"q": "skolväg"}, headers=RESULTS)

    assert "Trygg skolväg" in fragment.text and "Bibliotekets" not in fragment.text
    assert "1 projekt" in fragment.text


async def test_the_change_log_fragment_carries_the_date_fields_out_of_band(
    client: httpx.AsyncClient,
) -> None:
    fragment = await client.get("/admin/logg", params={"fran": "2026-13-45"}, headers=RESULTS)
    page = await client.get("/admin/logg", params={"fran": "2026-13-45"})

    assert fragment.text.startswith('<div id="results">')
    assert 'id="fran-field" hx-swap-oob="true"' in fragment.text
    assert 'id="till-field" hx-swap-oob="true"' in fragment.text
    assert 'id="fran-error"' in fragment.text  # the message beside the field, as on the page
    assert 'value="2026-13-45"' in fragment.text
    assert "hx-swap-oob" not in page.text and 'id="fran-error"' in page.text


async def test_a_history_restore_and_other_targets_get_the_whole_page(
    client: httpx.AsyncClient,
) -> None:
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    for headers in (restore, {"HX-Request": "true", "HX-Target": "unknown"}, {}):
        response = await client.get("/projekt", headers=headers)
        assert response.text.startswith("<!doctype html>") and MENU in response.text


async def test_a_record_page_swapped_as_main_gets_main_with_its_title(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg skolväg", current_step="undersoka")
    url = f"/projekt/{project.id}"

    page = await client.get(url)
    fragment = await client.get(url, headers={"HX-Request": "true", "HX-Target": "main"})

    assert 'hx-target="#main"' in page.text and "hx-select" not in page.text
    assert fragment.text.startswith("<title>Trygg skolväg")
    assert '<main id="main"' in fragment.text and fragment.text.rstrip().endswith("</main>")
    assert "<html" not in fragment.text and MENU not in fragment.text
    assert "<footer" not in fragment.text


async def test_a_form_posted_with_htmx_gets_main_back_with_the_message(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    htmx = {"HX-Request": "true", "HX-Target": "main"}

    refused = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        {"started_on": "2026-03-02", "summary": "", "decision": "continue"},
        headers=htmx,
    )

    assert refused.status_code == 422
    assert refused.text.startswith("<title>") and '<main id="main"' in refused.text
    assert 'class="error-message"' in refused.text and MENU not in refused.text


async def test_a_fragment_sends_no_more_queries_than_its_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for n in range(3):
        await make_project(catalogue, title=f"Projekt {n}")

    async def queries(url: str, headers: dict[str, str]) -> int:
        QUERIES.reset()
        assert (await client.get(url, headers=headers)).status_code == 200
        return QUERIES.count

    for url in LISTS:
        page, fragment = await queries(url, {}), await queries(url, RESULTS)
        assert fragment <= page, url
    small = {url: await queries(url, RESULTS) for url in LISTS}
    for n in range(40):
        await make_project(catalogue, title=f"Fler {n}")
        await make_dialogue(title=f"Dialog {n}")
    large = {url: await queries(url, RESULTS) for url in LISTS}
    assert large == small


@pytest.mark.parametrize("kind", ["dialoger", "projekt"])
async def test_evidence_posted_with_htmx_gets_the_section_back(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    if kind == "dialoger":
        record_id = (await make_dialogue(title="Trygghet i parken")).id
    else:
        record_id = (await make_project(catalogue, current_step="undersoka")).id
    htmx = {"HX-Request": "true", "HX-Target": "underlag"}
    url = f"/{kind}/{record_id}"

    refused = await post_form(client, f"{url}/underlag", {"text": ""}, headers=htmx)
    saved = await post_form(
        client, f"{url}/underlag", {"text": "Mörkt vid hållplatsen.", "speaker_category": "ung"}
    )
    section = await client.get(saved.headers["location"].split("#")[0], headers=htmx)
    page = await client.get(url)

    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<section class="panel" id="underlag"')
    assert 'class="error-message"' in refused.text and MENU not in refused.text
    assert section.text.lstrip().startswith('<section class="panel" id="underlag"')
    assert "Mörkt vid hållplatsen." in section.text and "<html" not in section.text
    assert 'hx-target="#nytt-underlag"' in page.text and "hx-select=" not in page.text
    opened = await client.get(
        f"{url}/underlag/ny", headers={"HX-Request": "true", "HX-Target": "nytt-underlag"}
    )
    assert opened.text.lstrip().startswith('<div class="panel" id="nytt-underlag"')
    assert 'hx-target="#underlag"' in opened.text and MENU not in opened.text


async def test_the_insight_pickers_search_gets_only_the_options(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    await insight_on([await evidence_from(dialogue.id)], "Barn behöver en trygg skola")
    await insight_on([await evidence_from(dialogue.id, "Bussen går sällan")], "Bussen går sällan")
    change = await change_in(project.id)

    for url, key in ((f"/projekt/{project.id}", "use"), (f"/forandringar/{change}", "address")):
        htmx = {"HX-Request": "true", "HX-Target": f"{key}-options"}
        page = await client.get(url, params={"sok_insikt": "skola"})
        fragment = await client.get(url, params={"sok_insikt": "skola"}, headers=htmx)

        assert f'hx-target="#{key}-options"' in page.text and "hx-select" not in page.text
        assert page.text.count(f'id="{key}-options"') == 1  # the block is only for htmx
        assert fragment.text.startswith(f'<fieldset class="field" id="{key}-options"')
        assert fragment.text.rstrip().endswith("</fieldset>")
        assert "Barn behöver en trygg skola" in fragment.text
        assert "Bussen går sällan" not in fragment.text and MENU not in fragment.text


def test_no_template_asks_htmx_to_cut_a_whole_page() -> None:
    templates = Path(__file__).parents[1] / "templates"
    cutting = [p.name for p in templates.rglob("*.html") if "hx-select" in p.read_text()]
    assert cutting == []

"""The overview's pages through the real app: the strands, the flow with its links, bad
dates and the records behind a number."""

from __future__ import annotations

import httpx

from tests import personas
from tests.overview.chain import make_chain
from tracker.clock import today
from tracker.overview.rules import year_before
from tracker.phases.catalogue import PhaseCatalogue


async def test_the_overview_shows_the_strands_and_the_flow(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue)
    response = await client.get("/oversikt?fran=2026-01-01&till=2026-12-31")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Översikt för ledningen</h1>" in page
    for title in (
        "Medborgardialog per kvartal",
        "Samverkan per kvartal",
        "Tjänstedesign per kvartal",
    ):
        assert title in page
    assert 'role="img"' in page and "<desc" in page
    assert "K2 2026" in page and "K1 2025" in page
    assert "/oversikt/poster?figur=dialogues.held&amp;fran=2026-04-01&amp;till=2026-06-30" in page
    assert "/oversikt/poster?mangd=feedback&amp;fran=2026-01-01&amp;till=2026-12-31" in page
    assert 'for="fran"' in page and 'for="till"' in page and 'for="namnd"' in page
    assert "Löftet i en bild" in page


async def test_the_breaks_link_to_the_gap_views(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    from tests.dialogues.factories import make_dialogue

    await make_dialogue(state="held")
    page = (await client.get("/oversikt?fran=2026-01-01&till=2026-12-31")).text
    assert "Här stannar det: Dialoger utan insikter" in page
    assert 'href="/kedjan#tysta"' in page


async def test_the_default_period_is_the_last_twelve_months(client: httpx.AsyncClient) -> None:
    response = await client.get("/oversikt")
    assert response.status_code == 200
    assert f'value="{year_before(today()).isoformat()}"' in response.text
    assert f'value="{today().isoformat()}"' in response.text


async def test_bad_dates_give_a_message_beside_the_field_and_keep_the_input(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/oversikt?fran=2026-13-01&till=2026-12-31")
    assert response.status_code == 400
    assert 'id="fran-error"' in response.text
    assert 'value="2026-13-01"' in response.text
    assert 'aria-invalid="true"' in response.text
    response = await client.get("/oversikt?fran=2026-05-01&till=2026-04-01")
    assert response.status_code == 400
    assert "Till och med kan inte vara före från och med." in response.text


async def test_the_records_behind_a_band_and_a_figure(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    band = await client.get("/oversikt/poster?mangd=changes&fran=2026-01-01&till=2026-12-31")
    assert band.status_code == 200
    assert f'href="/forandringar/{chain.change}"' in band.text
    themed = await client.get(
        "/oversikt/poster?mangd=insights&fran=2026-01-01&till=2026-12-31"
        "&namnd=Kommunstyrelsen&tema=1"
    )
    assert "nämnd: Kommunstyrelsen, tema: Trygghet" in themed.text
    assert f'href="/insikter/{chain.insight}"' in themed.text
    evidence = await client.get("/oversikt/poster?mangd=evidence&fran=2026-01-01&till=2026-12-31")
    assert f'href="/dialoger/{chain.dialogue}"' in evidence.text
    figure = await client.get(
        "/oversikt/poster?figur=dialogues.held&fran=2026-04-01&till=2026-06-30"
    )
    assert figure.status_code == 200
    assert f'href="/dialoger/{chain.dialogue}"' in figure.text
    outside = await client.get(
        "/oversikt/poster?figur=dialogues.held&fran=2026-07-01&till=2026-09-30"
    )
    assert "Inga poster ligger bakom siffran." in outside.text


async def test_unknown_numbers_are_not_found_and_bad_dates_refused(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/oversikt/poster?mangd=allt")).status_code == 404
    assert (await client.get("/oversikt/poster?figur=reports.secret")).status_code == 404
    bad = await client.get("/oversikt/poster?mangd=dialogues&fran=igår")
    assert bad.status_code == 400
    assert 'id="fran-error"' in bad.text


async def test_any_signed_in_member_of_staff_may_look(client_as, anonymous) -> None:  # type: ignore[no-untyped-def]
    reader = client_as(await personas.lo())
    assert (await reader.get("/oversikt")).status_code == 200
    assert (await anonymous.get("/oversikt")).status_code in (302, 303, 401)

"""A project's design history through the real app: the page (internal evidence marked), the
print view and the PDF (internal evidence left out, saying so), 404 for an unknown project,
reading for every signed-in user, and a bounded number of queries."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import httpx
from pypdf import PdfReader

from tests import personas
from tests.design.factories import make_design, make_hypothesis, make_test, make_version
from tests.factories import ACTOR, iteration_input, make_project
from tests.support import text_of
from tracker.accounts.permissions import Principal
from tracker.db import QUERIES
from tracker.insights import services as insights
from tracker.kinds import DESIGN_TEST
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register, steps
from tracker.projects.forms import MoveInput

PUBLIC_QUOTE = "Jag förstod sms:et direkt."
INTERNAL_NOTE = "Två deltagare arbetar själva på kommunen."


async def _evidence(test_id: int, text: str, *, internal: bool) -> int:
    return await insights.add_evidence(
        source_type=DESIGN_TEST.key,
        source_id=test_id,
        text=text,
        speaker_category="testdeltagare",
        internal=internal,
        actor=ACTOR,
    )


async def _project_with_history(catalogue: PhaseCatalogue) -> tuple[int, dict[str, int]]:
    """A project with an iteration (2026-02-01 – 02-14), a step move (2026-02-15), a prototype
    version (2026-02-10, with a picture) and a test of it (2026-02-20) with two pieces of
    evidence, one internal."""
    project = await make_project(catalogue)
    await steps.log_iteration(project, iteration_input(), catalogue, ACTOR)
    project = await register.get_project(project.id) or project
    move = MoveInput("undersoka", "Utmaningen är formulerad.", date(2026, 2, 15))
    await steps.move_step(project, move, catalogue, ACTOR)
    made = await make_design(project.id)
    await _evidence(made["test_id"], PUBLIC_QUOTE, internal=False)
    await _evidence(made["test_id"], INTERNAL_NOTE, internal=True)
    return project.id, made


async def test_the_history_reads_as_dated_entries_oldest_first_with_pictures_and_learnings(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _project_with_history(catalogue)
    project_page = await client.get(f"/projekt/{project_id}")
    assert f'href="/projekt/{project_id}/designhistorik"' in project_page.text

    page = await client.get(f"/projekt/{project_id}/designhistorik")
    assert page.status_code == 200
    text = text_of(page.text)
    headings = re.findall(r"\d{4}-\d\d-\d\d (?:Iteration i steget|Byte av steg:|Test:) \w+", text)
    assert headings == [
        "2026-02-14 Iteration i steget Ringa",
        "2026-02-15 Byte av steg: från",
        "2026-02-20 Test: Pappersprototyp",
    ]
    assert "Få visste vilka ritningar som krävs." in text  # the iteration's learnings
    assert (
        "Byte av steg: från Ringa in till Undersöka" in text and "Utmaningen är formulerad." in text
    )
    assert "Fyra av sex förstod sms:et direkt." in text  # the test's observations
    assert "Stödd" in text and "Testa igen" in text
    # The version made in the iteration is shown with it, and with the test that used it.
    assert page.text.count(f'src="/prototypbilder/{made["version_id"]}"') == 2
    assert 'alt="Ett sms på en mobilskärm"' in page.text
    assert PUBLIC_QUOTE in text
    assert INTERNAL_NOTE in text and "Internt" in text
    assert f'href="#test-{made["test_id"]}"' in page.text  # to the newest entry
    assert f'href="/projekt/{project_id}/designhistorik/designhistorik.pdf"' in page.text


async def test_the_print_view_leaves_internal_evidence_out_and_says_so(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, _made = await _project_with_history(catalogue)
    page = await client.get(f"/projekt/{project_id}/designhistorik/utskrift")
    assert page.status_code == 200
    text = text_of(page.text)
    assert PUBLIC_QUOTE in text and "Fyra av sex förstod sms:et direkt." in text
    assert INTERNAL_NOTE not in text
    assert "internt underlag och interna anteckningar är inte med (1 internt underlag" in text
    assert 'alt="Ett sms på en mobilskärm"' in page.text
    assert 'href="/designhistorik/dokument.css"' in page.text
    css = await client.get("/designhistorik/dokument.css")
    assert css.headers["content-type"].startswith("text/css") and "@page" in css.text


async def test_the_pdf_holds_the_entries_and_no_internal_evidence(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, _made = await _project_with_history(catalogue)
    response = await client.get(f"/projekt/{project_id}/designhistorik/designhistorik.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Designhistorik" in text
    assert "Iteration i steget Ringa in" in text
    assert "Byte av steg: från Ringa in till Undersöka" in text
    assert "Fyra av sex förstod sms:et direkt." in text
    assert PUBLIC_QUOTE in text
    assert INTERNAL_NOTE not in text
    assert "1 internt underlag utelämnade" in text
    assert text.count("Påminnelse via sms, version 1 · 2026-02-10") == 2  # the pictures' captions
    assert any(page.images for page in reader.pages)  # the pictures themselves


async def test_an_unknown_project_is_404(client: httpx.AsyncClient) -> None:
    for suffix in ("", "/utskrift", "/designhistorik.pdf"):
        response = await client.get(f"/projekt/987654/designhistorik{suffix}")
        assert response.status_code == 404, suffix


async def test_every_signed_in_user_reads_the_history_and_a_visitor_is_asked_to_sign_in(
    anonymous: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    catalogue: PhaseCatalogue,
) -> None:
    project_id, _made = await _project_with_history(catalogue)
    url = f"/projekt/{project_id}/designhistorik"
    reader = client_as(await personas.lo())
    assert (await reader.get(url)).status_code == 200
    assert (await reader.get(url + "/utskrift")).status_code == 200
    visitor = await anonymous.get(url)
    assert visitor.status_code in (302, 303) and "logga-in" in visitor.headers["location"]


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_history_sends_the_same_number_of_queries_whatever_the_data(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _project_with_history(catalogue)
    urls = [
        f"/projekt/{project_id}/designhistorik",
        f"/projekt/{project_id}/designhistorik/utskrift",
        f"/projekt/{project_id}/designhistorik/designhistorik.pdf",
    ]
    small = {url: await _queries_for(client, url) for url in urls}
    project = await register.get_project(project_id)
    assert project is not None
    for _ in range(8):
        await steps.log_iteration(project, iteration_input(), catalogue, ACTOR)
        hypothesis = await make_hypothesis(project_id, [made["insight"]])
        version = await make_version(made["prototype_id"])
        test = await make_test(project_id, version, [hypothesis, made["hypothesis_id"]])
        await _evidence(test, INTERNAL_NOTE, internal=True)
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 14, small

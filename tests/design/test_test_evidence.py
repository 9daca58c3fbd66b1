"""A test's observations feed the chain like any other source: evidence captured on the test's
page (de-identified like a dialogue's), insights drawn from it, and the test shown as a source
on the insight's page, on a change's page, in search and in what counts for /kedjan."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests import personas
from tests.design.factories import make_design
from tests.factories import ACTOR, make_project
from tests.insights.factories import change_in
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.db import QUERIES, fetch_rows
from tracker.design.tables import DesignTest
from tracker.insights import counting, services
from tracker.insights.changes import services as change_services
from tracker.insights.rules import check_source
from tracker.insights.tables import Evidence, Insight
from tracker.insights.trails import trail_to_change
from tracker.insights.views import membership_records
from tracker.kinds import SOURCE_LABELS
from tracker.phases.catalogue import PhaseCatalogue

FROM_TESTS = Evidence.source_type == "design_test"


async def _evidence(test_id: int, text: str = "Fyra av sex hittade knappen direkt.") -> int:
    return await services.add_evidence(
        source_type="design_test",
        source_id=test_id,
        text=text,
        speaker_category="deltagare i testet, sökande i villa",
        internal=False,
        actor=ACTOR,
    )


async def _insight(evidence_ids: list[int], statement: str = "Knappen syns inte") -> int:
    return await services.create_insight(
        statement=statement, target_group="", evidence_ids=evidence_ids, themes=[], actor=ACTOR
    )


# --- without HTTP ------------------------------------------------------------------------------


def test_a_test_is_a_source_of_evidence_in_any_step() -> None:
    assert SOURCE_LABELS["design_test"] == "Test av prototyp"
    check_source("design_test")  # no ChainRefused: a test is evidence of its own


async def test_a_tests_evidence_is_edited_by_its_projects_members(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    records = await membership_records([("design_test", made["test_id"]), ("dialogue", 4)])
    assert sorted(records) == [("dialogue", 4), ("project", project.id)]


async def test_the_test_is_a_source_behind_a_change_and_counts_until_it_is_archived(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    insight = await _insight([await _evidence(made["test_id"])])
    change = await change_in(project.id)
    await change_services.address_insight(change, insight, 2, ACTOR)

    trail = await trail_to_change(change)
    assert [(row["source_type"], row["title"]) for row in trail.sources] == [
        ("design_test", "Pappersprototyp i rollspel")
    ]
    backed = f"SELECT c.id FROM service_change c WHERE {counting.change_backed('c.id')}"
    assert [row["id"] for row in await fetch_rows(backed)] == [change]
    await DesignTest.update({DesignTest.archived_at: DesignTest.created_at}).where(
        DesignTest.id == made["test_id"]
    )
    assert await fetch_rows(backed) == []


# --- the pages ---------------------------------------------------------------------------------


async def test_a_member_captures_evidence_and_an_insight_on_the_tests_page(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, actor=robin)
    made = await make_design(project.id, robin)
    http = client_as(robin)
    page = await http.get(f"/tester/{made['test_id']}")
    assert "Underlag och insikter" in text_of(page.text)
    base = f"/projekt/{project.id}/tester/{made['test_id']}"
    assert f'href="{base}/underlag/ny"' in page.text  # the form opens on demand (issue 14)
    form = await http.get(f"{base}/underlag/ny")
    assert "<h1>Lägg till underlag</h1>" in form.text
    assert field_value(form.text, "ev-speaker_category") == "deltagare i testet, sökande i villa"
    assert f'<a href="/tester/{made["test_id"]}">' in form.text  # the way back to the test

    added = await post_form(
        http,
        f"{base}/underlag",
        {"text": "Två letade efter knappen.", "speaker_category": "deltagare", "once": "a" * 32},
    )
    assert added.status_code == 303
    assert added.headers["location"] == f"/tester/{made['test_id']}?sparat=underlag#underlag"
    evidence = await Evidence.select().where(FROM_TESTS).first()
    assert evidence is not None and evidence["text"] == "Två letade efter knappen."

    drawn = await post_form(
        http,
        f"{base}/insikter/ny",
        {"statement": "Knappen syns inte", "evidence": str(evidence["id"]), "once": "b" * 32},
    )
    assert drawn.status_code == 303
    insight = await Insight.select(Insight.id).order_by(Insight.id, ascending=False).first()
    assert insight is not None
    insight_page = text_of((await http.get(f"/insikter/{insight['id']}")).text)
    assert "Test av prototyp: Pappersprototyp i rollspel" in insight_page
    assert "Ändra insikten" in insight_page  # the test's project's members edit it
    kim = client_as(await personas.kim())
    assert "Ändra insikten" not in text_of((await kim.get(f"/insikter/{insight['id']}")).text)
    found = text_of((await http.get("/sok?q=knappen&kalla=design_test")).text)
    assert "Två letade efter knappen" in found and "Pappersprototyp i rollspel" in found


async def test_the_wrong_user_may_not_capture_on_a_test(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    kim = client_as(await personas.kim())
    url = f"/projekt/{project.id}/tester/{made['test_id']}/underlag"
    response = await post_form(kim, url, {"text": "Något", "speaker_category": "deltagare"})
    assert response.status_code == 403
    page = await kim.get(f"/tester/{made['test_id']}")
    assert f'action="{url}"' not in page.text
    assert await Evidence.count().where(FROM_TESTS) == 0


async def test_a_name_is_refused_beside_the_field_and_the_text_kept(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    text = "Anna Svensson (anna@example.se) hittade inte knappen."
    response = await post_form(
        client,
        f"/projekt/{project.id}/tester/{made['test_id']}/underlag",
        {"text": text, "speaker_category": ""},
    )
    assert response.status_code == 422
    assert field_error(response.text, "ev-text")
    assert "kategori" in (field_error(response.text, "ev-speaker_category") or "")
    assert field_value(response.text, "ev-text") == text
    assert await Evidence.count().where(FROM_TESTS) == 0


async def test_a_test_of_another_project_unknown_or_archived_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    other = await make_project(catalogue, title="Annat")
    made = await make_design(project.id)
    form = {"text": "Något hände.", "speaker_category": "deltagare"}
    wrong = await post_form(client, f"/projekt/{other.id}/tester/{made['test_id']}/underlag", form)
    assert wrong.status_code == 404
    unknown = await post_form(client, f"/projekt/{project.id}/tester/99999/underlag", form)
    assert unknown.status_code == 404
    await post_form(client, f"/projekt/{project.id}/tester/{made['test_id']}/arkivera", {})
    archived = await post_form(
        client, f"/projekt/{project.id}/tester/{made['test_id']}/underlag", form
    )
    assert archived.status_code == 409
    assert await Evidence.count().where(FROM_TESTS) == 0


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_tests_page_with_its_evidence_issues_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    few, many = await make_design(project.id), await make_design(project.id)
    small_insight = await _insight([await _evidence(few["test_id"])])
    evidence = [await _evidence(many["test_id"])]
    for i in range(6):
        other = await make_design(project.id)
        evidence.append(await _evidence(other["test_id"], f"Iakttagelse nummer {i}."))
        await _insight([await _evidence(many["test_id"], f"Mer {i}.")], f"Insikt {i}")
    large_insight = await _insight(evidence, "Många tester visar det")

    small = [await _queries_for(client, f"/tester/{few['test_id']}")]
    small.append(await _queries_for(client, f"/insikter/{small_insight}"))
    large = [await _queries_for(client, f"/tester/{many['test_id']}")]
    large.append(await _queries_for(client, f"/insikter/{large_insight}"))
    assert large == small


async def test_kedjan_lists_a_test_until_its_observations_back_an_insight(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Sms-projektet")
    made = await make_design(project.id)
    gaps = text_of((await client.get("/kedjan")).text)
    assert "Tester utan insikter (1)" in gaps
    assert "2026-02-20: Pappersprototyp i rollspel Sms-projektet" in gaps
    await _insight([await _evidence(made["test_id"])])
    gaps = text_of((await client.get("/kedjan")).text)
    assert "Tester utan insikter (0)" in gaps and "Alla tester har insikter registrerade" in gaps


async def test_kedjan_issues_as_many_queries_for_many_tests(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await make_design(project.id)
    small = await _queries_for(client, "/kedjan")
    for _ in range(5):
        await make_design(project.id)
    assert await _queries_for(client, "/kedjan") == small

"""The read-only JSON API: what a BI tool reads, page by page, and what it never sees."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests import personas
from tests.factories import make_project
from tracker.accounts.permissions import Principal
from tracker.phases.catalogue import PhaseCatalogue

from .chain import INTERNAL_NOTE, SHARED_QUOTE, make_chain


async def test_a_reader_lists_every_register_with_its_key_facts(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    lo = client_as(await personas.lo())

    projects = (await lo.get("/api/v1/projects")).json()
    dialogues = (await lo.get("/api/v1/dialogues")).json()
    organisations = (await lo.get("/api/v1/organisations")).json()
    collaborations = (await lo.get("/api/v1/collaborations")).json()
    insights = (await lo.get("/api/v1/insights")).json()
    changes = (await lo.get("/api/v1/service-changes")).json()

    project = projects["items"][0]
    assert projects["total"] == 1 and projects["limit"] == 50 and projects["offset"] == 0
    assert project["id"] == chain.project_id
    assert project["current_step"] == "ringa-in" and project["current_step_label"] == "Ringa in"
    assert project["status"] == "ongoing" and project["iterations"] == 0
    dialogue = dialogues["items"][0]
    assert dialogue["state"] == "fed_back" and dialogue["state_label"] == "Återkopplad"
    assert dialogue["level_promised"] == "dialog"
    assert dialogue["feedback_due"] == "2026-06-30"
    assert dialogue["feedback_to_residents_on"] == "2026-06-01"
    assert dialogue["feedback_status"] == "given"
    assert dialogue["participants"] == 24
    assert dialogue["project_ids"] == [chain.project_id]
    assert organisations["items"][0]["name"] == "Föreningen Läslust"
    assert collaborations["items"][0]["organisation_ids"] == [chain.organisation_id]
    insight = insights["items"][0]
    assert insight["themes"] == ["Belysning", "Trygghet"]
    assert insight["evidence_count"] == 1  # the internal note is not counted
    assert insight["project_ids"] == [chain.project_id]
    assert insight["change_ids"] == [chain.change_id]
    change = changes["items"][0]
    assert change["status"] == "idea" and change["status_on"] == "2026-05-01"
    assert change["project_id"] == chain.project_id
    assert change["insight_ids"] == [chain.insight_id]


async def test_each_record_has_a_detail_and_unknown_ids_are_404(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    for path, record_id in [
        ("projects", chain.project_id),
        ("dialogues", chain.dialogue_id),
        ("organisations", chain.organisation_id),
        ("collaborations", chain.collaboration_id),
        ("service-changes", chain.change_id),
    ]:
        found = await client.get(f"/api/v1/{path}/{record_id}")
        assert found.status_code == 200 and found.json()["id"] == record_id
        for unknown in (record_id + 1000, 2**40):
            missing = await client.get(f"/api/v1/{path}/{unknown}")
            assert missing.status_code == 404
            assert missing.headers["content-type"].startswith("application/json")
            assert "finns inte" in missing.json()["detail"]
    insight = (await client.get(f"/api/v1/insights/{chain.insight_id}")).json()
    assert insight["insight"]["id"] == chain.insight_id
    assert [e["text"] for e in insight["evidence"]] == [SHARED_QUOTE]
    assert (await client.get("/api/v1/insights/999999")).status_code == 404


async def test_internal_evidence_never_reaches_the_api(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    paths = [
        "projects",
        "dialogues",
        "organisations",
        "collaborations",
        "insights",
        "service-changes",
        f"insights/{chain.insight_id}",
    ]
    for path in paths:
        response = await client.get(f"/api/v1/{path}")
        assert response.status_code == 200
        assert INTERNAL_NOTE not in response.text
        assert "rektorn" not in response.text


async def test_pages_have_a_total_a_limit_and_an_offset(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for n in range(7):
        await make_project(catalogue, title=f"Projekt {n}")

    first = (await client.get("/api/v1/projects?limit=3")).json()
    last = (await client.get("/api/v1/projects?limit=3&offset=6")).json()
    beyond = (await client.get("/api/v1/projects?limit=3&offset=30")).json()

    assert first["total"] == 7 and len(first["items"]) == 3
    assert last["total"] == 7 and len(last["items"]) == 1
    assert beyond["items"] == [] and beyond["total"] == 7
    seen = {p["id"] for p in first["items"]} | {p["id"] for p in last["items"]}
    assert len(seen) == 4


async def test_bad_parameters_are_400_in_json_never_500(client: httpx.AsyncClient) -> None:
    for query in (
        "limit=0",
        "limit=501",
        "offset=-1",
        "limit=tio",
        "updated_since=igår",
        "archived=kanske",
    ):
        response = await client.get(f"/api/v1/projects?{query}")
        assert response.status_code == 400, query
        assert response.json()["status_code"] == 400
        assert "Ogiltigt" in response.json()["detail"]


async def test_filters_narrow_the_lists(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)
    await make_project(catalogue, title="Pausat projekt", status="paused", current_step="fokusera")

    paused = (await client.get("/api/v1/projects?status=paused")).json()
    in_step = (await client.get("/api/v1/projects?step=ringa-in")).json()
    future = (await client.get("/api/v1/projects?updated_since=2100-01-01T00:00:00Z")).json()
    past = (await client.get("/api/v1/projects?updated_since=2000-01-01T00:00:00")).json()
    archived = (await client.get("/api/v1/projects?archived=true")).json()
    held = (await client.get("/api/v1/dialogues?state=held")).json()
    fed_back = (await client.get("/api/v1/dialogues?state=fed_back")).json()
    themed = (await client.get("/api/v1/insights?theme_id=999")).json()
    of_project = (await client.get(f"/api/v1/service-changes?project_id={chain.project_id}")).json()
    of_organisation = await client.get(
        f"/api/v1/collaborations?organisation_id={chain.organisation_id}"
    )

    assert [p["title"] for p in paused["items"]] == ["Pausat projekt"]
    assert [p["id"] for p in in_step["items"]] == [chain.project_id]
    assert future["total"] == 0 and past["total"] == 2
    assert archived["total"] == 0
    assert held["total"] == 0 and fed_back["total"] == 1
    assert themed["total"] == 0
    assert of_project["total"] == 1
    assert of_organisation.json()["total"] == 1


async def test_anonymous_callers_get_401_in_json(anonymous: httpx.AsyncClient) -> None:
    for path in ("/api/v1/projects", "/api/v1/insights/1", "/schema", "/schema/openapi.json"):
        response = await anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["status_code"] == 401


async def test_the_api_is_read_only(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/projects", json={})
    assert response.status_code in (403, 405)

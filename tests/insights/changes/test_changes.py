"""A project uses insights and proposes service changes; a change moves through its statuses
with dates and builds on insights with a strength. Every link and removal is logged."""

from __future__ import annotations

import httpx

from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.factories import change_in, evidence_from, insight_on
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.insights.tables import ChangeInsight, ChangeStatusEvent, InsightUse, ServiceChange
from tracker.phases.catalogue import PhaseCatalogue


async def test_a_project_picks_an_insight_by_searching_for_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    wanted = await insight_on([await evidence_from(dialogue.id)], "Barn behöver en trygg skola")
    await insight_on(
        [await evidence_from(dialogue.id, "Bussen går sällan")], "Bussen går för sällan"
    )

    found = text_of((await client.get(f"/projekt/{project.id}?sok_insikt=skolan")).text)
    assert "Insikter som matchar ”skolan” Barn behöver en trygg skola" in found
    assert "Bussen går för sällan" not in found

    response = await post_form(
        client, f"/projekt/{project.id}/insikter", {"insight_id": str(wanted)}
    )
    assert response.status_code == 303
    page = text_of((await client.get(f"/projekt/{project.id}")).text)
    assert "Insikter som projektet använder (1) Barn behöver en trygg skola" in page
    assert await InsightUse.count() == 1


async def test_picking_nothing_or_an_unknown_insight_is_explained(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    for value in ("", "999", "abc"):
        response = await post_form(client, f"/projekt/{project.id}/insikter", {"insight_id": value})
        assert response.status_code == 422
        assert field_error(response.text, "use-insight_id") == "Välj en insikt i listan."
    assert await InsightUse.count() == 0
    assert (
        await post_form(client, "/projekt/999/insikter", {"insight_id": "1"})
    ).status_code == 404


async def _version(change_id: int) -> dict[str, str]:
    """The version the change's status form is read from, as the page fills it in."""
    row = await ServiceChange.select(ServiceChange.version).where(ServiceChange.id == change_id)
    return {"read_version": str(row[0]["version"])}


async def test_a_change_moves_through_its_statuses_with_dates(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    created = await post_form(
        client,
        f"/projekt/{project.id}/forandringar",
        {"title": "Öppna lokalerna på kvällen", "description": "", "status_on": "2026-02-01"},
    )
    assert created.status_code == 303
    change = await ServiceChange.objects().first()
    assert change is not None and created.headers["location"] == f"/forandringar/{change.id}"
    url = f"/projekt/{project.id}/forandringar/{change.id}/status"

    early = await post_form(
        client, url, {**await _version(change.id), "status": "testing", "status_on": "2026-01-15"}
    )
    assert early.status_code == 422
    assert "före förra statusens datum" in field_error(early.text, "st-status_on")
    testing = await post_form(
        client, url, {**await _version(change.id), "status": "testing", "status_on": "2026-03-01"}
    )
    assert testing.status_code == 303
    no_reason = await post_form(
        client, url, {**await _version(change.id), "status": "closed", "status_on": "2026-05-01"}
    )
    assert no_reason.status_code == 422
    assert "varför" in field_error(no_reason.text, "st-reason")
    closed = await post_form(
        client,
        url,
        {
            **await _version(change.id),
            "status": "closed",
            "status_on": "2026-05-01",
            "reason": "Lokalerna behövs för skolan.",
        },
    )
    assert closed.status_code == 303

    events = await ChangeStatusEvent.select(ChangeStatusEvent.status, ChangeStatusEvent.status_on)
    assert [(e["status"], e["status_on"].isoformat()) for e in events] == [
        ("idea", "2026-02-01"),
        ("testing", "2026-03-01"),
        ("closed", "2026-05-01"),
    ]
    page = text_of((await client.get(f"/forandringar/{change.id}")).text)
    assert "Avslutad utan införande sedan 2026-05-01" in page
    assert "Införs inte. Lokalerna behövs för skolan." in page
    reopened = await post_form(
        client, url, {**await _version(change.id), "status": "decided", "status_on": "2026-06-01"}
    )
    assert reopened.status_code == 422


async def test_a_bad_change_keeps_what_was_typed(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    response = await post_form(
        client,
        f"/projekt/{project.id}/forandringar",
        {"title": "", "description": "Kvällsöppet", "status_on": "1 mars"},
    )
    assert response.status_code == 422
    assert field_error(response.text, "ch-title")
    assert field_error(response.text, "ch-status_on")
    assert field_value(response.text, "ch-description") == "Kvällsöppet"
    assert await ServiceChange.count() == 0


async def test_a_change_builds_on_insights_and_the_removal_is_logged(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held", level_promised="inflytande")
    project = await make_project(catalogue)
    insight = await insight_on([await evidence_from(dialogue.id, "Det är mörkt vid skolan")])
    change = await change_in(project.id)
    url = f"/projekt/{project.id}/forandringar/{change}/insikter"

    missing = await post_form(client, url, {"insight_id": str(insight)})
    assert missing.status_code == 422
    assert field_error(missing.text, "address-strength")
    linked = await post_form(client, url, {"insight_id": str(insight), "strength": "3"})
    assert linked.status_code == 303

    page = text_of((await client.get(f"/forandringar/{change}")).text)
    assert "Föräldrar känner sig otrygga på skolvägen Avgörande för beslutet" in page
    assert f"Dialog: {dialogue.title}" in page
    assert "Utlovad nivå: Inflytande" in page
    assert "Det är mörkt vid skolan förälder, 30–44 år" in page

    removed = await post_form(client, f"{url}/{insight}/ta-bort", {})
    assert removed.status_code == 303
    assert await ChangeInsight.count() == 0
    log = await ChangeLogEntry.select(ChangeLogEntry.entity_type, ChangeLogEntry.action).where(
        ChangeLogEntry.action.is_in(["linked", "unlinked"])
    )
    assert sorted((row["entity_type"], row["action"]) for row in log) == [
        ("insight", "linked"),
        ("insight", "unlinked"),
        ("service_change", "linked"),
        ("service_change", "unlinked"),
    ]
    assert (await post_form(client, f"{url}/{insight}/ta-bort", {})).status_code == 404


async def test_a_change_is_only_changed_through_its_own_project(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    mine = await make_project(catalogue)
    other = await make_project(catalogue, title="Annat projekt")
    change = await change_in(mine.id)

    response = await post_form(
        client,
        f"/projekt/{other.id}/forandringar/{change}/status",
        {"status": "testing", "status_on": "2026-04-01"},
    )
    assert response.status_code == 404
    assert (await client.get("/forandringar/999")).status_code == 404


async def test_the_change_list_filters_by_status(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Skolvägen")
    await change_in(project.id, "Belysning")
    await change_in(project.id, "Övergångsställe")

    everything = text_of((await client.get("/forandringar")).text)
    assert "Alla (2)" in everything and "Idé (2)" in everything
    assert "Övergångsställe Skolvägen Idé 2026-03-01" in everything
    testing = text_of((await client.get("/forandringar?status=testing")).text)
    assert "Inga förändringar har den statusen." in testing
    odd = await client.get("/forandringar?status=nonsens&sida=x")
    assert odd.status_code == 200 and "2 förändringar" in text_of(odd.text)


async def test_a_changes_picker_offers_the_projects_insights_first(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    used = await insight_on([await evidence_from(dialogue.id)], "Skolvägen är mörk på kvällen")
    other = await insight_on(
        [await evidence_from(dialogue.id, "Skolgården är stängd")], "Skolgården borde vara öppen"
    )
    await post_form(client, f"/projekt/{project.id}/insikter", {"insight_id": str(used)})
    change = await change_in(project.id)

    page = (await client.get(f"/forandringar/{change}")).text
    assert "Insikter som projektet använder (sök för att hitta andra)" in text_of(page)
    assert f'name="insight_id" value="{used}"' in page
    assert f'name="insight_id" value="{other}"' not in page  # found by searching, not offered first

    found = (await client.get(f"/forandringar/{change}?sok_insikt=skol")).text
    assert f'name="insight_id" value="{other}"' in found
    assert found.index(f'name="insight_id" value="{used}"') < found.index(
        f'name="insight_id" value="{other}"'
    )

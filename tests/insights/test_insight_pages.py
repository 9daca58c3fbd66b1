"""Following the chain on every record, both ways, and managing the theme list."""

from __future__ import annotations

import httpx

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.support import field_error, post_form, text_of, version_of
from tracker.insights import services
from tracker.insights.changes import services as change_services
from tracker.insights.tables import InsightTheme, InsightUse, Theme
from tracker.phases.catalogue import PhaseCatalogue

from .factories import change_in, evidence_from, insight_on


async def test_a_dialogues_trail_shows_everything_that_came_of_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held", level_promised="inflytande", title="Trygg skolväg")
    first = await make_project(catalogue, title="Skolvägen")
    second = await make_project(catalogue, title="Trygg fritid")
    insight = await insight_on([await evidence_from(dialogue.id, "Det är mörkt vid skolan")])
    await insight_on([await evidence_from(dialogue.id, "Ingen lyssnar")], "Unga vill bli hörda")
    for project in (first, second):
        await services.use_in_project(insight, project.id, None, ACTOR)
    change = await change_in(first.id, "Belysning på skolvägen")
    await change_services.address_insight(change, insight, 3, ACTOR)

    page = text_of((await client.get(f"/dialoger/{dialogue.id}/kedjan")).text)

    assert "Utlovad nivå på delaktighetstrappan Inflytande" in page
    assert "2 underlag · 2 insikter · 0 återkoppling till invånarna" in page
    assert (
        "Insikt Föräldrar känner sig otrygga på skolvägen Underlag härifrån "
        "”Det är mörkt vid skolan” – förälder, 30–44 år Används i projekt Skolvägen"
    ) in page
    assert "Trygg fritid" in page
    assert "Belysning på skolvägen Idé 2026-03-01 (Avgörande) – inte återkopplad än" in page
    assert "Insikt Unga vill bli hörda" in page and "Inget projekt använder insikten än." in page
    assert (await client.get("/dialoger/999/kedjan")).status_code == 404


async def test_feedback_names_the_changes_it_reports(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    insight = await insight_on([await evidence_from(dialogue.id)])
    change = await change_in(project.id, "Belysning på skolvägen")
    await change_services.address_insight(change, insight, 2, ACTOR)
    form = {
        "audience": "residents",
        "given_on": "2026-06-01",
        "channel": "web",
        "text": "Ni sa att skolvägen är mörk. Nu planerar vi belysning.",
    }

    wrong = await post_form(
        client, f"/dialoger/{dialogue.id}/aterkoppling", [*form.items(), ("change_ids", "999")]
    )
    assert wrong.status_code == 422
    assert field_error(wrong.text, "f-change_ids") == "Välj bland förändringarna i listan."
    saved = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        [*form.items(), ("change_ids", str(change))],
    )
    assert saved.status_code == 303

    dialogue_page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Berättar om: Belysning på skolvägen (idé)" in dialogue_page
    trail = text_of((await client.get(f"/dialoger/{dialogue.id}/kedjan")).text)
    assert "Belysning på skolvägen Idé 2026-03-01 (Viktig) – återkopplad till invånarna" in trail
    change_page = text_of((await client.get(f"/forandringar/{change}")).text)
    assert f"2026-06-01: {dialogue.title}" in change_page


async def test_an_insight_shows_its_sources_and_what_came_of_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held", title="Dialog om fritid")
    collaboration = await make_collaboration(title="Fritidsforum")
    project = await make_project(catalogue, title="Fritid för alla")
    insight = await insight_on(
        [
            await evidence_from(dialogue.id, "Fritidsgården stänger för tidigt"),
            await evidence_from(
                collaboration.id, "Föreningarna ser samma sak", source_type="collaboration"
            ),
        ],
        "Unga saknar en plats på kvällarna",
        themes=["Fritid"],
    )
    await services.use_in_project(insight, project.id, None, ACTOR)
    change = await change_in(project.id, "Kvällsöppen fritidsgård")
    await change_services.address_insight(change, insight, 1, ACTOR)

    page = text_of((await client.get(f"/insikter/{insight}")).text)

    assert "Unga saknar en plats på kvällarna" in page
    assert "Dialog: Dialog om fritid" in page
    assert "Samverkan: Fritidsforum" in page
    assert "Projekt som använder den (1) Fritid för alla" in page
    assert "Kvällsöppen fritidsgård Idé 2026-03-01 (Bidragande · Fritid för alla)" in page
    listing = text_of((await client.get("/insikter?tema=1")).text)
    assert "1 insikt" in listing and "Unga saknar en plats på kvällarna" in listing
    assert (await client.get("/insikter/999")).status_code == 404


async def test_an_insight_is_edited_and_its_themes_replaced(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    insight = await insight_on([await evidence_from(dialogue.id)], themes=["Trygghet"])

    bad = await post_form(client, f"/insikter/{insight}", {"statement": "", "themes": "x"})
    assert bad.status_code == 422
    assert field_error(bad.text, "in-statement")
    saved = await post_form(
        client,
        f"/insikter/{insight}",
        {
            **await version_of(client, f"/insikter/{insight}"),
            "statement": "Skolvägen känns otrygg",
            "target_group": "Barn",
            "themes": "Skolväg",
        },
    )
    assert saved.status_code == 303
    page = text_of((await client.get(f"/insikter/{insight}")).text)
    assert "Skolvägen känns otrygg" in page and "Målgrupp: Barn" in page
    names = await Theme.select(Theme.name).order_by(Theme.name_sort)
    assert [row["name"] for row in names] == ["Skolväg", "Trygghet"]
    assert await InsightTheme.count() == 1


async def test_themes_are_renamed_and_merged_without_losing_links(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    evidence = await evidence_from(dialogue.id)
    both = await insight_on([evidence], "Båda teman", themes=["Trygghet", "Säkerhet"])
    one = await insight_on([evidence], "Bara säkerhet", themes=["Säkerhet"])
    ids = {row["name"]: row["id"] for row in await Theme.select(Theme.id, Theme.name)}

    clash = await post_form(client, f"/teman/{ids['Säkerhet']}/namn", {"name": "trygghet"})
    assert clash.status_code == 422
    assert "Slå ihop dem i stället" in field_error(clash.text, f"name-{ids['Säkerhet']}")
    renamed = await post_form(client, f"/teman/{ids['Säkerhet']}/namn", {"name": "Trafiksäkerhet"})
    assert renamed.status_code == 303
    merged = await post_form(
        client, f"/teman/{ids['Säkerhet']}/sla-ihop", {"into": str(ids["Trygghet"])}
    )
    assert merged.status_code == 303

    links = await InsightTheme.select(InsightTheme.insight, InsightTheme.theme)
    assert sorted((row["insight"], row["theme"]) for row in links) == sorted(
        [(both, ids["Trygghet"]), (one, ids["Trygghet"])]
    )
    page = text_of((await client.get("/teman")).text)
    assert "Trygghet 2 insikter" in page and "Trafiksäkerhet" not in page
    assert (await post_form(client, "/teman/999/namn", {"name": "x"})).status_code == 404
    missing = await post_form(client, f"/teman/{ids['Trygghet']}/sla-ihop", {"into": ""})
    assert missing.status_code == 422


async def test_from_an_insights_page_a_project_uses_it_or_builds_a_change_on_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    insight = await insight_on([await evidence_from(dialogue.id)], "Skolvägen är mörk")
    using = await make_project(catalogue, title="Trygga skolvägar")
    building = await make_project(catalogue, title="Belysning i parken")

    page = (await client.get(f"/insikter/{insight}")).text
    assert "Använd insikten i ett av dina projekt" in text_of(page)
    assert f'action="/projekt/{using.id}/insikter"' in page
    assert f'href="/projekt/{building.id}?insikt={insight}#ny-forandring"' in page

    used = await post_form(client, f"/projekt/{using.id}/insikter", {"insight_id": str(insight)})
    assert used.status_code == 303
    page = (await client.get(f"/insikter/{insight}")).text
    assert f'action="/projekt/{using.id}/insikter"' not in page  # it is used there now

    form = (await client.get(f"/projekt/{building.id}?insikt={insight}")).text
    assert 'value="Skolvägen är mörk"' in form
    assert f'name="insight_id" value="{insight}"' in form
    made = await post_form(
        client,
        f"/projekt/{building.id}/forandringar",
        {
            "title": "Fler lampor",
            "description": "",
            "status_on": "2026-03-01",
            "insight_id": str(insight),
            "once": "fran-insikt-1",
        },
    )
    assert made.status_code == 303
    change = text_of((await client.get(made.headers["location"])).text)
    assert "Skolvägen är mörk" in change
    assert await InsightUse.count().where(InsightUse.project == building.id) == 1

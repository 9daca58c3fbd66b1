"""Editing a prototype, and archiving and restoring hypotheses, prototypes, tests and effects:
the services without HTTP, then the pages through the real app."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests import personas
from tests.design.effect_factories import make_change_with_effect
from tests.design.factories import make_design
from tests.factories import ACTOR, make_project
from tests.support import field_error, field_value, form_of, post_form, text_of, version_of
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.db import QUERIES, StaleVersion
from tracker.design import services, views
from tracker.design.forms import PrototypeInput
from tracker.design.tables import DesignTest, Hypothesis, Prototype, ServiceEffect
from tracker.phases.catalogue import PhaseCatalogue


async def _actions(entity_type: str, entity_id: int) -> list[str]:
    rows = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        (ChangeLogEntry.entity_type == entity_type) & (ChangeLogEntry.entity_id == entity_id)
    )
    return [row["action"] for row in rows]


async def _made(catalogue: PhaseCatalogue, actor: Principal = ACTOR) -> tuple[int, dict[str, int]]:
    project = await make_project(catalogue, actor=actor)
    made = await make_design(project.id, actor)
    made |= await make_change_with_effect(project.id, actor)
    return int(project.id), made


# --- without HTTP ------------------------------------------------------------------------------


async def test_editing_a_prototype_logs_what_changed_and_refuses_a_stale_version(
    db: None, catalogue: PhaseCatalogue
) -> None:
    _, made = await _made(catalogue)
    prototype = await views.prototype_page(made["prototype_id"])
    assert prototype is not None
    data = PrototypeInput(name="Påminnelse i appen", description=prototype["description"])

    changes = await services.update_prototype(prototype, data, ACTOR, 1)

    assert changes == {"name": ["Påminnelse via sms", "Påminnelse i appen"]}
    assert "updated" in await _actions("prototype", made["prototype_id"])
    with pytest.raises(StaleVersion):
        await services.update_prototype(prototype, PrototypeInput("Tredje", ""), ACTOR, 1)
    same = await views.prototype_page(made["prototype_id"])
    assert same is not None and same["version"] == 2
    assert await services.update_prototype(same, data, ACTOR, 2) == {}


async def test_the_archived_are_listed_apart_and_left_out_of_the_lists(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    for table, key in ((Hypothesis, "hypothesis_id"), (DesignTest, "test_id")):
        await table.update({table.archived_at: table.created_at}).where(table.id == made[key])

    archived = await views.archived_of(project_id)
    overview = await views.design_overview(project_id)

    assert {(row["kind"], row["id"]) for row in archived} == {
        ("hypothesis", made["hypothesis_id"]),
        ("design_test", made["test_id"]),
    }
    assert overview.hypotheses == [] and overview.tests == []
    assert [row["id"] for row in overview.prototypes] == [made["prototype_id"]]


# --- the pages ---------------------------------------------------------------------------------

KINDS = [
    # the place under the project, the id, the table, the record's page ("" for the overview)
    ("hypoteser", "hypothesis_id", Hypothesis, "hypothesis", ""),
    ("prototyper", "prototype_id", Prototype, "prototype", "/prototyper/{}"),
    ("tester", "test_id", DesignTest, "design_test", "/tester/{}"),
    ("effekter", "effect_id", ServiceEffect, "service_effect", "/effekter/{}"),
]


@pytest.mark.parametrize(("segment", "key", "table", "kind", "own"), KINDS)
async def test_a_member_archives_and_restores_and_the_log_keeps_both(
    segment: str,
    key: str,
    table: type[Hypothesis],
    kind: str,
    own: str,
    client_as: Callable[[Principal], httpx.AsyncClient],
    catalogue: PhaseCatalogue,
) -> None:
    robin = await personas.robin()
    project_id, made = await _made(catalogue, robin)
    http = client_as(robin)
    base = f"/projekt/{project_id}/{segment}/{made[key]}"
    page = own.format(made[key]) if own else f"/projekt/{project_id}/design"

    before = await http.get(page)
    assert f'href="{base}/arkivera"' in before.text
    confirm = await http.get(f"{base}/arkivera")
    assert confirm.status_code == 200
    assert "Vill du arkivera" in text_of(confirm.text)
    assert f'action="{base}/arkivera"' in confirm.text

    archived = await post_form(http, f"{base}/arkivera", {})
    assert archived.status_code == 303
    assert archived.headers["location"].split("#")[0] == page
    row = await table.select(table.archived_at).where(table.id == made[key]).first()
    assert row is not None and row["archived_at"] is not None
    shown = await http.get(page)
    assert shown.status_code == 200
    assert f'action="{base}/aterstall"' in shown.text
    assert f'href="{base}/redigera"' not in shown.text
    refused = await http.get(f"{base}/redigera")
    assert refused.status_code == 409
    assert "Återställ den från arkivet först" in text_of(refused.text)

    restored = await post_form(http, f"{base}/aterstall", {})
    assert restored.status_code == 303
    assert (await http.get(f"{base}/redigera")).status_code == 200
    assert (await _actions(kind, made[key]))[-2:] == ["archived", "restored"]


async def test_the_wrong_user_may_not_archive_and_nothing_changes(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    kim, lo = client_as(await personas.kim()), client_as(await personas.lo())
    base = f"/projekt/{project_id}/tester/{made['test_id']}"
    assert (await kim.get(f"{base}/arkivera")).status_code == 403
    assert (await post_form(kim, f"{base}/arkivera", {})).status_code == 403
    assert (await post_form(lo, f"{base}/aterstall", {})).status_code == 403
    assert await DesignTest.count().where(DesignTest.archived_at.is_not_null()) == 0
    page = await lo.get(f"/tester/{made['test_id']}")
    assert f'href="{base}/arkivera"' not in page.text


async def test_a_record_of_another_project_or_unknown_is_404(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    other = await make_project(catalogue, title="Annat projekt")
    for segment, key, *_ in KINDS:
        assert (
            await client.get(f"/projekt/{other.id}/{segment}/{made[key]}/arkivera")
        ).status_code == 404
        response = await post_form(
            client, f"/projekt/{other.id}/{segment}/{made[key]}/arkivera", {}
        )
        assert response.status_code == 404, segment
        assert (
            await post_form(client, f"/projekt/{project_id}/{segment}/99999/aterstall", {})
        ).status_code == 404
    assert (await client.get("/tester/99999")).status_code == 404
    assert (await client.get(f"/projekt/{project_id}/prototyper/99999/redigera")).status_code == 404


async def test_an_archived_test_is_offered_nowhere_but_its_page_still_reads(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    await post_form(client, f"/projekt/{project_id}/tester/{made['test_id']}/arkivera", {})
    overview = text_of((await client.get(f"/projekt/{project_id}/design")).text)
    assert "Tester (0)" in overview and "Arkiverat (1)" in overview
    page = text_of((await client.get(f"/tester/{made['test_id']}")).text)
    assert "Testet är arkiverat" in page and "Pappersprototyp i rollspel" in page
    change = made["change_id"]
    picker = await client.get(f"/projekt/{project_id}/forandringar/{change}/tester/ny")
    assert "Pappersprototyp i rollspel (" not in text_of(picker.text)


async def test_an_archived_effect_leaves_the_change_page_and_is_found_from_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    await post_form(client, f"/projekt/{project_id}/effekter/{made['effect_id']}/arkivera", {})
    page = text_of((await client.get(f"/forandringar/{made['change_id']}")).text)
    assert "Effektmål (0)" in page and "Arkiverade effektmål: Kompletta ansökningar" in page
    follow_up = await post_form(
        client,
        f"/projekt/{project_id}/effekter/{made['effect_id']}/uppfoljningar",
        {"measured_on": "2026-06-01", "value": "80"},
    )
    assert follow_up.status_code == 409


# --- the prototype's edit form -----------------------------------------------------------------


async def test_a_member_edits_a_prototype_with_its_version(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project_id, made = await _made(catalogue, robin)
    http = client_as(robin)
    url = f"/projekt/{project_id}/prototyper/{made['prototype_id']}/redigera"
    form = await http.get(url)
    assert form.status_code == 200
    assert field_value(form.text, "name") == "Påminnelse via sms"
    version = await version_of(http, url)

    saved = await post_form(
        http, url, {"name": "Sms två veckor före", "description": "Ny text."} | version
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/prototyper/{made['prototype_id']}"
    page = text_of((await http.get(saved.headers["location"])).text)
    assert "Sms två veckor före" in page and "Ändrade namn, beskrivning." in page

    stale = await post_form(http, url, {"name": "Ett tredje namn", "description": ""} | version)
    assert stale.status_code == 409
    assert field_value(stale.text, "name") == "Ett tredje namn"
    kim = client_as(await personas.kim())
    assert (await kim.get(url)).status_code == 403
    assert (await post_form(kim, url, {"name": "X"} | version)).status_code == 403


async def test_bad_prototype_input_is_answered_beside_the_field_and_kept(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    url = f"/projekt/{project_id}/prototyper/{made['prototype_id']}/redigera"
    version = await version_of(client, url)
    response = await post_form(client, url, {"name": " ", "description": "Behåll mig"} | version)
    assert response.status_code == 422
    assert field_error(response.text, "name") == "Skriv prototypens namn."
    assert "Behåll mig" in response.text
    long = await post_form(client, url, {"name": "x" * 201, "description": ""} | version)
    assert long.status_code == 422
    assert "högst 200 tecken" in (field_error(long.text, "name") or "")


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_pages_issue_a_bounded_number_of_queries_with_archived_records(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    urls = [
        f"/projekt/{project_id}/design",
        f"/projekt/{project_id}/prototyper/{made['prototype_id']}/redigera",
        f"/projekt/{project_id}/tester/{made['test_id']}/arkivera",
        f"/projekt/{project_id}/hypoteser/{made['hypothesis_id']}/arkivera",
        f"/forandringar/{made['change_id']}",
    ]
    small = {url: await _queries_for(client, url) for url in urls}
    for _ in range(4):
        more = await make_design(project_id)
        more |= await make_change_with_effect(project_id, change=made["change_id"])
        for segment, key, *_ in KINDS:
            await post_form(client, f"/projekt/{project_id}/{segment}/{more[key]}/arkivera", {})
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small


async def test_a_test_keeps_its_archived_prototype_and_hypothesis_when_it_is_edited(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _made(catalogue)
    base = f"/projekt/{project_id}"
    await post_form(client, f"{base}/prototyper/{made['prototype_id']}/arkivera", {})
    await post_form(client, f"{base}/hypoteser/{made['hypothesis_id']}/arkivera", {})
    url = f"{base}/tester/{made['test_id']}/redigera"
    form = await client.get(url)
    assert form.status_code == 200
    assert "eftersom många glömmer sista dagen. (arkiverad)" in text_of(form.text)
    fields = form_of(form.text, url)
    saved = await post_form(client, url, fields | {"method": "Rollspel i receptionen"})
    assert saved.status_code == 303
    results = await services.results_of(made["test_id"])
    assert results == {made["hypothesis_id"]: "supported"}
    new_test = await client.get(f"{base}/tester/ny")
    assert "Påminnelse via sms, version 1" not in text_of(new_test.text)

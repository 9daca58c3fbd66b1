"""A service change names the tests that support it: the rules without HTTP, then the form,
the change's page and the test's page through the real app."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests import personas
from tests.design.factories import make_design, make_test
from tests.factories import ACTOR, make_project
from tests.insights.factories import change_in
from tests.support import field_error, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.db import QUERIES
from tracker.design import change_tests
from tracker.design.change_tests import TestArchived, TestRefused, read_test_choice
from tracker.design.tables import ChangeTest, DesignTest
from tracker.phases.catalogue import PhaseCatalogue


async def _actions(entity_type: str, entity_id: int) -> list[str]:
    rows = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        (ChangeLogEntry.entity_type == entity_type) & (ChangeLogEntry.entity_id == entity_id)
    )
    return [row["action"] for row in rows]


# --- rules ------------------------------------------------------------------------------------


def test_the_choice_must_be_one_the_form_offered() -> None:
    assert read_test_choice({"test_id": "3"}, [3, 4])[0] == 3
    for raw in ({"test_id": "5"}, {"test_id": ""}, {"test_id": "x"}, {}):
        chosen, fields = read_test_choice(raw, [3, 4])
        assert chosen is None
        assert fields.errors["test_id"] == "Välj ett test i listan."


async def test_linking_is_once_per_pair_logged_on_both_and_unlinking_keeps_the_log(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    change = await change_in(project.id)
    test = made["test_id"]

    assert await change_tests.link_test(change, test, ACTOR)
    assert not await change_tests.link_test(change, test, ACTOR)
    assert await ChangeTest.count() == 1
    assert [row["id"] for row in await change_tests.tests_of_change(change)] == [test]
    assert [row["id"] for row in await change_tests.changes_of_test(test)] == [change]
    assert (await _actions("service_change", change)).count("test_linked") == 1
    assert (await _actions("design_test", test)).count("test_linked") == 1

    assert await change_tests.unlink_test(change, test, ACTOR)
    assert not await change_tests.unlink_test(change, test, ACTOR)
    assert await ChangeTest.count() == 0
    assert "test_unlinked" in await _actions("service_change", change)
    assert "test_unlinked" in await _actions("design_test", test)


async def test_an_archived_or_unknown_test_is_refused(db: None, catalogue: PhaseCatalogue) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    change = await change_in(project.id)
    await DesignTest.update({DesignTest.archived_at: DesignTest.created_at}).where(
        DesignTest.id == made["test_id"]
    )
    with pytest.raises(TestArchived, match="arkiverat"):
        await change_tests.link_test(change, made["test_id"], ACTOR)
    with pytest.raises(TestRefused, match="Välj ett test"):
        await change_tests.link_test(change, 999_999, ACTOR)
    assert await ChangeTest.count() == 0


async def test_the_projects_own_tests_come_first_and_others_only_when_asked(
    db: None, catalogue: PhaseCatalogue
) -> None:
    own = await make_project(catalogue, title="Eget")
    other = await make_project(catalogue, title="Annat")
    mine = await make_design(own.id)
    theirs = await make_design(other.id)
    change = await change_in(own.id)

    offered = await change_tests.test_choices(own.id, change, everywhere=False)
    assert [row["id"] for row in offered] == [mine["test_id"]]
    everywhere = await change_tests.test_choices(own.id, change, everywhere=True)
    assert [row["id"] for row in everywhere] == [mine["test_id"], theirs["test_id"]]
    await change_tests.link_test(change, mine["test_id"], ACTOR)
    left = await change_tests.test_choices(own.id, change, everywhere=True)
    assert [row["id"] for row in left] == [theirs["test_id"]]


# --- pages ------------------------------------------------------------------------------------


async def test_a_member_links_a_test_and_both_pages_show_it(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, actor=robin)
    made = await make_design(project.id)
    change = await change_in(project.id, "Sms-påminnelse")
    http = client_as(robin)

    form = await http.get(f"/projekt/{project.id}/forandringar/{change}/tester/ny")
    assert form.status_code == 200
    assert "Pappersprototyp i rollspel (Påminnelse via sms, version 1)" in text_of(form.text)
    url = f"/projekt/{project.id}/forandringar/{change}/tester"
    linked = await post_form(http, url, {"test_id": str(made["test_id"])})
    assert linked.status_code == 303
    assert linked.headers["location"] == f"/forandringar/{change}#tester"

    page = text_of((await http.get(f"/forandringar/{change}")).text)
    assert "Tester som stöder förändringen (1)" in page
    assert "Pappersprototyp i rollspel" in page and "Förändringen stöds av testet" in page
    test_page = text_of((await http.get(f"/tester/{made['test_id']}")).text)
    assert "Förändringar som testet stöder (1)" in test_page and "Sms-påminnelse" in test_page
    assert test_page.count("Förändringen stöds av testet") == 1  # its change log

    removed = await post_form(http, f"{url}/{made['test_id']}/ta-bort", {})
    assert removed.status_code == 303
    assert await ChangeTest.count() == 0
    again = await post_form(http, f"{url}/{made['test_id']}/ta-bort", {})
    assert again.status_code == 404


async def test_a_test_of_another_project_is_offered_when_asked(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    own = await make_project(catalogue, title="Eget")
    other = await make_project(catalogue, title="Grannprojektet")
    theirs = await make_design(other.id)
    change = await change_in(own.id)
    base = f"/projekt/{own.id}/forandringar/{change}/tester"
    assert "Grannprojektet" not in text_of((await client.get(base + "/ny")).text)
    everywhere = text_of((await client.get(base + "/ny?alla=1")).text)
    assert "Grannprojektet" in everywhere
    linked = await post_form(client, base, {"test_id": str(theirs["test_id"]), "alla": "1"})
    assert linked.status_code == 303
    assert "Grannprojektet" in text_of((await client.get(f"/forandringar/{change}")).text)


async def test_the_wrong_user_is_refused(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    change = await change_in(project.id)
    kim = client_as(await personas.kim())
    url = f"/projekt/{project.id}/forandringar/{change}/tester"
    assert (await kim.get(url + "/ny")).status_code == 403
    assert (await post_form(kim, url, {"test_id": str(made["test_id"])})).status_code == 403
    assert await ChangeTest.count() == 0


async def test_bad_input_is_answered_beside_the_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    change = await change_in(project.id)
    url = f"/projekt/{project.id}/forandringar/{change}/tester"
    for value in ("", "abc", "999999"):
        response = await post_form(client, url, {"test_id": value})
        assert response.status_code == 422, value
        assert field_error(response.text, "test_id") == "Välj ett test i listan."
    await DesignTest.update({DesignTest.archived_at: DesignTest.created_at}).where(
        DesignTest.id == made["test_id"]
    )
    archived = await post_form(client, url, {"test_id": str(made["test_id"])})
    assert archived.status_code == 409
    assert "Testet är arkiverat" in (field_error(archived.text, "test_id") or "")
    assert await ChangeTest.count() == 0


async def test_unknown_ids_are_404(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> None:
    project = await make_project(catalogue)
    other = await make_project(catalogue)
    change = await change_in(other.id)
    assert (
        await client.get(f"/projekt/{project.id}/forandringar/{change}/tester/ny")
    ).status_code == 404
    assert (
        await client.get(f"/projekt/{project.id}/forandringar/99999/tester/ny")
    ).status_code == 404
    response = await post_form(client, f"/projekt/{project.id}/forandringar/{change}/tester", {})
    assert response.status_code == 404


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_pages_with_linked_tests_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    change = await change_in(project.id)
    await change_tests.link_test(change, made["test_id"], ACTOR)
    urls = [
        f"/forandringar/{change}",
        f"/tester/{made['test_id']}",
        f"/projekt/{project.id}/forandringar/{change}/tester/ny",
        f"/projekt/{project.id}/forandringar/{change}/tester/ny?alla=1",
    ]
    small = {url: await _queries_for(client, url) for url in urls}
    for i in range(6):
        test = await make_test(project.id, made["version_id"], [made["hypothesis_id"]])
        await change_tests.link_test(change, test, ACTOR)
        await make_test(project.id, made["version_id"], [made["hypothesis_id"]])
        other = await change_in(project.id, f"Förändring {i}")
        await change_tests.link_test(other, made["test_id"], ACTOR)
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small

"""Members of a project: editors who may change it. Administrators add and remove them on the
project page; readers and other editors only read. And the rules for a good password."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests import personas
from tests.factories import change_log, make_project, project_form
from tests.support import field_error, post_form, text_of
from tracker.accounts.passwords import MIN_LENGTH, password_problem
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account, Membership
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.settings import get_settings

ON_POSTGRES = get_settings().is_postgres
ITERATION = {
    "started_on": "2026-02-01",
    "ended_on": "2026-02-14",
    "summary": "Intervjuade sökande.",
    "methods": "8 intervjuer",
    "learnings": "",
    "decision": "continue",
}
EDIT_CONTROLS = (
    "Logga en iteration",
    "Spara checklistan",
    "Ändra projektet",
    "Lägg till medlem",
    "/arkivera",
)


def member_names(html: str) -> list[str]:
    match = re.search(r'<ul class="member-list">(.*?)</ul>', html, flags=re.S)
    if not match:
        return []
    return re.findall(r"<li>\s*<span>(.*?)</span>", match.group(1))


async def test_an_administrator_makes_an_editor_a_member_and_removes_them(
    client: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    catalogue: PhaseCatalogue,
) -> None:
    kim = await personas.kim()
    kim_http = client_as(kim)
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}"
    assert (await post_form(kim_http, f"{url}/iterationer", ITERATION)).status_code == 403

    added = await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})

    assert added.status_code == 303
    assert added.headers["location"] == f"{url}#medlemmar"
    page = await client.get(url)
    assert "Medlemmen är tillagd." in text_of(page.text)
    assert member_names(page.text) == ["Kim Redaktör"]
    assert f'action="{url}/medlemmar/{kim.id}/ta-bort"' in page.text
    kim_page = await kim_http.get(url)
    assert "Logga en iteration" in kim_page.text
    assert "Spara iterationen" in (await kim_http.get(f"{url}/iterationer/ny")).text
    logged = await post_form(kim_http, f"{url}/iterationer", ITERATION)
    assert logged.status_code == 303
    assert (await kim_http.get(f"{url}/redigera")).status_code == 200

    removed = await post_form(client, f"{url}/medlemmar/{kim.id}/ta-bort", {})

    assert removed.status_code == 303
    page = await client.get(url)
    assert "Medlemmen är borttagen." in text_of(page.text)
    assert member_names(page.text) == []
    assert (await post_form(kim_http, f"{url}/iterationer", ITERATION)).status_code == 403
    assert (await kim_http.get(f"{url}/redigera")).status_code == 403
    log = await change_log(project.id)
    assert [entry["action"] for entry in log] == [
        "created",
        "member_added",
        "iteration_logged",
        "member_removed",
    ]
    assert log[1]["actor"] == "Testanvändare"
    assert log[2]["actor"] == "Kim Redaktör"
    assert log[1]["changes"] == {"members": [None, "Kim Redaktör"]}


async def test_adding_twice_or_removing_a_non_member_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    kim = await personas.kim()
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}"
    await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})
    await client.get(url)

    again = await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})
    assert again.status_code == 303
    assert "Personen var redan medlem." in text_of((await client.get(url)).text)

    lo = await personas.lo()
    not_member = await post_form(client, f"{url}/medlemmar/{lo.id}/ta-bort", {})
    assert not_member.status_code == 303
    assert "Personen var inte medlem." in text_of((await client.get(url)).text)
    assert await Membership.count() == 1


@pytest.mark.parametrize("who", ["reader", "admin", "unknown", "not-a-number", "empty"])
async def test_only_an_editor_can_be_made_a_member(
    who: str, client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    lo = await personas.lo()
    await personas.kim()  # an editor to choose, so the page has the form
    other_admin = await personas.make_account("Bo Admin", "admin")
    project = await make_project(catalogue)
    account_id = {
        "reader": str(lo.id),
        "admin": str(other_admin.id),
        "unknown": "9999",
        "not-a-number": "Kim",
        "empty": "",
    }[who]

    response = await post_form(
        client, f"/projekt/{project.id}/medlemmar", {"account_id": account_id}
    )

    assert response.status_code == 422
    assert field_error(response.text, "account_id") == "Välj en redaktör i listan."
    assert "<h1>Lägg till medlem</h1>" in response.text  # the member form's page again
    assert await Membership.count() == 0
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_a_refused_member_is_explained_even_when_no_editor_is_left(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    lo = await personas.lo()
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/medlemmar", {"account_id": str(lo.id)}
    )

    assert response.status_code == 422
    assert "Välj en redaktör i listan." in text_of(response.text)


async def test_a_huge_account_id_is_refused_not_a_server_error(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/medlemmar", {"account_id": str(2**40)}
    )

    assert response.status_code == 422


async def test_removing_a_huge_account_id_is_not_a_server_error(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(client, f"/projekt/{project.id}/medlemmar/{2**40}/ta-bort", {})

    assert response.status_code in (303, 404)


async def test_only_those_who_may_edit_see_the_edit_forms(
    client: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    catalogue: PhaseCatalogue,
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, actor=robin)
    url = f"/projekt/{project.id}"
    viewers = {
        "lo": client_as(await personas.lo()),
        "kim": client_as(await personas.kim()),
        "robin": client_as(robin),
        "alva": client,
    }

    pages = {name: (await http.get(url)).text for name, http in viewers.items()}

    for name in ("lo", "kim"):
        for control in EDIT_CONTROLS:
            assert control not in pages[name], f"{name} sees {control}"
        assert "ta-bort" not in pages[name]
        assert member_names(pages[name]) == ["Robin Redaktör"]  # members are visible to all
        assert "Checklista för Ringa in" in pages[name]
    for name in ("robin", "alva"):
        for control in EDIT_CONTROLS:
            assert control in pages[name], f"{name} does not see {control}"
        assert f'action="{url}/medlemmar/{robin.id}/ta-bort"' in pages[name]
    # Only editors who are not members yet can be chosen (Robin is one already).
    form = (await client.get(f"{url}/medlemmar/ny")).text
    options = re.findall(r'<option value="(\d+)"', form.split('id="account_id"', 1)[1])
    assert sorted(int(o) for o in options) == [await _id_of("kim")]


async def _id_of(first_name: str) -> int:
    row = (
        await Account.select(Account.id)
        .where(Account.email == f"{first_name}@kommun.example")
        .first()
    )
    assert row is not None
    return int(row["id"])


async def test_an_editor_who_creates_a_project_becomes_its_member(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    kim = client_as(await personas.kim())
    robin = client_as(await personas.robin())

    created = await post_form(kim, "/projekt", project_form())

    assert created.status_code == 303
    url = created.headers["location"]
    page = await kim.get(url)
    assert member_names(page.text) == ["Kim Redaktör"]
    assert (await kim.get(f"{url}/redigera")).status_code == 200
    assert (await robin.get(f"{url}/redigera")).status_code == 403
    assert await Project.count() == 1


async def test_a_member_may_add_another_editor(
    client_as: Callable[[Principal], httpx.AsyncClient], catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    kim = await personas.kim()
    project = await make_project(catalogue, actor=robin)

    response = await post_form(
        client_as(robin), f"/projekt/{project.id}/medlemmar", {"account_id": str(kim.id)}
    )

    assert response.status_code == 303
    assert (await client_as(kim).get(f"/projekt/{project.id}/redigera")).status_code == 200


# --- password rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "email", "message"),
    [
        ("kort", "", f"Lösenordet måste ha minst {MIN_LENGTH} tecken (nu 4)."),
        ("elva-tecken", "", "Lösenordet måste ha minst 12 tecken (nu 11)."),
        ("x" * 201, "", "Lösenordet får ha högst 200 tecken."),
        ("lösenord123", "", "Lösenordet måste ha minst 12 tecken (nu 11)."),
        ("Lösenord123!", "", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("lösenord12345", "", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("password1234", "", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("qwertyuiopå1", "", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("Valkommen2026", "", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        (
            "kim.berg-ekorre-2026",
            "kim.berg@kommun.example",
            "Lösenordet får inte innehålla din e-postadress.",
        ),
        (
            "aaaaaaaaaaaa",
            "",
            "Lösenordet är för lätt att gissa. Använd till exempel tre–fyra ord med bindestreck.",
        ),
    ],
)
def test_password_rules(password: str, email: str, message: str) -> None:
    assert password_problem(password, email=email) == message


@pytest.mark.parametrize(
    "password", ["granit-kanot-vinbar-17", "moln-cykel-kanel-hav", "Tre små grodor i Vättern!"]
)
def test_a_good_passphrase_passes(password: str) -> None:
    assert password_problem(password, email="kim.berg@kommun.example", name="Kim Berg") is None

"""Who may do what with dialogues: every dialogue route asked of every persona, and the
membership that lets an editor change a dialogue."""

from collections.abc import Callable

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from tests import personas
from tests.support import field_error, post_form, text_of
from tracker.accounts.memberships import add_member, is_member
from tracker.accounts.permissions import Principal
from tracker.dialogues import register
from tracker.dialogues.tables import Dialogue

from .factories import ACTOR, actions, make_dialogue

# (method, path) -> who it is for. {id} is a dialogue Robin is a member of.
ROUTES: dict[tuple[str, str], str] = {
    ("GET", "/dialoger"): "read",
    ("GET", "/dialoger/aterkoppling"): "read",
    ("GET", "/dialoger/{id}"): "read",
    ("GET", "/dialoger/ny"): "create",
    ("POST", "/dialoger"): "create",
    ("GET", "/dialoger/{id}/redigera"): "edit",
    ("POST", "/dialoger/{id}/redigera"): "edit",
    ("POST", "/dialoger/{id}/overgang"): "edit",
    ("POST", "/dialoger/{id}/niva"): "edit",
    ("POST", "/dialoger/{id}/tillfallen"): "edit",
    ("POST", "/dialoger/{id}/resultat"): "edit",
    ("POST", "/dialoger/{id}/dokument"): "edit",
    ("POST", "/dialoger/{id}/checklista"): "edit",
    ("GET", "/dialoger/{id}/projekt/ny"): "edit",
    ("POST", "/dialoger/{id}/projekt"): "edit",
    ("POST", "/dialoger/{id}/projekt/1/ta-bort"): "edit",
    ("GET", "/dialoger/{id}/medlemmar/ny"): "edit",
    ("POST", "/dialoger/{id}/medlemmar"): "edit",
    ("POST", "/dialoger/{id}/medlemmar/1/ta-bort"): "edit",
    ("GET", "/dialoger/{id}/arkivera"): "edit",
    ("POST", "/dialoger/{id}/arkivera"): "edit",
    ("POST", "/dialoger/{id}/aterstall"): "edit",
}
ALLOWED = {
    "read": {"lo", "kim", "robin", "alva"},
    "create": {"kim", "robin", "alva"},
    "edit": {"robin", "alva"},
}
# The dialogue's own routes: its controller's, and those made for it as for every record.
DIALOGUE_MODULES = {
    "tracker.dialogues.controller",
    "tracker.shared.link_routes",
    "tracker.shared.record_routes",
}
PERSONAS = {"lo": personas.lo, "kim": personas.kim, "robin": personas.robin, "alva": personas.alva}


def test_every_dialogue_route_is_in_the_table(app: Litestar) -> None:
    declared = {
        (method, path.replace("{id}", "{dialogue_id}").replace("/1/", "/{x}/"))
        for method, path in ROUTES
    }
    found = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/dialoger"):
            for method in route.methods - {"HEAD", "OPTIONS"}:
                handler = route.route_handler_map[method][0]
                if handler.fn.__module__ not in DIALOGUE_MODULES:
                    continue  # other areas' pages about a dialogue: tests/test_route_access.py
                path = route.path.replace("{project_id:int}", "{x}").replace(
                    "{account_id:int}", "{x}"
                )
                found.add((method, path.replace("{dialogue_id:int}", "{dialogue_id}")))
    assert found == declared


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
async def test_each_persona_gets_exactly_the_intended_access(
    client_as: Callable[[Principal], httpx.AsyncClient], persona: str, method: str, path: str
) -> None:
    robin = await personas.robin() if persona != "robin" else None
    user = await PERSONAS[persona]() if persona != "robin" else await personas.robin()
    member = robin or user
    dialogue = await make_dialogue(actor=member)  # made by Robin, who becomes a member
    assert await is_member(member, register.ENTITY, dialogue.id)
    http = client_as(user)
    url = path.replace("{id}", str(dialogue.id))

    if method == "GET":
        response = await http.get(url)
    else:
        response = await post_form(http, url, {"phase": "fore", "target": "inquiry"})

    expected = ROUTES[(method, path)]
    if persona in ALLOWED[expected]:
        assert response.status_code not in (401, 403), response.status_code
        assert response.status_code < 500
    else:
        assert response.status_code == 403
        assert "Du har inte behörighet" in text_of(response.text)


# An anonymous form post is answered with a 500 today (the error page's flash_messages() in
# tracker/web/templating.py pops the empty session); tests/test_route_access.py tracks it.
@pytest.mark.parametrize("path", sorted(path for method, path in ROUTES if method == "GET"))
async def test_an_anonymous_visitor_is_sent_to_sign_in(
    anonymous: httpx.AsyncClient, path: str
) -> None:
    dialogue = await make_dialogue()

    response = await anonymous.get(path.replace("{id}", str(dialogue.id)))

    assert response.status_code == 303
    assert response.headers["location"].startswith("/logga-in?nasta=%2Fdialoger")


@pytest.mark.parametrize(
    "dialogue_id",
    [
        str(2**31),
        str(2**40),
        "0",
        "999",
    ],
)
async def test_an_editor_asking_for_an_impossible_dialogue_gets_not_found_or_refused(
    client_as: Callable[[Principal], httpx.AsyncClient], dialogue_id: str
) -> None:
    kim = client_as(await personas.kim())

    page = await kim.get(f"/dialoger/{dialogue_id}")
    edit = await kim.get(f"/dialoger/{dialogue_id}/redigera")

    assert page.status_code == 404
    assert edit.status_code in (403, 404)


async def test_an_administrator_adds_and_removes_an_editor_as_member(
    client: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    dialogue = await make_dialogue()
    kim = await personas.kim()
    await personas.lo()

    page = await client.get(f"/dialoger/{dialogue.id}/medlemmar/ny")
    assert "Kim Redaktör (kim@kommun.example)" in page.text
    assert "Lo Läsare" not in page.text  # only editors can be members

    response = await post_form(client, f"/dialoger/{dialogue.id}/medlemmar", {"account_id": kim.id})
    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#medlemmar"
    assert await is_member(kim, register.ENTITY, dialogue.id)
    kim_http = client_as(kim)
    assert (await kim_http.get(f"/dialoger/{dialogue.id}/redigera")).status_code == 200

    removed = await post_form(client, f"/dialoger/{dialogue.id}/medlemmar/{kim.id}/ta-bort", {})
    assert removed.status_code == 303
    assert not await is_member(kim, register.ENTITY, dialogue.id)
    assert (await kim_http.get(f"/dialoger/{dialogue.id}/redigera")).status_code == 403
    assert (await actions(dialogue.id))[-2:] == ["member_added", "member_removed"]


@pytest.mark.parametrize("account_id", ["", "x", "999", "0", str(2**31), "9" * 25])
async def test_only_an_existing_editor_can_become_a_member(
    client: httpx.AsyncClient, account_id: str
) -> None:
    dialogue = await make_dialogue()
    lo = await personas.lo()

    for value in (account_id, str(lo.id)):
        response = await post_form(
            client, f"/dialoger/{dialogue.id}/medlemmar", {"account_id": value}
        )
        assert response.status_code == 422
        assert field_error(response.text, "account_id") == "Välj en redaktör i listan."
    assert await actions(dialogue.id) == ["created"]


# An id beyond the database's integers names no account at all: 404 (issue 13).
@pytest.mark.parametrize(
    ("account_id", "status"), [("999", 303), (str(2**31), 404), (str(2**62), 404)]
)
async def test_removing_someone_who_is_not_a_member_changes_nothing(
    client: httpx.AsyncClient, account_id: str, status: int
) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/medlemmar/{account_id}/ta-bort", {}
    )

    assert response.status_code == status
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert ("Personen var inte medlem." in page) == (status == 303)


async def test_membership_of_a_project_gives_no_right_to_a_dialogue(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    kim = await personas.kim()
    dialogue = await make_dialogue()
    await add_member("project", dialogue.id, kim.id, ACTOR, label="projektet X")

    response = await post_form(
        client_as(kim), f"/dialoger/{dialogue.id}/overgang", {"target": "inquiry"}
    )

    assert response.status_code == 403
    assert (await Dialogue.objects().get(Dialogue.id == dialogue.id)).state == "idea"  # type: ignore[union-attr]

"""Input that broke things for everyone (issue 13): control characters, ids the database cannot
hold, broken session cookies. Each is refused with a 4xx and a Swedish message, never a 500,
and nothing of it is stored."""

from __future__ import annotations

import random

import httpx
import pytest

from tests import personas
from tests.api.sheets import xlsx_rows
from tests.api.uploads import upload
from tests.dialogues.factories import dialogue_form, make_dialogue
from tests.factories import project_form
from tests.insights.factories import evidence_from, insight_on
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.db import fetch_rows
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import Theme
from tracker.text import CONTROL_MESSAGE
from tracker.transfer.schema import ColumnSpec
from tracker.transfer.values import from_file
from tracker.web.tabular import to_csv

MESSAGE_START = CONTROL_MESSAGE.split(".")[0]


async def test_a_nul_in_a_theme_name_is_refused_beside_the_field(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    await insight_on([await evidence_from(dialogue.id)], "Mörkt på skolvägen", themes=["Trygghet"])
    theme = (await Theme.select(Theme.id).first())["id"]  # type: ignore[index]
    entries = await ChangeLogEntry.count()

    response = await post_form(client, f"/teman/{theme}/namn", {"name": "Trygg\x00het"})

    assert response.status_code == 422
    assert MESSAGE_START in (field_error(response.text, f"name-{theme}") or "")
    assert [row["name"] for row in await Theme.select(Theme.name)] == ["Trygghet"]
    assert await ChangeLogEntry.count() == entries


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"])
async def test_a_control_character_in_a_form_is_refused_and_the_text_kept(
    client: httpx.AsyncClient, character: str
) -> None:
    response = await post_form(
        client, "/projekt", project_form(title=f"Ny{character} e-tjänst för bygglov")
    )

    assert response.status_code == 422
    assert MESSAGE_START in (field_error(response.text, "title") or "")
    assert field_value(response.text, "title") == "Ny e-tjänst för bygglov"
    assert await fetch_rows("SELECT id FROM project") == []


async def test_newlines_and_tabs_in_a_text_area_are_kept(client: httpx.AsyncClient) -> None:
    form = project_form(challenge="Första raden\r\n\tandra raden")

    response = await post_form(client, "/projekt", form)

    assert response.status_code == 303
    rows = await fetch_rows("SELECT challenge FROM project")
    assert "\n\tandra raden" in rows[0]["challenge"]


async def test_an_escape_among_a_dialogues_methods_is_refused(client: httpx.AsyncClient) -> None:
    form = [*dialogue_form().items(), ("methods", "Workshop\x1b")]

    response = await post_form(client, "/dialoger", form)

    assert response.status_code == 422
    assert MESSAGE_START in text_of(response.text)
    assert await Dialogue.count() == 0


async def test_the_export_survives_a_control_character_stored_before_the_forms_refused_it(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()
    await Dialogue.update({Dialogue.methods: ["Workshop\x1b", "Enkät"]}).where(
        Dialogue.id == dialogue.id
    )

    response = await client.get("/dialoger/export.xlsx")

    assert response.status_code == 200
    methods = xlsx_rows(response)[1][xlsx_rows(response)[0].index("Metoder")]
    assert methods == "Workshop; Enkät"


async def test_an_import_row_with_a_control_character_is_an_error_in_the_preview(
    client: httpx.AsyncClient,
) -> None:
    header = ["Namn", "Typ"]
    content = to_csv(header, [["Skid\x1bklubben", "Ideell förening"]])

    response = await upload(client, "/organisationer/import", "organisationer.csv", content)

    assert response.status_code == 422
    assert MESSAGE_START in text_of(response.text)
    assert await fetch_rows("SELECT id FROM organisation") == []


def test_tracker_import_refuses_a_control_character() -> None:
    column = ColumnSpec(name="title", kind="str", nullable=False, unique=False)

    with pytest.raises(ValueError, match="styrtecken"):
        from_file("Trygg\x1bhet", column)


@pytest.mark.parametrize(
    "address",
    [
        "/projekt?q=a%00b",
        "/sok?q=skola%1b",
        "/sok?%00=1",
        "/dialoger?namnd=%7f",
        "/insikter?tema=%00",
        "/dialoger?q=%00",
        "/admin/logg?fran=%00",
    ],
)
async def test_a_control_character_in_a_query_string_is_a_400_in_swedish(
    client: httpx.AsyncClient, address: str
) -> None:
    response = await client.get(address)

    assert response.status_code == 400
    assert "styrtecken" in text_of(response.text)


async def test_a_nul_in_an_api_filter_or_a_static_path_is_a_4xx(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    assert (await client.get("/api/v1/dialogues?q=a%00b")).status_code == 400
    assert (await client.get("/api/v1/projects?status=%00")).status_code == 400
    assert (await anonymous.get("/static/tracker%00.css")).status_code in (400, 404)


HUGE = ("2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999999")


@pytest.mark.parametrize("huge", HUGE)
async def test_an_id_beyond_the_databases_integers_is_a_404(
    client: httpx.AsyncClient, huge: str
) -> None:
    dialogue = await make_dialogue(state="held")
    pages = [
        f"/insikter/{huge}",
        f"/forandringar/{huge}",
        f"/dialoger/{huge}/kedjan",
        f"/samverkan/{huge}/kedjan",
        f"/projekt/{huge}",
        f"/api/v1/dialogues/{huge}",
    ]
    posts = [
        f"/insikter/{huge}",
        f"/teman/{huge}/namn",
        f"/teman/{huge}/sla-ihop",
        f"/dialoger/{dialogue.id}/underlag/{huge}/arkivera",
        f"/dialoger/{huge}/underlag",
    ]

    answers = [(page, (await client.get(page)).status_code) for page in pages]
    answers += [
        (path, (await post_form(client, path, {"name": "x"})).status_code) for path in posts
    ]

    assert [(path, status) for path, status in answers if status != 404] == []


async def test_a_damaged_session_cookie_signs_out_and_never_fails(
    client: httpx.AsyncClient,
) -> None:
    cookie = client.cookies[personas.SESSION_COOKIE]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_"
    rng = random.Random(13)
    statuses: dict[int, int] = {}
    for _ in range(300):
        at = rng.randrange(len(cookie))
        client.cookies.set(
            personas.SESSION_COOKIE, cookie[:at] + rng.choice(alphabet) + cookie[at + 1 :]
        )
        status = (await client.get("/projekt")).status_code
        statuses[status] = statuses.get(status, 0) + 1

    assert not [status for status in statuses if status >= 500], statuses


async def test_a_control_character_in_the_sign_in_email_is_refused_and_not_recorded(
    anonymous: httpx.AsyncClient,
) -> None:
    await anonymous.get("/logga-in")

    response = await post_form(
        anonymous, "/logga-in", {"email": "alva\x00@kommun.example", "password": "x"}
    )

    assert response.status_code == 400
    assert MESSAGE_START in (field_error(response.text, "email") or "")
    assert await fetch_rows("SELECT id FROM sign_in_attempt") == []

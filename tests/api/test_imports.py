"""Importing organisations and dialogues: a preview first, errors per row, then all or nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import httpx
from openpyxl import Workbook

from tests import personas
from tests.api.sheets import csv_rows
from tests.api.uploads import confirm, preview_token, upload
from tests.collaborations.factories import make_organisation
from tests.dialogues.factories import make_dialogue
from tests.support import text_of, wipe_rows
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.collaborations.exports import ORGANISATION_COLUMNS
from tracker.collaborations.tables import Organisation
from tracker.dialogues.tables import Dialogue
from tracker.web.tabular import MAX_IMPORT_BYTES, to_csv, to_xlsx

ORG_HEADER = list(ORGANISATION_COLUMNS)


def org_row(name: str, number: str = "", kind: str = "Ideell förening", idea: str = "ja") -> list:
    return ["", name, number, kind, "Idrott", idea, "info@klubb.example", "", ""]


async def _organisations() -> list[str]:
    return [row["name"] for row in await Organisation.select(Organisation.name)]


async def test_preview_shows_rows_to_create_and_saves_nothing(client: httpx.AsyncClient) -> None:
    content = to_csv(ORG_HEADER, [org_row("Skidklubben Norr"), org_row("Schackklubben")])

    response = await upload(client, "/organisationer/import", "organisationer.csv", content)

    assert response.status_code == 200
    page = text_of(response.text)
    assert "2 organisationer skapas" in page
    assert "Skidklubben Norr" in page and "Schackklubben" in page
    assert "Importera 2 organisationer" in page
    assert await _organisations() == []


async def test_preview_lists_errors_per_row_and_column(client: httpx.AsyncClient) -> None:
    await make_organisation()  # Föreningen Läslust, 802012-3454
    content = to_csv(
        ORG_HEADER,
        [
            org_row("Skidklubben Norr"),
            org_row("", kind="Okänd typ"),
            org_row("Föreningen Läslust"),
            org_row("Klubben", number="123456-7890", idea="kanske"),
        ],
    )

    response = await upload(client, "/organisationer/import", "organisationer.csv", content)

    assert response.status_code == 422
    page = text_of(response.text)
    assert "3 av 4 rader har fel" in page
    assert "3 Namn Skriv organisationens namn." in page
    assert "3 Typ ”Okänd typ” finns inte i listan." in page
    assert "4 Namn Det finns redan en organisation med det namnet." in page
    assert "5 Idéburen Skriv ja eller nej." in page
    assert "5 Organisationsnummer" in page
    assert 'name="forhandsgranskning"' not in response.text  # nothing to confirm
    assert await _organisations() == ["Föreningen Läslust"]


async def test_confirm_creates_exactly_the_previewed_rows_in_the_change_log(
    client: httpx.AsyncClient,
) -> None:
    content = to_xlsx(
        "Organisationer", ORG_HEADER, [org_row("Skidklubben Norr"), org_row("=Klubb")]
    )
    preview = await upload(client, "/organisationer/import", "organisationer.xlsx", content)

    response = await confirm(client, "/organisationer/import", preview_token(preview.text))

    assert response.status_code == 303 and response.headers["location"] == "/organisationer"
    assert sorted(await _organisations()) == ["=Klubb", "Skidklubben Norr"]
    logged = await ChangeLogEntry.select().where(ChangeLogEntry.entity_type == "organisation")
    assert len(logged) == 2 and {row["action"] for row in logged} == {"created"}
    followed = await client.get("/organisationer")
    assert "2 organisationer har importerats." in text_of(followed.text)


async def test_a_preview_is_confirmed_once(client: httpx.AsyncClient) -> None:
    content = to_csv(ORG_HEADER, [org_row("Skidklubben Norr")])
    token = preview_token((await upload(client, "/organisationer/import", "o.csv", content)).text)

    first = await confirm(client, "/organisationer/import", token)
    again = [await confirm(client, "/organisationer/import", token) for _ in range(2)]

    assert first.status_code == 303
    for response in again:
        assert response.status_code == 409
        assert "redan importerad" in text_of(response.text)
    assert await _organisations() == ["Skidklubben Norr"]


async def test_a_dialogue_preview_replayed_at_once_creates_its_rows_once(
    client: httpx.AsyncClient,
) -> None:
    await make_dialogue()
    content = (await client.get("/dialoger/export.csv")).content
    preview = await upload(client, "/dialoger/import", "d.csv", content)
    assert preview.status_code == 200, text_of(preview.text)
    token = preview_token(preview.text)

    responses = await asyncio.gather(
        *(confirm(client, "/dialoger/import", token) for _ in range(3))
    )

    assert sorted(r.status_code for r in responses) == [303, 409, 409]
    assert len(await Dialogue.select(Dialogue.id)) == 2  # the exported one and one import


async def test_a_changed_or_foreign_preview_is_refused(
    client: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    content = to_csv(ORG_HEADER, [org_row("Skidklubben Norr")])
    token = preview_token((await upload(client, "/organisationer/import", "o.csv", content)).text)
    kim = client_as(await personas.kim())

    tampered = await confirm(client, "/organisationer/import", token[:-3] + "abc")
    foreign = await confirm(kim, "/organisationer/import", token)
    other_kind = await confirm(client, "/dialoger/import", token)

    for response in (tampered, foreign, other_kind):
        assert response.status_code == 400
        assert "Ladda upp filen igen" in text_of(response.text)
    assert await _organisations() == []


async def test_confirm_checks_again_and_creates_nothing_if_a_row_became_wrong(
    client: httpx.AsyncClient,
) -> None:
    content = to_csv(ORG_HEADER, [org_row("Skidklubben Norr"), org_row("Schackklubben")])
    token = preview_token((await upload(client, "/organisationer/import", "o.csv", content)).text)
    await make_organisation(name="Schackklubben", org_number="")

    response = await confirm(client, "/organisationer/import", token)

    assert response.status_code == 422
    assert "Det finns redan en organisation med det namnet." in text_of(response.text)
    assert await _organisations() == ["Schackklubben"]


async def test_bad_files_get_a_swedish_message_never_a_500(client: httpx.AsyncClient) -> None:
    workbook = Workbook()
    workbook.active.append(["Titel", "Något annat"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cases = [
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "Välj en fil av typen CSV eller XLSX"),
        ("tom.csv", b"", "Filen är tom"),
        ("trasig.xlsx", b"PK\x03\x04 inte en arbetsbok", "Filen går inte att öppna som XLSX"),
        ("fel.xlsx", buffer.getvalue(), "kolumner som inte känns igen"),
        ("saknas.csv", "Namn;Idéburen\r\nKlubben;ja\r\n".encode(), "Filen saknar kolumnerna ”Typ”"),
        ("bara-rubrik.csv", to_csv(ORG_HEADER, []), "bara en rubrikrad"),
        ("stor.csv", b"Namn;Typ\r\n" + b"x" * MAX_IMPORT_BYTES, "Filen är för stor"),
        ("binar.csv", b"Namn;Typ\x00\x00\xff\xfe", "CSV"),
    ]
    for filename, content, message in cases:
        response = await upload(client, "/organisationer/import", filename, content)
        assert 400 <= response.status_code < 500, filename
        assert message in text_of(response.text), (filename, text_of(response.text)[:400])
    no_file = await client.post(
        "/organisationer/import", data={"_csrf_token": client.cookies["tracker-csrf"]}
    )
    assert no_file.status_code == 400
    assert await _organisations() == []


async def test_organisations_round_trip_through_export_and_import(
    client: httpx.AsyncClient,
) -> None:
    await make_organisation()
    await make_organisation(
        name="=Stiftelsen Ljus", org_number="", kind="stiftelse", idea_based=False, contact=""
    )
    exported = {}
    for kind in ("csv", "xlsx"):
        exported[kind] = (await client.get(f"/organisationer/export.{kind}")).content
    before = csv_rows(await client.get("/organisationer/export.csv"))

    for kind, content in exported.items():
        await wipe_rows()
        alva = await personas.alva()
        personas.sign_in(client, alva)
        preview = await upload(client, "/organisationer/import", f"org.{kind}", content)
        assert preview.status_code == 200, text_of(preview.text)[:500]
        await confirm(client, "/organisationer/import", preview_token(preview.text))

        after = csv_rows(await client.get("/organisationer/export.csv"))
        # The same records (new ids, not archived).
        assert [row[1:] for row in after] == [row[1:] for row in before], kind


async def test_dialogues_round_trip_through_export_and_import(
    client: httpx.AsyncClient,
) -> None:
    await make_dialogue(methods=["Enkät", "Fokusgrupp"], level_promised="konsultation")
    await make_dialogue(
        title="Brukarråd i hemtjänsten", kind="user", idea_source="official", related_decision=""
    )
    columns = slice(1, 13)  # what an import reads: not the id, state or dates of change
    for kind in ("csv", "xlsx"):
        content = (await client.get(f"/dialoger/export.{kind}")).content
        before = csv_rows(await client.get("/dialoger/export.csv"))
        await wipe_rows()
        personas.sign_in(client, await personas.alva())

        preview = await upload(client, "/dialoger/import", f"dialoger.{kind}", content)
        assert preview.status_code == 200, text_of(preview.text)[:500]
        assert "2 dialoger skapas" in text_of(preview.text)
        done = await confirm(client, "/dialoger/import", preview_token(preview.text))
        assert done.status_code == 303

        after = csv_rows(await client.get("/dialoger/export.csv"))
        assert sorted(row[columns] for row in after[1:]) == sorted(
            row[columns] for row in before[1:]
        ), kind
        states = {row["state"] for row in await Dialogue.select(Dialogue.state)}
        assert states == {"idea"}


async def test_dialogue_preview_uses_the_registration_rules(client: httpx.AsyncClient) -> None:
    header = [
        "Titel",
        "Typ",
        "Frågeställning",
        "Ansvarig nämnd",
        "Ansvarig förvaltning",
        "Idén kom från",
        "Syfte",
        "Målgrupper",
        "Planerat datum för beslutet",
        "Utlovad nivå",
    ]
    good = [
        "Lekplats",
        "Medborgardialog",
        "Hur?",
        "Tekniska nämnden",
        "MSF",
        "Invånare",
        "Underlag",
        "Barn",
        "2026-10-01",
        "Dialog",
    ]
    bad = [
        "",
        "Stormöte",
        "Hur?",
        "Tekniska nämnden",
        "MSF",
        "Invånare",
        "Ring Anna på 070-123 45 67",
        "Barn",
        "1 oktober",
        "Högsta",
    ]
    content = to_csv(header, [good, bad])

    response = await upload(client, "/dialoger/import", "dialoger.csv", content)

    assert response.status_code == 422
    page = text_of(response.text)
    assert "1 av 2 rader har fel" in page
    assert "3 Titel Skriv dialogens titel." in page
    assert "3 Typ ”Stormöte” finns inte i listan." in page
    assert "3 Planerat datum för beslutet" in page
    assert "3 Utlovad nivå ”Högsta” finns inte i listan." in page
    assert "3 Syfte" in page  # personal data refused, as in the form
    assert await Dialogue.count() == 0


async def test_a_reader_may_not_import(client_as: Callable[[Principal], httpx.AsyncClient]) -> None:
    lo = client_as(await personas.lo())
    assert (await lo.get("/dialoger/import")).status_code == 403
    content = to_csv(ORG_HEADER, [org_row("Skidklubben Norr")])
    assert (await upload(lo, "/organisationer/import", "o.csv", content)).status_code == 403


async def test_the_upload_page_is_a_real_form_with_a_labelled_file_field(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    kim = client_as(await personas.kim())
    response = await kim.get("/dialoger/import")

    assert response.status_code == 200
    html = response.text
    assert 'enctype="multipart/form-data"' in html and 'method="post"' in html
    assert 'name="_csrf_token"' in html
    assert '<label class="label" for="fil">' in html and 'id="fil"' in html
    page = text_of(html)
    assert "Importera dialoger" in page and "Ingenting sparas förrän du bekräftar" in page
    assert "Titel (måste fyllas i)" in page

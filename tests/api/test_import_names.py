"""The import preview when a cell looks like a resident's name (issue 14): it names the row,
the column and what looked like a name, lets the user confirm a false positive with a reason
and import, with the reason in each record's change log; a real name is refused until the
file is corrected."""

from __future__ import annotations

import json
import re
from html import unescape

import httpx

from tests.api.test_import_name_rules import HEADER, confirm, dialogue
from tests.api.uploads import post_back, preview_token, upload
from tests.support import text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.dialogues.tables import Dialogue
from tracker.web.tabular import to_csv

URL = "/dialoger/import"
FILE = to_csv(
    HEADER,
    [
        dialogue("Parken", question="Ska statyn av Kalle Anka stå kvar?"),
        dialogue("Skolvägen"),
        dialogue("Bussen", purpose="Anna Svensson sa att bussen är sen."),
    ],
)
KALLE = confirm(2, "question", "Kalle Anka", "En seriefigur")
BUSSEN = confirm(4, "purpose", "Anna Svensson", "Namnet på busslinjen")


async def _post(client: httpx.AsyncClient, data: dict[str, str]) -> httpx.Response:
    return await post_back(client, URL, data)


def _hidden(html: str, marker: str) -> dict[str, str]:
    """The hidden fields of the page's form that holds `marker`, as the browser sends them."""
    form = next(part for part in html.split("<form ")[1:] if marker in part.split("</form>")[0])
    return {
        name: unescape(value)
        for name, value in re.findall(
            r'type="hidden" name="([^"]+)" value="([^"]*)"', form.split("</form>")[0]
        )
        if name != "_csrf_token"
    }


async def test_the_preview_names_each_cell_that_looks_like_a_name(
    client: httpx.AsyncClient,
) -> None:
    response = await upload(client, URL, "dialoger.csv", FILE)

    assert response.status_code == 422
    page = text_of(response.text)
    assert "2 av 3 rader har fel" in page
    assert "Kontrollera det som ser ut som namn" in page
    assert "Rad 2, frågeställning: ”Kalle Anka” Ska statyn av Kalle Anka stå kvar?" in page
    assert "Rad 4, syfte: ”Anna Svensson” Anna Svensson sa att bussen är sen." in page
    assert 'name="rad-2-question-inget-namn"' in response.text
    assert 'name="rad-4-purpose-skal"' in response.text
    assert "Granska igen" in page
    assert "Importera 3 dialoger" not in page
    assert await Dialogue.count() == 0


async def test_a_confirmation_without_a_reason_is_asked_for_again(
    client: httpx.AsyncClient,
) -> None:
    token = preview_token((await upload(client, URL, "dialoger.csv", FILE)).text)

    response = await _post(
        client,
        {"forhandsgranskning": token, **confirm(2, "question", "Kalle Anka"), "steg": "granska"},
    )

    assert response.status_code == 422
    assert 'id="rad-2-question-inget-namn" name="rad-2-question-inget-namn" value="ja" checked' in (
        response.text
    )
    error = re.search(r'id="rad-2-question-error">(.*?)</p>', response.text, flags=re.S)
    assert error and "Skriv varför ”Kalle Anka” inte är namnet på en person." in text_of(error[1])
    assert await Dialogue.count() == 0


async def test_confirmed_names_are_imported_with_their_reasons_in_the_change_log(
    client: httpx.AsyncClient,
) -> None:
    token = preview_token((await upload(client, URL, "dialoger.csv", FILE)).text)

    reviewed = await _post(
        client, {"forhandsgranskning": token, **KALLE, **BUSSEN, "steg": "granska"}
    )
    assert reviewed.status_code == 200
    page = text_of(reviewed.text)
    assert "3 dialoger skapas. Ingenting är sparat ännu." in page
    assert "2 Frågeställning Kalle Anka En seriefigur" in page
    assert "4 Syfte Anna Svensson Namnet på busslinjen" in page
    assert await Dialogue.count() == 0
    imported = await _post(client, _hidden(reviewed.text, "Importera 3 dialoger"))

    assert imported.status_code == 303
    titles = {row["title"]: row["id"] for row in await Dialogue.select(Dialogue.title, Dialogue.id)}
    assert sorted(titles) == ["Bussen", "Parken", "Skolvägen"]
    entries = await ChangeLogEntry.select(ChangeLogEntry.entity_id, ChangeLogEntry.changes).where(
        (ChangeLogEntry.entity_type == "dialogue") & (ChangeLogEntry.action == "created")
    )
    changes = {
        row["entity_id"]: json.loads(row["changes"])
        if isinstance(row["changes"], str)
        else row["changes"]
        for row in entries
    }
    assert changes[titles["Parken"]]["name-confirmed:question"] == ["Kalle Anka", "En seriefigur"]
    assert changes[titles["Bussen"]]["name-confirmed:purpose"] == [
        "Anna Svensson",
        "Namnet på busslinjen",
    ]
    assert not any(key.startswith("name-confirmed") for key in changes[titles["Skolvägen"]] or {})
    log = text_of((await client.get("/admin/logg")).text)
    assert "Kalle Anka" in log and "skäl: En seriefigur" in log


async def test_a_real_name_is_refused_until_the_file_is_corrected(
    client: httpx.AsyncClient,
) -> None:
    token = preview_token((await upload(client, URL, "dialoger.csv", FILE)).text)

    reviewed = await _post(client, {"forhandsgranskning": token, **KALLE, "steg": "granska"})
    forced = await _post(client, {"forhandsgranskning": token, **KALLE})  # "import" anyway

    for response in (reviewed, forced):
        assert response.status_code == 422
        page = text_of(response.text)
        assert "1 av 3 rader har fel" in page
        assert "4 Syfte ”Anna Svensson” ser ut som ett namn" in page
        assert "Importera 3 dialoger" not in page
        assert "Ladda upp den rättade filen" in page
    assert await Dialogue.count() == 0
    corrected = to_csv(
        HEADER,
        [
            dialogue("Parken", question="Ska statyn av Kalle Anka stå kvar?"),
            dialogue("Bussen", purpose="En resenär sa att bussen är sen."),
        ],
    )
    carried = _hidden(reviewed.text, 'type="file"')  # the upload form keeps the confirmation
    assert carried == {
        "rad-2-question-inget-namn": "ja",
        "rad-2-question-skal": "En seriefigur",
        "rad-2-question-flaggat": "Kalle Anka",
    }
    again = await upload(client, URL, "dialoger.csv", corrected, carried)
    assert again.status_code == 200
    page = text_of(again.text)
    assert "2 dialoger skapas." in page and "2 Frågeställning Kalle Anka En seriefigur" in page
    fresh = await upload(client, URL, "dialoger.csv", corrected)  # without: asked again
    assert fresh.status_code == 422 and "Rad 2, frågeställning: ”Kalle Anka”" in text_of(fresh.text)

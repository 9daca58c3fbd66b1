"""The exports open as files and hold the rows, with the same columns on CSV and XLSX."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import load_workbook

from tracker.collaborations.exports import COLLABORATION_COLUMNS, ORGANISATION_COLUMNS

from .factories import make_collaboration, make_organisation


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM, for Swedish Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response: httpx.Response) -> list[list[object]]:
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_organisations_export_to_csv_and_xlsx(client: httpx.AsyncClient) -> None:
    await make_organisation()
    await make_organisation(
        name="=Stiftelsen Ljus", org_number="", kind="stiftelse", idea_based=False
    )

    rows = _csv(await client.get("/organisationer/export.csv"))
    sheet = _xlsx(await client.get("/organisationer/export.xlsx"))

    assert rows[0] == list(ORGANISATION_COLUMNS)
    assert [row[1] for row in rows[1:]] == ["Föreningen Läslust", "'=Stiftelsen Ljus"]
    assert rows[1][2:6] == [
        "802012-3454",
        "Ideell förening",
        "Läsfrämjande för barn och unga",
        "ja",
    ]
    assert sheet[0] == list(ORGANISATION_COLUMNS)
    assert sheet[1][1] == "Föreningen Läslust"
    assert sheet[2][1] == "=Stiftelsen Ljus"  # kept as text, never run as a formula
    assert len(sheet) == 3


async def test_collaborations_export_respects_the_filters(client: httpx.AsyncClient) -> None:
    first = await make_organisation()
    second = await make_organisation(name="Stiftelsen Ljus", org_number="", kind="stiftelse")
    await make_collaboration([first.id, second.id])
    await make_collaboration([first.id], title="Dialogforum för äldre", form="dialogforum")

    everything = _csv(await client.get("/samverkan/export.csv"))
    filtered = _csv(await client.get("/samverkan/export.csv?form=iop"))
    sheet = _xlsx(await client.get("/samverkan/export.xlsx?form=iop"))

    assert everything[0] == list(COLLABORATION_COLUMNS)
    assert len(everything) == 3
    assert len(filtered) == 2
    row = dict(zip(filtered[0], filtered[1], strict=True))
    assert row["Titel"] == "Läxhjälp på biblioteket"
    assert row["Form"] == "IOP – idéburet offentligt partnerskap"
    assert row["Organisationer"] == "Föreningen Läslust; Stiftelsen Ljus"
    assert row["Startdatum"] == "2026-01-01" and row["Status"] == "Pågående"
    assert sheet[0] == list(COLLABORATION_COLUMNS)
    assert sheet[1][1] == "Läxhjälp på biblioteket" and len(sheet) == 2


async def test_an_empty_export_still_has_its_header(client: httpx.AsyncClient) -> None:
    assert _csv(await client.get("/samverkan/export.csv")) == [list(COLLABORATION_COLUMNS)]
    assert _xlsx(await client.get("/organisationer/export.xlsx")) == [list(ORGANISATION_COLUMNS)]

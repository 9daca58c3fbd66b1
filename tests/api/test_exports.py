"""Every register list exports to CSV and XLSX with the list page's current filters."""

from __future__ import annotations

from datetime import date

import httpx

from tests.api.chain import make_chain
from tests.api.sheets import as_dicts, csv_rows, xlsx_rows
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tracker.api.rows import (
    CHANGE_COLUMNS,
    DIALOGUE_COLUMNS,
    INSIGHT_COLUMNS,
    LEDGER_COLUMNS,
    PROJECT_COLUMNS,
)
from tracker.clock import today
from tracker.db import QUERIES
from tracker.dialogues.rules import State
from tracker.phases.catalogue import PhaseCatalogue


async def test_projects_export_all_rows_with_the_filters(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for n in range(30):  # more than one page of the list
        await make_project(catalogue, title=f"Projekt {n:02}")
    await make_project(catalogue, title="=Pausat", status="paused", current_step="fokusera")

    everything = csv_rows(await client.get("/projekt/export.csv"))
    paused = csv_rows(await client.get("/projekt/export.csv?status=paused"))
    searched = xlsx_rows(await client.get("/projekt/export.xlsx?q=projekt+0&sortera=title"))

    assert everything[0] == list(PROJECT_COLUMNS)
    assert len(everything) == 32
    row = as_dicts(paused)[0]
    assert len(paused) == 2
    assert row["Titel"] == "'=Pausat"  # never run as a formula
    assert row["Status"] == "Pausad" and row["Steg"] == "Fokusera"
    assert row["Iterationer"] == "0"
    assert searched[0] == list(PROJECT_COLUMNS)
    assert [r[1] for r in searched[1:]] == [f"Projekt 0{n}" for n in range(10)]


async def test_dialogues_export_holds_the_columns_an_import_reads(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_dialogue(methods=["Enkät", "Fokusgrupp"], level_promised="konsultation")
    await make_dialogue(title="Brukarråd i hemtjänsten", kind="user")

    rows = csv_rows(await client.get("/dialoger/export.csv"))
    users = xlsx_rows(await client.get("/dialoger/export.xlsx?typ=user"))

    assert rows[0] == list(DIALOGUE_COLUMNS)
    by_title = {row["Titel"]: row for row in as_dicts(rows)}
    first = by_title["Trygghet i centrum"]
    assert first["Typ"] == "Medborgardialog" and first["Idén kom från"] == "Förtroendevald"
    assert first["Utlovad nivå"] == "Konsultation"
    assert first["Metoder"] == "Enkät; Fokusgrupp"
    assert first["Planerat datum för beslutet"] == "2026-09-01"
    assert first["Status"] == "Idé"
    assert [row[1] for row in users[1:]] == ["Brukarråd i hemtjänsten"]


async def test_the_feedback_ledger_exports_what_is_due_overdue_and_given(
    client: httpx.AsyncClient,
) -> None:
    await make_dialogue(title="Försenad", state=State.DECIDED, feedback_due=date(2026, 4, 30))
    await make_dialogue(title="Given", state=State.FED_BACK, feedback_due=date(2026, 6, 30))

    rows = as_dicts(csv_rows(await client.get("/dialoger/aterkoppling/export.csv")))
    overdue = xlsx_rows(await client.get("/dialoger/aterkoppling/export.xlsx?status=overdue"))

    by_title = {row["Titel"]: row for row in rows}
    assert by_title["Försenad"]["Läge"] == "Försenad"
    assert int(by_title["Försenad"]["Dagar försenad"]) == (today() - date(2026, 4, 30)).days
    assert by_title["Given"]["Läge"] == "Återkopplad"
    assert by_title["Given"]["Återkopplad till invånarna"] == "2026-06-01"
    assert overdue[0] == list(LEDGER_COLUMNS)
    assert [row[1] for row in overdue[1:]] == ["Försenad"]


async def test_insights_export_with_themes_and_counts(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue)
    await make_chain(catalogue, suffix=" i parken")

    rows = as_dicts(csv_rows(await client.get("/insikter/export.csv")))
    searched = xlsx_rows(await client.get("/insikter/export.xlsx?q=parken"))

    assert len(rows) == 2
    assert rows[0]["Teman"] == "Belysning; Trygghet"
    assert rows[0]["Projekt som använder den"] == "1" and rows[0]["Förändringar"] == "1"
    assert searched[0] == list(INSIGHT_COLUMNS)
    assert [row[1] for row in searched[1:]] == [
        "Föräldrar känner sig otrygga på skolvägen i parken"
    ]


async def test_service_changes_export_with_project_status_and_insight_count(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    chain = await make_chain(catalogue)

    page = await client.get("/forandringar?status=idea")
    assert 'href="/forandringar/export.csv?status=idea"' in page.text
    rows = as_dicts(csv_rows(await client.get("/forandringar/export.csv")))
    introduced = xlsx_rows(await client.get("/forandringar/export.xlsx?status=implemented"))

    assert rows == [
        {
            "Id": str(chain.change_id),
            "Förändring": "Bättre belysning på skolvägen",
            "Projekt": "Enklare ansökan om bygglov",
            "Status": "Idé",
            "Sedan": "2026-05-01",
            "Insikter": "1",
        }
    ]
    assert introduced == [list(CHANGE_COLUMNS)]  # the status filter is kept


async def test_exports_send_the_same_number_of_queries_for_few_and_many_rows(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    paths = [
        f"{base}/export.{kind}"
        for base in (
            "/projekt",
            "/dialoger",
            "/dialoger/aterkoppling",
            "/insikter",
            "/forandringar",
        )
        for kind in ("csv", "xlsx")
    ]
    await make_chain(catalogue)

    async def counts() -> list[int]:
        found = []
        for path in paths:
            QUERIES.reset()
            assert (await client.get(path)).status_code == 200
            found.append(QUERIES.count)
        return found

    small = await counts()
    for n in range(5):
        await make_chain(catalogue, suffix=f" {n}")
    assert await counts() == small


async def test_an_empty_export_still_has_its_header(client: httpx.AsyncClient) -> None:
    assert csv_rows(await client.get("/projekt/export.csv")) == [list(PROJECT_COLUMNS)]
    assert xlsx_rows(await client.get("/insikter/export.xlsx")) == [list(INSIGHT_COLUMNS)]

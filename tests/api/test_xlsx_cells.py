"""XLSX exports open well in Excel: real dates, numbers as numbers, a filter, a frozen header."""

from __future__ import annotations

import io
from datetime import date, datetime

import httpx
from openpyxl import load_workbook

from tests.api.sheets import csv_rows
from tests.factories import make_project
from tracker.api.rows import PROJECT_COLUMNS
from tracker.phases.catalogue import PhaseCatalogue


async def test_the_project_export_has_date_cells_numbers_a_filter_and_a_frozen_header(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Enklare bygglov", start_date=date(2026, 1, 12))

    response = await client.get("/projekt/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=header.index("Startdatum") + 1)
    ident = sheet.cell(row=2, column=1)

    assert isinstance(start.value, datetime) and start.value.date() == date(2026, 1, 12)
    assert start.number_format == "yyyy-mm-dd"
    assert isinstance(ident.value, int)
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=2, column=len(header)).coordinate}"
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    assert all(10 <= width <= 63 for width in widths)


async def test_the_csv_keeps_dates_as_text(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, start_date=date(2026, 1, 12))

    rows = csv_rows(await client.get("/projekt/export.csv"))

    assert rows[0] == list(PROJECT_COLUMNS)
    assert rows[1][PROJECT_COLUMNS.index("Startdatum")] == "2026-01-12"

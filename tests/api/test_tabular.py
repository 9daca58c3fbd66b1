"""Reading uploaded tables: what Excel and other programs actually save."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from tracker.web.tabular import TableProblem, read_table, to_csv, to_xlsx


def test_an_exported_csv_reads_back_with_formulas_defused_and_undone() -> None:
    content = to_csv(["Namn", "Anteckningar"], [["=Klubben", "-5 grader"], ["Vanlig", ""]])

    assert read_table("export.csv", content) == [
        (1, ["Namn", "Anteckningar"]),
        (2, ["=Klubben", "-5 grader"]),
        (3, ["Vanlig", ""]),
    ]


def test_comma_separated_and_windows_encoded_files_are_read() -> None:
    content = "Namn,Typ\r\nFöreningen Å,Stiftelse\r\n".encode("cp1252")

    assert read_table("gammal.csv", content) == [
        (1, ["Namn", "Typ"]),
        (2, ["Föreningen Å", "Stiftelse"]),
    ]


def test_empty_rows_are_skipped_but_row_numbers_stay_true_to_the_file() -> None:
    content = b"Namn;Typ\r\n;\r\nKlubben;Stiftelse\r\n"

    assert read_table("glest.csv", content) == [(1, ["Namn", "Typ"]), (3, ["Klubben", "Stiftelse"])]


def test_xlsx_dates_numbers_and_booleans_become_text() -> None:
    workbook = Workbook()
    workbook.active.append(["Datum", "Antal", "Idéburen"])
    workbook.active.append([datetime(2026, 3, 15), 12.0, True])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert read_table("a.xlsx", buffer.getvalue())[1] == (2, ["2026-03-15", "12", "ja"])


def test_an_exported_xlsx_reads_back() -> None:
    content = to_xlsx("Blad", ["Namn", "Nummer"], [["=Klubben", "802012-3454"]])

    assert read_table("a.xlsx", content) == [
        (1, ["Namn", "Nummer"]),
        (2, ["=Klubben", "802012-3454"]),
    ]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("a.pdf", b"%PDF-1.7", "Välj en fil av typen CSV eller XLSX"),
        ("a.csv", b"", "Filen är tom"),
        ("a.xlsx", b"inte zip", "Filen går inte att öppna som XLSX"),
        ("a.csv", b"a;b\x00", "inte en CSV-fil"),
        ("a.csv", b"Namn\r\n" + b"x\r\n" * 2100, "för många rader"),
    ],
)
def test_files_that_are_not_tables_are_refused_in_swedish(
    filename: str, content: bytes, message: str
) -> None:
    with pytest.raises(TableProblem, match=message):
        read_table(filename, content)

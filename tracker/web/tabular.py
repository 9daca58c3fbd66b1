"""Tables in and out as CSV and XLSX: the registers' exports and the imports that read them back.

CSV is written for Swedish Excel: UTF-8 with a byte-order mark, semicolons between fields and
CRLF line ends. A text that starts with = + - @ gets a leading apostrophe so a spreadsheet never
runs it as a formula; reading strips it again. XLSX cells hold every text as text, dates as
real date cells (shown 2026-03-15) and whole numbers as numbers, with a filter on the header
row, the header frozen and columns as wide as their content.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from litestar import Request, Response
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tracker.clock import SWEDISH_TIME
from tracker.text import clean
from tracker.web.spreadsheet_limits import MAX_CELLS_PER_ROW, SpreadsheetRefused, check_xlsx

# Litestar adds "; charset=utf-8" to a text/* media type itself: name it here once more and
# the header says it twice.
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 2 * 1024 * 1024  # 2 MB: thousands of rows, far below any memory concern
MAX_IMPORT_ROWS = 2000
DATE_FORMAT = "yyyy-mm-dd"


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_safe(value) for value in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def send_table(
    request: Request[Any, Any, Any],
    filename: str,
    title: str,
    header: Sequence[str],
    rows: list[list[Any]],
) -> Response[bytes]:
    """A register's export as the file its path asks for: `….csv` as CSV, `….xlsx` as XLSX
    (`filename` without its ending; `title` names the XLSX sheet)."""
    if request.url.path.rsplit(".", 1)[-1] == "csv":
        return download(to_csv(header, rows), CSV_TYPE, f"{filename}.csv")
    return download(to_xlsx(title, header, rows), XLSX_TYPE, f"{filename}.xlsx")


def _xml_safe(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


def to_xlsx(title: str, header: Sequence[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # clean(): a control character stored before the forms refused them would make
        # openpyxl refuse the whole file.
        sheet.append([None if value == "" else _xml_safe(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        width = max(len(_shown(cell.value)) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, 8) + 3, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return "2026-03-15"
    return "" if value is None else str(value)


def download(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def day(value: Any) -> date | str:
    """A date or timestamp as a date (the Swedish date for timestamps; SQLite may hand over
    either as text), or empty. CSV writes it 2026-03-15, XLSX as a date cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(SWEDISH_TIME).date()
    if isinstance(value, date):
        return value
    return str(value)


# --- reading -----------------------------------------------------------------------------------


class TableProblem(ValueError):
    """A file that cannot be read as a table; the message is for the user, in Swedish."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unescaped(text: str) -> str:
    """Undo the export's apostrophe before a formula character."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableProblem(
                "Filen går inte att läsa som text. Spara den som CSV (UTF-8)."
            ) from error
    if "\x00" in text:
        raise TableProblem("Filen är inte en CSV-fil. Välj en CSV- eller XLSX-fil.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise TableProblem("Filen går inte att läsa som CSV. Kontrollera citattecknen.") from error


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        check_xlsx(content)  # bounded before openpyxl builds anything
    except SpreadsheetRefused as refused:
        raise TableProblem(str(refused)) from refused
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableProblem(
            "Filen går inte att öppna som XLSX. Spara den på nytt i Excel."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # max_col: a cell far to the right, or a <dimension> that claims one, would otherwise
        # widen every row to it.
        for row in sheet.iter_rows(max_col=MAX_CELLS_PER_ROW, values_only=True):
            cells = [_cell_text(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(filename: str, content: bytes) -> list[tuple[int, list[str]]]:
    """The rows of an uploaded CSV or XLSX file as text, each with its row number in the file
    (the header row first; empty rows are left out but do not change the numbers)."""
    if not content:
        raise TableProblem("Filen är tom. Välj en CSV- eller XLSX-fil med en rubrikrad.")
    if len(content) > MAX_IMPORT_BYTES:
        raise TableProblem(
            f"Filen är för stor. Den får vara högst {MAX_IMPORT_BYTES // (1024 * 1024)} MB."
        )
    name = filename.lower()
    if name.endswith(".xlsx") or content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(content)
    else:
        raise TableProblem("Välj en fil av typen CSV eller XLSX.")
    table = [
        (number, [_unescaped(cell.strip()) for cell in row])
        for number, row in enumerate(rows, start=1)
        if any(cell.strip() for cell in row)
    ]
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise TableProblem(
            f"Filen har för många rader. Importera högst {MAX_IMPORT_ROWS} rader åt gången."
        )
    return table

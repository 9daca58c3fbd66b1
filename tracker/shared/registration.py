"""Registration (diarieföring) of the records that are official documents: a dialogue (the
board's decision), a collaboration (the agreement) and a report. Each carries a diarienummer in
the municipality's own format (`lists/diarium.toml`, checked at start-up), the date it was
registered (not in the future) and a secrecy marking (sekretess: none, or the OSL provision as
free text). A diarienummer is unique per kind of record.

The rules are plain functions; the forms read the three fields with `read_registration`, and
`duplicate_problem` asks the database whether another record of the kind has the number."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from piccolo.columns import Column
from piccolo.table import Table

from tracker import datafiles as df
from tracker.datafiles import DataFileError
from tracker.db import is_postgres
from tracker.settings import get_settings
from tracker.web.forms import Fields

T = TypeVar("T")

FILE_NAME = "diarium.toml"
MAX_LENGTH = 50
SECRECY_MAX = 200
FIELD_LABELS = {
    "diarienummer": "diarienummer",
    "registered_on": "registreringsdatum",
    "secrecy": "sekretess",
}


@dataclass(frozen=True, slots=True)
class Diarium:
    """The municipality's format for a diarienummer."""

    pattern: re.Pattern[str]
    example: str
    description: str = ""

    def problem(self, number: str) -> str | None:
        if self.pattern.fullmatch(number):
            return None
        described = f" ({self.description})" if self.description else ""
        return (
            f"Diarienumret ”{number}” följer inte kommunens format{described}. "
            f"Skriv det som till exempel ”{self.example}”."
        )


def load_diarium(path: Path) -> Diarium:
    shown = df.shown_path(path, path.parent)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("pattern", "example", "description"), "", fail)
    raw = df.text(df.required(data, "pattern", "", fail), "pattern", fail)
    try:
        pattern = re.compile(raw)
    except re.error as error:
        raise fail("pattern", f"är inte ett giltigt reguljärt uttryck ({error})") from error
    example = df.text(df.required(data, "example", "", fail), "example", fail)
    if not pattern.fullmatch(example):
        raise fail("example", f"”{example}” följer inte mönstret i pattern")
    description = df.text(data["description"], "description", fail) if "description" in data else ""
    return Diarium(pattern, example, description)


@cache
def _load(path: Path) -> Diarium:
    return load_diarium(path)


def diarium(lists_dir: Path | None = None) -> Diarium:
    """The format in the lists folder (read once, checked at start-up by the app)."""
    return _load((lists_dir or get_settings().lists_dir) / FILE_NAME)


def normal_number(typed: str) -> str:
    """A diarienummer as stored: white space folded."""
    return " ".join(typed.split())


@dataclass(frozen=True, slots=True)
class Registration:
    diarienummer: str | None = None
    registered_on: date | None = None
    secrecy: str = ""  # "" for none; otherwise the OSL provision, e.g. "OSL 21 kap. 7 §"

    def values(self) -> dict[str, Any]:
        return {
            "diarienummer": self.diarienummer,
            "registered_on": self.registered_on,
            "secrecy": self.secrecy,
        }


def read_registration(f: Fields, *, required: bool = False) -> Registration:
    """The three fields of a form; messages beside the fields. `required`: the number must be
    given (a report always has one); otherwise a record may be unregistered."""
    typed = normal_number(f.text("diarienummer", max_length=MAX_LENGTH))
    if not typed and required:
        f.error("diarienummer", f"Skriv diarienumret, till exempel ”{diarium().example}”.")
    elif typed and (problem := diarium().problem(typed)):
        f.error("diarienummer", problem)
    registered_on, secrecy = read_date_and_secrecy(f)
    if registered_on and not typed and "diarienummer" not in f.errors:
        f.error(
            "registered_on",
            "Ett registreringsdatum hör till ett diarienummer. Skriv diarienumret, eller töm "
            "registreringsdatumet.",
        )
    return Registration(typed or None, registered_on, secrecy)


def read_date_and_secrecy(f: Fields) -> tuple[date | None, str]:
    """The registration date (not in the future) and the secrecy marking of a form."""
    registered_on = f.date("registered_on", label="Registreringsdatumet", happened=True)
    return registered_on, f.text("secrecy", max_length=SECRECY_MAX)


async def holder(table: type[Table], number: str | None, own_id: int | None) -> Any | None:
    """The other record of `table` registered under `number` (its id and title), if any."""
    if not number:
        return None
    column = table._meta.get_column_by_name("diarienummer")
    query = table.select(table._meta.primary_key, table._meta.get_column_by_name("title")).where(
        column == number
    )
    if own_id is not None:
        query = query.where(table._meta.primary_key != own_id)
    return await query.first()


async def duplicate_problem(
    f: Fields, table: type[Table], what: str, number: str | None, own_id: int | None = None
) -> bool:
    """Refuse a diarienummer another record of the kind has (`what`: "dialogen"), naming it;
    True when refused."""
    other = await holder(table, number, own_id)
    if other is None:
        return False
    f.error(
        "diarienummer",
        f"Diarienumret {number} används redan av {what} ”{other['title']}”. Kontrollera "
        "numret: det får bara höra till en sådan handling.",
    )
    return True


async def unique_or_refused(
    read: tuple[T | None, Fields], table: type[Table], what: str, own_id: int | None = None
) -> tuple[T | None, Fields]:
    """A form's reading, refused (None) when its diarienummer belongs to another record."""
    data, fields = read
    if data is not None and await duplicate_problem(
        fields, table, what, getattr(data, "diarienummer", None), own_id
    ):
        return None, fields
    return data, fields


def holds(column: Column, term: str) -> Any:
    """`column` holds `term` (a LIKE term, `tracker.text.like_term`) in any case: ILIKE on
    PostgreSQL, LIKE on SQLite (where LIKE ignores case already)."""
    pattern = f"%{term}%"
    return column.ilike(pattern) if is_postgres() else column.like(pattern)


def title_or_number(title_search: Column, diarienummer: Column, term: str) -> Any:
    """A list's search: the title (its lower-case copy) or the diarienummer holds `term`."""
    return title_search.like(f"%{term}%") | holds(diarienummer, term)


EXPORT_COLUMNS = ("Diarienummer", "Registreringsdatum", "Sekretess")


def export_cells(row: Mapping[str, Any]) -> list[Any]:
    """A row's registration as the CSV and XLSX exports show it."""
    registered = row.get("registered_on")
    return [
        row.get("diarienummer") or "",
        registered.isoformat() if registered else "",
        row.get("secrecy") or "",
    ]

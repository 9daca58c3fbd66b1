"""Check a whole export file before anything is written, and turn it into rows for the database.

Every problem is named by table, record id and field. The file is refused if there is even
one; nothing is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.transfer.errors import TransferError
from tracker.transfer.exporter import FORMAT, READABLE, VERSION
from tracker.transfer.schema import ColumnSpec, TableSpec, table_specs
from tracker.transfer.values import from_file

MAX_SHOWN = 20  # problems listed in the message; the rest are counted
TOP_LEVEL = {"format", "version", "tables", "exported_at"}
TIMESTAMP = ColumnSpec(name="exported_at", kind="timestamp", nullable=True, unique=False)


@dataclass(frozen=True, slots=True)
class Batch:
    """One table's rows, ready for the driver, in the column order of `columns`."""

    spec: TableSpec
    columns: list[str]
    rows: list[tuple[Any, ...]]


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, table: str, record: str, field: str | None, text: str) -> None:
        where = f"{table} ({record})" if field is None else f'{table} ({record}), fältet "{field}"'
        self.items.append(f"{where}: {text}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = "\n".join(f"  {item}" for item in self.items[:MAX_SHOWN])
        more = len(self.items) - MAX_SHOWN
        rest = f"\n  … och {more} fel till." if more > 0 else ""
        count = "ett fel" if len(self.items) == 1 else f"{len(self.items)} fel"
        raise TransferError(
            f"Filen lästes inte in – ingenting har importerats. Den har {count}:\n{shown}{rest}"
        )


def read_document(path: Path) -> Any:
    """The parsed file, or a refusal that says why it cannot be read."""
    try:
        with path.open("rb") as stream:
            return json.load(stream)
    except FileNotFoundError:
        raise TransferError(f"Filen {path} finns inte.") from None
    except IsADirectoryError:
        raise TransferError(f"{path} är en mapp, inte en fil.") from None
    except UnicodeDecodeError:
        raise TransferError(f"Filen {path} är inte text i UTF-8.") from None
    except json.JSONDecodeError as error:
        raise TransferError(
            f"Filen {path} är inte giltig JSON (rad {error.lineno}, kolumn {error.colno}: "
            f"{error.msg}). Ingenting har importerats."
        ) from None


def _is_timestamp(value: Any) -> bool:
    try:
        from_file(value, TIMESTAMP)
    except ValueError:
        return False
    return True


def _check_envelope(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(
            f'Filen är ingen export från spåraren: den ska ha "format": "{FORMAT}". '
            "Ingenting har importerats."
        )
    version = document.get("version")
    if version not in READABLE or type(version) is not int:
        raise TransferError(
            f"Filen har formatversion {json.dumps(version)}, men den här versionen av spåraren "
            f"läser version 1 till {VERSION}. Ingenting har importerats."
        )
    unknown = sorted(set(document) - TOP_LEVEL)
    if unknown:
        raise TransferError(
            f"Filen har okända nycklar på översta nivån: {', '.join(unknown)}. "
            "Ingenting har importerats."
        )
    stamp = document.get("exported_at")
    if stamp is not None and not _is_timestamp(stamp):
        raise TransferError(
            f'"exported_at" ska vara en tidpunkt som 2026-03-15T09:30:00+00:00, fick {stamp!r}. '
            "Ingenting har importerats."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise TransferError('Filen saknar "tables" med tabellerna. Ingenting har importerats.')
    return tables


def _record(row: Any, key: str, position: int) -> str:
    value = row.get(key) if isinstance(row, dict) else None
    return f"id {value}" if type(value) is int else f"rad {position} utan giltigt id"


def _check_table(spec: TableSpec, rows: list[Any], problems: Problems) -> list[tuple[Any, ...]]:
    """Types, required and unknown fields, unique values: the rows as tuples for the driver."""
    known = set(spec.column_names)
    out: list[tuple[Any, ...]] = []
    seen: dict[str, dict[Any, str]] = {c.name: {} for c in spec.columns}
    for position, row in enumerate(rows, start=1):
        record = _record(row, spec.primary_key, position)
        if not isinstance(row, dict):
            problems.add(spec.name, record, None, "posten ska vara ett JSON-objekt")
            continue
        for field in sorted(set(row) - known):
            problems.add(spec.name, record, field, "okänt fält – tabellen har ingen sådan kolumn")
        values: list[Any] = []
        for column in spec.columns:
            if column.name not in row:
                problems.add(spec.name, record, column.name, "fältet saknas")
                values.append(None)
                continue
            value = row[column.name]
            if value is None:
                if not column.nullable:
                    problems.add(spec.name, record, column.name, "får inte vara null")
                values.append(None)
                continue
            try:
                values.append(from_file(value, column))
            except ValueError as error:
                problems.add(spec.name, record, column.name, str(error))
                values.append(None)
                continue
            if column.unique and column.kind != "json":
                first = seen[column.name].setdefault(value, record)
                if first is not record:
                    problems.add(
                        spec.name,
                        record,
                        column.name,
                        f"samma värde som i posten med {first} – värdet ska vara unikt i tabellen",
                    )
        out.append(tuple(values))
    return out


def _check_references(batches: list[Batch], problems: Problems) -> None:
    """Every foreign key points at a record that is in the file."""
    by_name = {batch.spec.name: batch for batch in batches}
    present: dict[tuple[str, str], set[Any]] = {}
    for batch in batches:
        key = batch.columns.index(batch.spec.primary_key)
        for index, column in enumerate(batch.spec.columns):
            if column.references is None:
                continue
            target = by_name.get(column.references[0])
            if column.references not in present:
                at = target.columns.index(column.references[1]) if target else 0
                present[column.references] = {row[at] for row in target.rows} if target else set()
            targets = present[column.references]
            for row in batch.rows:
                value = row[index]
                if value is None or value in targets:
                    continue
                problems.add(
                    batch.spec.name,
                    f"id {row[key]}",
                    column.name,
                    f"pekar på {column.references[0]} med {column.references[1]} {value}, "
                    "som inte finns i filen",
                )


def validate(document: Any, *, consume: bool = False) -> list[Batch]:
    """Every table's rows in insertion order (parents first), or a refusal naming each problem.

    With `consume`, each table's rows are dropped from `document` once checked, which keeps the
    memory of a large import down.
    """
    tables = _check_envelope(document)
    specs = table_specs()
    names = {spec.name for spec in specs}
    problems = Problems()
    for unknown in sorted(set(tables) - names):
        problems.items.append(
            f"{unknown}: okänd tabell – databasen har ingen tabell med det namnet"
        )
    batches: list[Batch] = []
    for spec in specs:
        rows = tables.get(spec.name, [])
        if not isinstance(rows, list):
            problems.items.append(f"{spec.name}: tabellen ska vara en lista med poster")
            continue
        prepared = _check_table(spec, rows, problems)
        batches.append(Batch(spec=spec, columns=spec.column_names, rows=prepared))
        if consume:
            tables[spec.name] = []
    _check_references(batches, problems)
    if not problems.items:  # what the records say, once their types are right
        from tracker.transfer.records import check_records

        check_records(batches, problems)
    problems.raise_if_any()
    return batches

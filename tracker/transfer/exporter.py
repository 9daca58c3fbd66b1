"""Write every registered table to one JSON file (docs/data-format.md).

The output is deterministic: tables and keys in sorted order, rows by id, one row per line,
so the same database always gives the same bytes. All tables are read in one read-only
transaction, a consistent snapshot even while the app is in use.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from piccolo.engine.postgres import PostgresEngine

from tracker.db import get_engine
from tracker.transfer.errors import TransferError
from tracker.transfer.schema import TableSpec, table_specs
from tracker.transfer.values import to_file

FORMAT = "tracker-export"
VERSION = 2
# Versions `tracker import` reads: version 1 had no dated state histories; they are derived
# from the change log on import (tracker/transfer/histories.py).
READABLE = (1, 2)
CHUNK = 5000  # rows read per query


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


async def _read_table(spec: TableSpec) -> list[dict[str, Any]]:
    """Every row of the table as it goes into the file, by id, read in chunks."""
    columns = ", ".join(f'"{name}"' for name in spec.column_names)
    key = spec.primary_key
    out: list[dict[str, Any]] = []
    last: Any = None
    kinds = [(column.name, column.kind) for column in spec.columns]
    while True:
        where = "" if last is None else f'WHERE "{key}" > {{}} '
        args = [] if last is None else [last]
        rows = await spec.table.raw(
            f'SELECT {columns} FROM "{spec.name}" {where}ORDER BY "{key}" LIMIT {CHUNK}', *args
        )
        for row in rows:
            out.append({name: to_file(row[name], kind) for name, kind in kinds})
        if len(rows) < CHUNK:
            return out
        last = rows[-1][key]


async def write_export(stream: TextIO, *, exported_at: datetime | None = None) -> dict[str, int]:
    """Write the whole database to `stream`; the number of rows per table."""
    engine = get_engine()
    specs = sorted(table_specs(), key=lambda spec: spec.name)
    counts: dict[str, int] = {}
    async with engine.transaction():
        if isinstance(engine, PostgresEngine):
            transaction = engine.current_transaction.get()
            assert transaction is not None  # inside engine.transaction()
            await transaction.connection.execute(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            )
        stream.write("{\n")
        if exported_at is not None:
            stream.write(f'  "exported_at": {_dumps(exported_at.isoformat())},\n')
        stream.write(f'  "format": {_dumps(FORMAT)},\n')
        stream.write('  "tables": {')
        for index, spec in enumerate(specs):
            rows = await _read_table(spec)
            counts[spec.name] = len(rows)
            stream.write("," if index else "")
            stream.write(f"\n    {_dumps(spec.name)}: [")
            for number, row in enumerate(rows):
                stream.write(",\n      " if number else "\n      ")
                stream.write(_dumps(row))
            stream.write("\n    " if rows else "")
            stream.write("]")
        stream.write("\n  },\n")
        stream.write(f'  "version": {VERSION}\n')
        stream.write("}\n")
    return counts


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise TransferError(f"{path} är en mapp. Ange ett filnamn, till exempel export.json.")
    if not path.parent.is_dir():
        raise TransferError(f"Mappen {path.parent} finns inte.")


async def export_to_path(path: Path, *, exported_at: datetime | None = None) -> dict[str, int]:
    """Write to a temporary file beside `path` and move it into place when complete."""
    _check_target(path)
    partial = path.with_name(path.name + ".delvis")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as stream:
            counts = await write_export(stream, exported_at=exported_at)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts

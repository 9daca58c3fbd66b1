"""Write checked rows into an empty database in one transaction, ids kept as they are.

Bulk inserts on the transaction's own connection: executemany on SQLite, COPY on PostgreSQL,
where each id sequence is then moved past the highest id so new records get fresh ids. The
append-only and frozen-report triggers refuse only UPDATE and DELETE (and REPLACE on an
existing id), so inserting the rows of an export is allowed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from tracker.db import get_engine, write_transaction
from tracker.transfer.errors import TransferError
from tracker.transfer.schema import TableSpec, table_specs
from tracker.transfer.validation import Batch


async def tables_with_rows(specs: tuple[TableSpec, ...] | None = None) -> list[str]:
    """The tables that have at least one row, in one query."""
    specs = specs or table_specs()
    parts = [
        f"SELECT '{spec.name}' AS name WHERE EXISTS (SELECT 1 FROM \"{spec.name}\")"
        for spec in specs
    ]
    rows = await specs[0].table.raw(" UNION ALL ".join(parts))
    return sorted(row["name"] for row in rows)


def _refusal_for_data(names: list[str]) -> TransferError:
    return TransferError(
        "Databasen har redan data (i tabellerna "
        f"{', '.join(names[:5])}{' med flera' if len(names) > 5 else ''}). "
        "Import görs bara i en tom databas: skapa en ny databas, ange den med "
        "TRACKER_DATABASE_URL, kör tracker migrate och försök igen. Ingenting har importerats."
    )


async def _insert(connection: Any, is_postgres: bool, batch: Batch) -> None:
    name = batch.spec.name
    if is_postgres:
        await connection.copy_records_to_table(name, records=batch.rows, columns=batch.columns)
        return
    names = ", ".join(f'"{column}"' for column in batch.columns)
    marks = ", ".join("?" for _ in batch.columns)
    await connection.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', batch.rows)


async def _move_sequences(connection: Any, batches: list[Batch]) -> None:
    for batch in batches:
        if not batch.rows:
            continue
        name, key = batch.spec.name, batch.spec.primary_key
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{key}'), "
            f'(SELECT MAX("{key}") FROM "{name}"))'
        )


async def insert_all(
    batches: list[Batch], then: Callable[[], Awaitable[dict[str, int]]] | None = None
) -> dict[str, int]:
    """Insert every batch, parents first, all or nothing; the number of rows per table. `then`
    runs in the same transaction afterwards and adds the rows it wrote to the counts."""
    engine = get_engine()
    is_postgres = isinstance(engine, PostgresEngine)
    current = ""
    try:
        async with write_transaction():
            occupied = await tables_with_rows()
            if occupied:
                raise _refusal_for_data(occupied)
            transaction = engine.current_transaction.get()
            assert transaction is not None  # inside write_transaction()
            connection = transaction.connection
            for batch in batches:
                current = batch.spec.name
                if batch.rows:
                    await _insert(connection, is_postgres, batch)
            current = ""
            if is_postgres:
                await _move_sequences(connection, batches)
            derived = await then() if then else {}
    except TransferError:
        raise
    except Exception as error:
        where = f" i tabellen {current}" if current else ""
        raise TransferError(
            f"Databasen vägrade posterna{where}: {error}. Ingenting har importerats."
        ) from error
    counts = {batch.spec.name: len(batch.rows) for batch in batches}
    return {name: count + derived.get(name, 0) for name, count in counts.items()}

"""Bulk insert of a generated dataset in one transaction: executemany on SQLite, COPY on
PostgreSQL. Columns are checked against the Piccolo tables first, so a schema change names
the table and column instead of failing half-way."""

from __future__ import annotations

import asyncio
import sqlite3
from operator import itemgetter
from typing import Any

from piccolo.conf.apps import Finder

from tracker import data_version
from tracker.scale.dataset import Dataset
from tracker.settings import Settings

Batch = tuple[str, list[str], list[tuple[Any, ...]]]


class ScaleError(SystemExit):
    """A refusal with a Swedish message; the command line prints it and exits with 1."""


def batches(ds: Dataset) -> tuple[list[Batch], list[str]]:
    """Rows as tuples per table, in insertion order, and the tables this schema lacks."""
    tables = {table._meta.tablename: table for table in Finder().get_table_classes()}
    out: list[Batch] = []
    missing: list[str] = []
    for name in Dataset.ORDER:
        rows = ds[name].rows
        if not rows:
            continue
        table = tables.get(name)
        if table is None:
            missing.append(name)
            continue
        columns = list(rows[0])
        known = {column._meta.db_column_name for column in table._meta.columns}
        unknown = [column for column in columns if column not in known]
        if unknown:
            raise ScaleError(
                f"Testdatat passar inte databasen: tabellen {name} saknar kolumnerna "
                f"{', '.join(unknown)}. Uppdatera tracker/scale/."
            )
        getter = itemgetter(*columns)
        out.append((name, columns, [getter(row) for row in rows]))
    return out, missing


def _write_sqlite(path: str, data: list[Batch]) -> None:
    connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN IMMEDIATE")
        # The data version moves once for the whole batch, not once per row: its triggers
        # are set aside inside the transaction, so no other connection sees them missing.
        bumps = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (f"{data_version.TRIGGER}_%",),
        ).fetchall()
        for trigger, _ in bumps:
            connection.execute(f'DROP TRIGGER "{trigger}"')
        for name, columns, rows in data:
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            connection.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', rows)
        for _, sql in bumps:
            connection.execute(sql)
        connection.execute(f"UPDATE {data_version.TABLE} SET n = n + 1 WHERE id = 1")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


async def _write_postgres(dsn: str, data: list[Batch]) -> None:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            # The data version moves once for the whole batch, not once per row.
            for name, _, _ in data:
                await connection.execute(
                    f'ALTER TABLE "{name}" DISABLE TRIGGER {data_version.TRIGGER}'
                )
            for name, columns, rows in data:
                await connection.copy_records_to_table(name, records=rows, columns=columns)
            for name, _, _ in data:
                await connection.execute(
                    f'ALTER TABLE "{name}" ENABLE TRIGGER {data_version.TRIGGER}'
                )
            await connection.execute(f"UPDATE {data_version.TABLE} SET n = n + 1 WHERE id = 1")
            for name, _, _ in data:
                # Explicit ids were inserted: move each serial on past them.
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{name}"))'
                )
    finally:
        await connection.close()


async def write(settings: Settings, data: list[Batch]) -> None:
    if settings.is_postgres:
        await _write_postgres(settings.database_url, data)
    else:
        await asyncio.to_thread(_write_sqlite, str(settings.sqlite_path), data)

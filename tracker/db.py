"""Database engine selection, query counting and write transactions for SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

from tracker.settings import Settings

APPEND_LOCK = 7_243_001  # PostgreSQL's advisory lock for appending to the change log
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id cannot be a stored record's
IDLE_WRITERS = 4  # SQLite write connections kept open for the next write (CountingSQLiteEngine)


class QueryCounter:
    """Counts SQL statements sent to the database; tests use it to prove pages do no N+1."""

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        self.count = 0


QUERIES = QueryCounter()


class CountingSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, counting statements, with an optional shared reader.

    Piccolo opens a new connection, with a thread of its own, for every statement outside a
    transaction. With `open_reader` (the web server calls it at start-up), a SELECT outside
    a transaction instead runs on one long-lived connection, directly in the event loop:
    these reads take well under a millisecond, and handing each to a thread and back costs
    more than that under load (the threads wait for each other's GIL turns). The reader
    holds no transaction between statements, so it always reads what has been committed.
    The database is switched to WAL, so that a reader never waits for a writer (nor a writer
    for a reader).

    While the reader is open, write connections are kept too: Piccolo opens a connection (and
    a thread) for every write statement and every transaction, and SQLite parses the whole
    schema (over 400 tables, indexes and triggers) on each new connection, about 2 ms of CPU.
    A write now takes an idle connection when there is one and hands it back when it is done,
    outside any transaction (one still in a transaction, after a failed COMMIT, is closed).
    """

    _reader: sqlite3.Connection | None = None
    _idle: list[aiosqlite.Connection] | None = None  # None: every write opens its own

    async def open_reader(self) -> None:
        if self._reader is None:
            reader = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            reader.row_factory = dict_factory
            reader.execute("PRAGMA journal_mode = WAL")
            reader.execute("PRAGMA foreign_keys = 1")
            self._reader = reader
            self._idle = []

    async def close_reader(self) -> None:
        reader, self._reader = self._reader, None
        idle, self._idle = self._idle or [], None
        for connection in idle:
            await connection.close()
        if reader is not None:
            reader.close()

    async def get_connection(self) -> aiosqlite.Connection:
        idle = self._idle
        if idle:
            try:
                return idle.pop()
            except IndexError:  # another thread's event loop took the last one
                pass
        connection = aiosqlite.connect(**self.connection_kwargs)
        # An idle connection's thread must not keep the process alive at exit.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]  # as Piccolo sets it
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def release_connection(self, connection: aiosqlite.Connection) -> None:
        """Keep `connection` for the next write, or close it."""
        idle = self._idle
        if idle is not None and len(idle) < IDLE_WRITERS and not connection.in_transaction:
            idle.append(connection)
        else:
            await connection.close()

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return _KeptConnectionTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def _run_in_existing_connection(
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """As Piccolo's, without the `PRAGMA foreign_keys = 1` it sends before every statement
        (a round trip through the connection's thread): every connection is opened with it
        (`get_connection`), and inside a transaction SQLite ignores it anyway."""
        if query_type == "insert" and self.get_version_sync() < 3.35:  # no RETURNING
            return await super()._run_in_existing_connection(
                connection, query, args, query_type=query_type, table=table
            )
        connection.row_factory = dict_factory  # type: ignore[assignment]  # as Piccolo sets it
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """A statement outside a transaction, committed at once, as Piccolo runs it."""
        connection = await self.get_connection()
        try:
            rows = await self._run_in_existing_connection(
                connection, query, args, query_type=query_type, table=table
            )
            if connection.in_transaction:
                await connection.commit()
        except BaseException:
            await connection.close()
            raise
        await self.release_connection(connection)
        return rows

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        QUERIES.count += 1
        reader = self._reader
        if reader is not None and self.current_transaction.get() is None:
            query, args = querystring.compile_string(engine_type=self.engine_type)
            if query.lstrip()[:6].upper() == "SELECT":
                cursor = reader.execute(query, args)
                try:
                    return cursor.fetchall()
                finally:
                    cursor.close()
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        QUERIES.count += 1
        return await super().run_ddl(ddl, in_pool=in_pool)


class _KeptConnectionTransaction(SQLiteTransaction):
    """Piccolo's SQLite transaction, handing its connection back to the engine at the end
    instead of closing it (and resetting the current transaction even when COMMIT fails)."""

    engine: CountingSQLiteEngine

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:  # the code may have rolled it back itself
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            await self.engine.release_connection(self.connection)
        return exception is None


class CountingPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine, counting statements, with a pool tied to its event loop.

    An asyncpg pool serves only the event loop that created it. Code that runs on another loop
    (a test's `run_in_thread`, a command started from synchronous code) sees no pool and opens
    a connection of its own for each statement, as Piccolo does without a pool, instead of
    failing on a pool of a foreign loop.
    """

    _pool: Any = None  # asyncpg's Pool (asyncpg ships no type information)
    _pool_loop: asyncio.AbstractEventLoop | None = None

    @property
    def pool(self) -> Any:
        if self._pool is None:
            return None
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return self._pool
        return self._pool if running is self._pool_loop else None

    @pool.setter
    def pool(self, value: Any) -> None:
        self._pool = value
        self._pool_loop = asyncio.get_running_loop() if value is not None else None

    async def close_connection_pool(self) -> None:
        """Close the pool gracefully, for at most two seconds, then cut its connections: after
        the database restarted, a connection may never answer again."""
        pool, self.pool = self._pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), timeout=2)
        except TimeoutError:
            pool.terminate()

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        QUERIES.count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        QUERIES.count += 1
        return await super().run_ddl(ddl, in_pool=in_pool)


def create_engine(settings: Settings) -> SQLiteEngine | PostgresEngine:
    if settings.is_postgres:
        # asyncpg prepares every statement and PostgreSQL switches a prepared statement to a
        # generic plan after five runs; for full-text search that plan cannot see the words
        # and scans everything (a common word: 900 ms instead of 110 ms on the N=1 data).
        # Plan each run for its own values: planning costs far less than such a plan.
        # JIT compilation pays off only for long analytic scans: the report's gap statement
        # ran in 0.1 s and spent another 1.1 s compiling 180 functions (N=1 data).
        settings_for_server = {"plan_cache_mode": "force_custom_plan", "jit": "off"}
        return CountingPostgresEngine(
            config={"dsn": settings.database_url, "server_settings": settings_for_server}
        )
    path = settings.sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # timeout: wait for a concurrent writer instead of failing with "database is locked".
    return CountingSQLiteEngine(path=str(path), timeout=30)


def get_engine() -> SQLiteEngine | PostgresEngine:
    from piccolo.conf.apps import Finder

    engine = Finder().get_engine()
    if not isinstance(engine, SQLiteEngine | PostgresEngine):
        raise RuntimeError("Ingen databasmotor är konfigurerad (PICCOLO_CONF).")
    return engine


def is_postgres() -> bool:
    """Whether the configured engine is PostgreSQL (SQL that differs by database asks this)."""
    return isinstance(get_engine(), PostgresEngine)


async def fetch_rows(sql: str, *args: Any) -> list[dict[str, Any]]:
    """The rows of a hand-written SELECT with `{}` placeholders (Piccolo's raw query style)."""
    engine = get_engine()
    rows = await engine.run_querystring(QueryString(sql, *args))
    return list(engine.transform_response_to_dicts(rows)) if rows else []


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction for read-then-write work.

    On SQLite it takes the write lock up front (BEGIN IMMEDIATE), otherwise concurrent
    read-then-write transactions fail with "database is locked".
    """
    engine = get_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            if engine.current_transaction.get() is not None:
                # Every write transaction waits for the change log's append lock first (see
                # tracker/audit/chain.py), before it holds any row lock: two writers never
                # wait for each other in opposite orders.
                await engine.run_querystring(
                    QueryString("SELECT pg_advisory_xact_lock({})", APPEND_LOCK)
                )
            yield


def distinct_values_sql(table: str, column: str, *, live_only: bool = False) -> str:
    """A SELECT of a column's distinct non-empty values (as `v`, ascending), by index jumps.

    `SELECT DISTINCT` reads every row (20,000 insights for 15 target groups); this walks the
    column's index from one value to the next, one seek per value, on SQLite and PostgreSQL.
    The column needs an index. `live_only` keeps values that a record not archived has.
    Table and column are names from our code, never user input.
    """
    live = (
        f" AND EXISTS (SELECT 1 FROM {table} dx WHERE dx.{column} = g.v AND dx.archived_at IS NULL)"
        if live_only
        else ""
    )
    return (
        f"SELECT v FROM (WITH RECURSIVE g(v) AS (SELECT MIN({column}) FROM {table} "
        f"WHERE {column} > '' UNION ALL SELECT (SELECT MIN(dn.{column}) FROM {table} dn "
        f"WHERE dn.{column} > g.v) FROM g WHERE g.v IS NOT NULL) "
        f"SELECT v FROM g WHERE v IS NOT NULL{live}) distinct_values"
    )


async def distinct_values(table: str, column: str, *, live_only: bool = False) -> list[str]:
    engine = get_engine()
    rows = await engine.run_querystring(
        QueryString(distinct_values_sql(table, column, live_only=live_only) + " ORDER BY v")
    )
    return [row["v"] for row in rows]


class StaleVersion(RuntimeError):
    """The record was saved by someone else after the form was read: nothing was written."""


async def update_versioned(
    table: type[Table], record_id: int, version: int | None, values: dict[Any, Any]
) -> int:
    """UPDATE one row only if it still has `version` (None: whatever it has), and count the
    version up; returns the new version. Call it inside `write_transaction()`.

    StaleVersion when the row has moved on: a stale form never overwrites a newer save.
    """
    column: Any = table._meta.get_column_by_name("version")
    where: Any = table._meta.primary_key == record_id
    if version is not None:
        where &= column == version
    rows = await table.update({**values, column: column + 1}).where(where).returning(column)
    if not rows:
        raise StaleVersion(record_id)
    return int(rows[0]["version"])

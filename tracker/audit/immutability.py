"""Database triggers that make a table append-only, on SQLite and PostgreSQL alike.

The change log uses them now; frozen reports will use the same mechanism. The refusal comes
from the database itself, so no code path – not even a hand-typed SQL statement – can edit
or remove a row.
"""

from __future__ import annotations

from piccolo.engine.postgres import PostgresEngine

from tracker.db import get_engine

APPEND_ONLY_TABLES = ("change_log",)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _sqlite_triggers(table: str) -> list[str]:
    return [
        *(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
            for op in ("UPDATE", "DELETE")
        ),
        # REPLACE INTO deletes the old row without firing DELETE triggers: refuse any insert
        # that would land on an existing id.
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: REPLACE refused'); END",
    ]


def _postgres_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION tracker_refuse_edit()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse_edit()",
    ]


async def install_append_only(table: str) -> None:
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(_PG_FUNCTION)
        statements = _postgres_triggers(table)
    else:
        statements = _sqlite_triggers(table)
    for statement in statements:
        await engine.run_ddl(statement)


async def remove_append_only(table: str) -> None:
    """Only for migrations going backwards and for wiping a test database."""
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        statements = [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete", "replace")
        ]
    for statement in statements:
        await engine.run_ddl(statement)

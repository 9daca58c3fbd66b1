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


def sqlite_delete_guard(table: str) -> tuple[list[str], list[str]]:
    """The statements that lift the DELETE guard and put it back (tracker.audit.disposal)."""
    create = next(sql for sql in _sqlite_triggers(table) if f"{table}_no_delete " in sql)
    return [f"DROP TRIGGER {table}_no_delete"], [create.replace(" IF NOT EXISTS", "")]


def postgres_delete_guard(table: str) -> tuple[list[str], list[str]]:
    """As `sqlite_delete_guard`; the row trigger guards UPDATE too, so it is back before the
    transaction commits (tracker.audit.disposal)."""
    drop, create = _postgres_triggers(table)[:2]
    return [drop.replace(" IF EXISTS", "")], [create]


async def install_append_only(table: str) -> None:
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(_PG_FUNCTION)
        statements = _postgres_triggers(table)
    else:
        statements = _sqlite_triggers(table)
    for statement in statements:
        await engine.run_ddl(statement)


def _key_trigger(table: str, key: tuple[str, ...], protected: str, label: str) -> str:
    same = " AND ".join(f"{column} = NEW.{column}" for column in key)
    name = f"{table}_no_replace_{'_'.join(key)}"
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {same} AND ({protected})) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is {label}: REPLACE on ({', '.join(key)}) "
        "refused'); END"
    )


async def guard_unique_keys(
    table: str, keys: list[tuple[str, ...]], protected: str = "1 = 1", label: str = "append-only"
) -> None:
    """On SQLite, refuse an insert that collides with a protected row on a unique key.

    `INSERT OR REPLACE` (or `REPLACE INTO`) colliding on any unique index deletes the old row
    without firing DELETE triggers, so each unique index of a protected table needs a guard
    of its own; `protected` says which rows are protected (all, or e.g. the frozen ones). A
    plain insert that collides fails on the unique index anyway. PostgreSQL has no REPLACE:
    its `ON CONFLICT DO UPDATE` fires the UPDATE triggers.
    """
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        return
    for key in keys:
        await engine.run_ddl(_key_trigger(table, key, protected, label))


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

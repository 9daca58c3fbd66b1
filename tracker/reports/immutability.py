"""Database triggers that keep a frozen report version unchanged, on SQLite and PostgreSQL.

A draft version may be edited and frozen (its status goes from draft to frozen in one UPDATE);
once its status is frozen, the database refuses every UPDATE and DELETE of the row, so no code
path – not even a hand-typed SQL statement – can change an official document (allmän handling).
"""

from __future__ import annotations

from piccolo.engine.postgres import PostgresEngine

from tracker.db import get_engine

TABLE = "report_version"
FROZEN_MESSAGE = "report_version is frozen"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION tracker_refuse_frozen_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM {TABLE} WHERE status = 'frozen') THEN
            RAISE EXCEPTION '{FROZEN_MESSAGE}: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
    END IF;
    IF OLD.status = 'frozen' THEN
        RAISE EXCEPTION '{FROZEN_MESSAGE}: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""

_PG_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_frozen BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION tracker_refuse_frozen_report()",
    f"DROP TRIGGER IF EXISTS {TABLE}_frozen_truncate ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_frozen_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse_frozen_report()",
]

_SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_frozen_no_{op.lower()} BEFORE {op} ON {TABLE} "
        f"WHEN OLD.status = 'frozen' "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ),
    # REPLACE INTO deletes the old row without firing DELETE triggers.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_frozen_no_replace BEFORE INSERT ON {TABLE} "
    f"WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id AND status = 'frozen') "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}: REPLACE refused'); END",
]


async def install_frozen_guard() -> None:
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(_PG_FUNCTION)
        statements = _PG_TRIGGERS
    else:
        statements = _SQLITE_TRIGGERS
    for statement in statements:
        await engine.run_ddl(statement)


async def remove_frozen_guard() -> None:
    """Only for migrations going backwards and for wiping a test database."""
    engine = get_engine()
    if isinstance(engine, PostgresEngine):
        statements = [
            f"DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE}",
            f"DROP TRIGGER IF EXISTS {TABLE}_frozen_truncate ON {TABLE}",
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {TABLE}_frozen_no_{op}"
            for op in ("update", "delete", "replace")
        ]
    for statement in statements:
        await engine.run_ddl(statement)

"""Swedish full-text search over evidence, insights and service changes.

PostgreSQL: GIN indexes on the `swedish` text-search documents, the same expressions
tracker/insights/search/sql.py queries (an index is used only for an identical expression).
SQLite: FTS5 tables with external content (the base tables), kept in step by triggers on
insert, update and delete. Both are filled from the rows that exist already.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

ID = "2026-11-23T21:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Swedish full-text search: GIN indexes (PostgreSQL), FTS5 tables (SQLite)"

# table -> (searched columns, weight of each), as in tracker/insights/search/sql.py
SEARCHED = {
    "evidence": (("text", "A"), ("speaker_category", "B")),
    "insight": (("statement", "A"), ("target_group", "B")),
    "service_change": (("title", "A"), ("description", "B"), ("closed_reason", "C")),
}
# Indexes for the search filters that none of the earlier migrations made.
FILTER_INDEXES = {
    "insight_target_group_idx": "insight (target_group)",
    "insight_theme_theme_idx": "insight_theme (theme, insight)",
    "insight_use_project_idx": "insight_use (project, insight)",
    "evidence_source_idx": "evidence (source_type, source_id)",
}


class RawSQL(Table):
    pass


def _postgres_document(columns: tuple[tuple[str, str], ...]) -> str:
    return " || ".join(
        f"setweight(to_tsvector('swedish', {column}), '{weight}')" for column, weight in columns
    )


def _sqlite_statements(table: str, columns: tuple[tuple[str, str], ...]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(column for column, _ in columns)
    new = ", ".join(f"new.{column}" for column, _ in columns)
    old = ", ".join(f"old.{column}" for column, _ in columns)
    insert = f"INSERT INTO {fts} (rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        # Words as written, å, ä and ö kept apart from a and o; prefix indexes for `skol*`.
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",  # the rows there are already
    ]


async def _is_postgres() -> bool:
    return isinstance(RawSQL._meta.db, PostgresEngine)


async def forwards() -> MigrationManager:
    # Raw steps run before a migration's schema steps: this file has no schema steps.
    manager = MigrationManager(migration_id=ID, app_name="insights", description=DESCRIPTION)

    async def create() -> None:
        for name, target in FILTER_INDEXES.items():
            await RawSQL.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
        if await _is_postgres():
            for table, columns in SEARCHED.items():
                # Building the index reads every existing row: that is the backfill.
                await RawSQL.raw(
                    f"CREATE INDEX IF NOT EXISTS {table}_search_idx ON {table} "
                    f"USING gin (({_postgres_document(columns)}))"
                )
            return
        for table, columns in SEARCHED.items():
            for statement in _sqlite_statements(table, columns):
                await RawSQL.raw(statement)

    async def drop() -> None:
        if await _is_postgres():
            for table in SEARCHED:
                await RawSQL.raw(f"DROP INDEX IF EXISTS {table}_search_idx")
        else:
            for table in SEARCHED:
                for trigger in ("insert", "delete", "update"):
                    await RawSQL.raw(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
                await RawSQL.raw(f"DROP TABLE IF EXISTS {table}_fts")
        for name in FILTER_INDEXES:
            await RawSQL.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager

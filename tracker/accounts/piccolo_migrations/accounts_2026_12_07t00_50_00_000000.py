from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T00:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One-time keys of create forms: a repeated post returns the first result"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    manager.add_table(class_name="OnceKey", tablename="once_key", schema=None, columns=None)

    manager.add_column(
        table_class_name="OnceKey",
        tablename="once_key",
        column_name="key",
        db_column_name="key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "choices": None,
            "db_column_name": None,
            "secret": False,
            "index_method": IndexMethod.btree,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="OnceKey",
        tablename="once_key",
        column_name="account",
        db_column_name="account",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "choices": None,
            "db_column_name": None,
            "secret": False,
            "index_method": IndexMethod.btree,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="OnceKey",
        tablename="once_key",
        column_name="result_url",
        db_column_name="result_url",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 500,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "choices": None,
            "db_column_name": None,
            "secret": False,
            "index_method": IndexMethod.btree,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="OnceKey",
        tablename="once_key",
        column_name="created_at",
        db_column_name="created_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "choices": None,
            "db_column_name": None,
            "secret": False,
            "index_method": IndexMethod.btree,
        },
        schema=None,
    )

    return manager

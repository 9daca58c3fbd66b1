from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

from tracker.audit.immutability import install_append_only, remove_append_only

ID = "2026-11-23T16:33:51:946764"
VERSION = "1.38.0"
DESCRIPTION = "Change log actor id and append-only triggers"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    manager.add_column(
        table_class_name="ChangeLogEntry",
        tablename="change_log",
        column_name="actor_id",
        db_column_name="actor_id",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def make_append_only() -> None:
        await install_append_only("change_log")

    async def undo_append_only() -> None:
        await remove_append_only("change_log")

    manager.add_raw(make_append_only)
    manager.add_raw_backwards(undo_append_only)
    return manager

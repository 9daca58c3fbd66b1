from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T06:16:23:743253"
VERSION = "1.38.0"
DESCRIPTION = "A prototype has a version, counted up by every save of its edit form"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="design", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Prototype",
        tablename="prototype",
        column_name="version",
        db_column_name="version",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 1,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager

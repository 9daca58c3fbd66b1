from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T00:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The version an edit form was read from: a stale form never overwrites a newer save"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="projects", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Project",
        tablename="project",
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

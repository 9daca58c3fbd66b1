from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

from tracker.text import search_form, swedish_sort_key

ID = "2026-11-23T16:27:02:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill the title search and sort keys of existing projects"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    # Piccolo runs raw steps before column changes in the same migration, so this backfill
    # lives in its own migration, after the one that adds the column.
    manager = MigrationManager(migration_id=ID, app_name="projects", description=DESCRIPTION)

    async def fill_title_keys() -> None:
        """Existing projects get the keys that new ones get from the services."""
        rows = await RawSQL.raw("SELECT id, title FROM project")
        for row in rows:
            await RawSQL.raw(
                "UPDATE project SET title_sort = {}, title_search = {} WHERE id = {}",
                swedish_sort_key(row["title"]),
                search_form(row["title"]),
                row["id"],
            )

    manager.add_raw(fill_title_keys)
    return manager

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T16:56:16:000000"
VERSION = "1.38.0"
DESCRIPTION = "One checklist mark per item, one link per project and dialogue"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogues", description=DESCRIPTION)

    async def create_indexes() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS dialogue_checklist_mark_uniq "
            "ON dialogue_checklist_mark (dialogue, phase, item_key)"
        )
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS project_dialogue_uniq "
            "ON project_dialogue (project, dialogue)"
        )

    async def drop_indexes() -> None:
        await RawSQL.raw("DROP INDEX IF EXISTS dialogue_checklist_mark_uniq")
        await RawSQL.raw("DROP INDEX IF EXISTS project_dialogue_uniq")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

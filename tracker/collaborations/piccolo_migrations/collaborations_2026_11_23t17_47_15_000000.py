from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T17:47:15:000000"
VERSION = "1.38.0"
DESCRIPTION = "One organisation per name and number, one link per pair"


class RawSQL(Table):
    pass


INDEXES = {
    "organisation_name_uniq": "organisation (name_search)",
    "organisation_number_uniq": "organisation (org_number) WHERE org_number <> ''",
    "collaboration_organisation_uniq": "collaboration_organisation (collaboration, organisation)",
    "collaboration_project_uniq": "collaboration_project (collaboration, project)",
    "collaboration_dialogue_uniq": "collaboration_dialogue (collaboration, dialogue)",
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="collaborations", description=DESCRIPTION)

    async def create_indexes() -> None:
        for name, target in INDEXES.items():
            await RawSQL.raw(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {target}")

    async def drop_indexes() -> None:
        for name in INDEXES:
            await RawSQL.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

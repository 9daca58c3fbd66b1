from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.collaborations.party_history import CollaborationPartyEvent
from tracker.collaborations.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="collaborations",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[*TABLES, CollaborationPartyEvent],
    migration_dependencies=["tracker.projects.piccolo_app", "tracker.dialogues.piccolo_app"],
)

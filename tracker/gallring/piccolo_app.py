from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.gallring.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="gallring",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=["tracker.archive.piccolo_app"],
)

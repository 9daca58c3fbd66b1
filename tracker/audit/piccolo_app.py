from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.audit.tables import ChangeLogEntry

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[ChangeLogEntry],
)

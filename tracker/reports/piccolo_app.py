from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.reports.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[
        "tracker.accounts.piccolo_app",
        "tracker.projects.piccolo_app",
        "tracker.dialogues.piccolo_app",
        "tracker.collaborations.piccolo_app",
        "tracker.insights.piccolo_app",
    ],
)

from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.projects.tables import (
    ChecklistMark,
    Iteration,
    Project,
    ProjectStatusEvent,
    StepMove,
)

APP_CONFIG = AppConfig(
    app_name="projects",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Project, Iteration, StepMove, ChecklistMark, ProjectStatusEvent],
    migration_dependencies=["tracker.audit.piccolo_app"],
)

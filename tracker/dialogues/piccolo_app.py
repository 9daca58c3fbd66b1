from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.dialogues.tables import (
    Dialogue,
    DialogueChecklistMark,
    DialogueDocument,
    DialogueFeedback,
    DialogueSession,
    DialogueStateEvent,
    ProjectDialogue,
)

APP_CONFIG = AppConfig(
    app_name="dialogues",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Dialogue,
        DialogueSession,
        DialogueFeedback,
        DialogueDocument,
        DialogueChecklistMark,
        ProjectDialogue,
        DialogueStateEvent,
    ],
    migration_dependencies=["tracker.projects.piccolo_app"],
)

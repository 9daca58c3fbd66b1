from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.insights.link_history import InsightLinkRemoval
from tracker.insights.publication.tables import (
    FeedbackPage,
    FeedbackPageReviewer,
    FeedbackPageVersion,
)
from tracker.insights.tables import (
    ChangeInsight,
    ChangeStatusEvent,
    Evidence,
    FeedbackChange,
    Insight,
    InsightEvidence,
    InsightTheme,
    InsightUse,
    ServiceChange,
    Theme,
)

APP_CONFIG = AppConfig(
    app_name="insights",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Theme,
        Evidence,
        Insight,
        InsightEvidence,
        InsightTheme,
        InsightUse,
        ServiceChange,
        ChangeStatusEvent,
        ChangeInsight,
        FeedbackChange,
        FeedbackPage,
        FeedbackPageVersion,
        FeedbackPageReviewer,
        InsightLinkRemoval,
    ],
    migration_dependencies=["tracker.projects.piccolo_app", "tracker.dialogues.piccolo_app"],
)

from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.design.history_tables import (
    HistoryPublication,
    HistoryPublicationReviewer,
    HistoryPublicationVersion,
)
from tracker.design.tables import (
    ChangeTest,
    DesignTest,
    EffectFollowUp,
    Hypothesis,
    HypothesisInsight,
    Prototype,
    PrototypeImage,
    PrototypeVersion,
    ServiceEffect,
    TestResult,
)

APP_CONFIG = AppConfig(
    app_name="design",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Hypothesis,
        HypothesisInsight,
        Prototype,
        PrototypeVersion,
        PrototypeImage,
        DesignTest,
        TestResult,
        ServiceEffect,
        EffectFollowUp,
        ChangeTest,
        HistoryPublication,
        HistoryPublicationVersion,
        HistoryPublicationReviewer,
    ],
    migration_dependencies=["tracker.insights.piccolo_app"],
)

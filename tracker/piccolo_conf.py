"""Piccolo's configuration: the engine comes from TRACKER_DATABASE_URL, the apps are our areas."""

from piccolo.conf.apps import AppRegistry

from tracker.db import create_engine
from tracker.settings import get_settings

DB = create_engine(get_settings())

APP_REGISTRY = AppRegistry(
    apps=[
        "tracker.accounts.piccolo_app",
        "tracker.audit.piccolo_app",
        "tracker.projects.piccolo_app",
        "tracker.dialogues.piccolo_app",
        "tracker.collaborations.piccolo_app",
        "tracker.insights.piccolo_app",
        "tracker.design.piccolo_app",
        "tracker.reports.piccolo_app",
        "tracker.archive.piccolo_app",
        "tracker.mail.piccolo_app",
        "tracker.work.piccolo_app",
        "tracker.residents.piccolo_app",
        "tracker.gallring.piccolo_app",
    ]
)

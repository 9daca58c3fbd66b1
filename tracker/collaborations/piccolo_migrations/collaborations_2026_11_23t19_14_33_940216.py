from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Collaboration(Table, tablename="collaboration", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class DialogueFeedback(Table, tablename="dialogue_feedback", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-11-23T19:14:33:940216"
VERSION = "1.38.0"
DESCRIPTION = "feedback partner"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="collaborations", description=DESCRIPTION)

    manager.add_table(
        class_name="FeedbackPartner",
        tablename="feedback_partner",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="FeedbackPartner",
        tablename="feedback_partner",
        column_name="feedback",
        db_column_name="feedback",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": DialogueFeedback,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="FeedbackPartner",
        tablename="feedback_partner",
        column_name="collaboration",
        db_column_name="collaboration",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Collaboration,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager

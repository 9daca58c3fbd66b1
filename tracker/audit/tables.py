from piccolo.columns import JSON, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class ChangeLogEntry(Table, tablename="change_log"):
    """One change to one record. Rows are only ever added, never edited or removed."""

    occurred_at = Timestamptz()
    actor = Varchar(length=200)
    entity_type = Varchar(length=50)
    entity_id = Integer(index=True)
    action = Varchar(length=50)
    summary = Text()
    changes = JSON(default="{}")

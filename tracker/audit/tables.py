from piccolo.columns import JSON, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class ChangeLogEntry(Table, tablename="change_log"):
    """One change to one record. Rows are only ever added: the database refuses UPDATE and
    DELETE on this table (see the triggers in this app's migrations)."""

    id: Serial

    occurred_at = Timestamptz()
    actor = Varchar(length=200)  # the name as it was when the change was made
    actor_id = Integer(null=True, default=None, index=True)  # the account; None for the system
    entity_type = Varchar(length=50)
    entity_id = Integer(index=True)
    action = Varchar(length=50)
    summary = Text()
    changes = JSON(default="{}")
    # The hash chain (tracker/audit/chain.py): the previous entry's SHA-256, and this one's.
    prev_hash = Varchar(length=64, default="")
    entry_hash = Varchar(length=64, default="")

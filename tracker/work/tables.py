"""The calendar feed: a secret address per person, stored only as a SHA-256 of its token."""

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.accounts.tables import Account


class CalendarFeed(Table, tablename="calendar_feed"):
    """A personal calendar address. Revoked, never deleted; a new one replaces the old."""

    id: Serial

    account = ForeignKey(Account, index=True, on_delete=OnDelete.restrict)
    token_hash = Varchar(length=64, unique=True)  # SHA-256 hex of the secret token
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


TABLES: list[type[Table]] = [CalendarFeed]

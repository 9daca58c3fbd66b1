"""Legal holds (bevarandebeslut) and the runs of gallring with their protocols. A run's row is
written once, in the transaction that disposes of what it lists; it is never changed except to
add the protocol's PDF/A when it has been rendered."""

from piccolo.columns import JSON, Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class LegalHold(Table, tablename="legal_hold"):
    """A record that must not be disposed of, whatever the plan says, and why."""

    id: Serial

    record_type = Varchar(length=50, index=True)  # a kind key (tracker/kinds.py)
    record_id = Integer(index=True)
    reason = Text()
    set_at = Timestamptz()
    set_by = Varchar(length=200)


class GallringRun(Table, tablename="gallring_run"):
    id: Serial

    run_at = Timestamptz()
    run_by = Varchar(length=200)
    as_of = Date()  # the day the plan's times were counted to
    counts = JSON(default="{}")  # {information kind: how many}
    removed = JSON(default="[]")  # [{kind, record_id, label, why, decision}] in order
    protocol_pdf = Text(default="")  # the PDF/A, base64; "" until rendered
    protocol_sha256 = Varchar(length=64, default="")


TABLES: list[type[Table]] = [LegalHold, GallringRun]

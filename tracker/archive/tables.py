"""Each delivery to the e-archive: which record (and version), when, by whom, and the package's
own SHA-256, so the archive's receipt can be matched against what left the system. Rows are
never changed or deleted."""

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class Delivery(Table, tablename="archive_delivery"):
    id: Serial

    record_type = Varchar(length=30)  # a kind key: report, dialogue, collaboration, project
    record_id = Integer()
    version = Integer(default=0)  # a report's version number; 0 for other kinds
    package_id = Varchar(length=60)  # the package's OBJID (uuid-…)
    file_name = Varchar(length=200)
    size = Integer()
    package_sha256 = Varchar(length=64)
    delivered_at = Timestamptz()
    delivered_by = Varchar(length=200)
    channel = Varchar(length=20)  # web | command


TABLES: list[type[Table]] = [Delivery]

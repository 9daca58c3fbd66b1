"""The accessibility statement (tillgänglighetsredogörelse), kept by administrators.

Each save adds a row; the newest is the statement shown. Nothing is overwritten or deleted.
"""

from piccolo.columns import Date, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class AccessibilityStatement(Table, tablename="accessibility_statement"):
    id: Serial

    compliance = Varchar(length=20)  # full | partial | none (helt, delvis, inte förenlig)
    inaccessible = Text()  # the content that is not accessible, and why
    assessment = Text()  # how the service was assessed
    last_automated_check = Date(null=True, default=None)  # the last axe run
    last_manual_review = Date(null=True, default=None)
    report_problem = Text()  # how to tell us about a problem (a channel, never a person)
    saved_at = Timestamptz(index=True)
    saved_by = Varchar(length=200)


TABLES: list[type[Table]] = [AccessibilityStatement]

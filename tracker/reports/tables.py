"""The report-back's records: a report (the assignment and the period) and its versions.

A version holds the narrative parts the report manager writes; the figures are computed from
the records. Freezing (fastställa) stores the whole content – data snapshot, figures and final
text – as JSON with its SHA-256 in the version row, and from then on the database itself
refuses to update or delete that row (see tracker/reports/immutability.py).
"""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Report(Table, tablename="report"):
    id: Serial

    title = Varchar(length=300)  # ärendemening
    # The assignment the report answers (uppdraget).
    decision_body = Varchar(length=200)  # e.g. Kommunstyrelsen
    decision_date = Date()
    decision_paragraph = Varchar(length=50)  # e.g. § 69
    diarienummer = Varchar(length=50)  # e.g. KS 2024/0123
    registered_on = Date(null=True, default=None)  # registration: tracker/shared/registration.py
    secrecy = Varchar(length=200, default="")  # the OSL provision, "" for none
    followup_date = Date(null=True, default=None)  # the decision asking for the report-back
    followup_paragraph = Varchar(length=50, default="")
    period_start = Date()
    period_end = Date(index=True)
    report_date = Date()
    handlaggare = Varchar(length=200)  # a role and name of the official, not a resident
    signatories = Text()  # one per line: "Namn, titel"
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz(index=True)
    version = Integer(default=1)  # counted up by every save of the draft's edit form


class ReportVersion(Table, tablename="report_version"):
    id: Serial

    report = ForeignKey(Report, index=True, on_delete=OnDelete.restrict)
    number = Integer()
    status = Varchar(length=20, index=True)  # draft | frozen
    # The narrative parts (figures are never stored here: they are computed, or frozen below).
    summary = Text()
    proposals = Text()  # förslag till beslut, one per line
    background = Text()
    assessment_dialogues = Text()
    assessment_collaborations = Text()
    assessment_projects = Text()
    conclusions = Text()
    actions = Text()  # förslag till åtgärder, one per line
    assessment = Text()  # bedömning
    children = Text()  # konsekvenser för barn och unga
    economy = Text()  # ekonomiska konsekvenser
    documents = Text()  # handlingar i ärendet, one per line
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz()
    updated_by = Varchar(length=200)
    # Set once, when frozen.
    frozen_at = Timestamptz(null=True, default=None)
    frozen_by = Varchar(length=200, default="")
    snapshot = Text(default="")  # canonical JSON of everything the version shows
    content_sha256 = Varchar(length=64, default="")


TABLES: list[type[Table]] = [Report, ReportVersion]

"""The insight chain's records. Links are rows of their own, so who linked what and when is
kept; removing a link is written to the change log before the row goes."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.dialogues.tables import DialogueFeedback
from tracker.projects.tables import Iteration, Project


class Theme(Table, tablename="theme"):
    """A theme or tag (tema). Renamed and merged without losing links."""

    id: Serial

    name = Varchar(length=100, unique=True)
    name_sort = Varchar(length=400, index=True)
    created_at = Timestamptz()


class Evidence(Table, tablename="evidence"):
    """A de-identified quote or observation (underlag). Never a name: a speaker category."""

    id: Serial

    text = Text()
    source_type = Varchar(length=20, index=True)  # dialogue | collaboration | project
    source_id = Integer(index=True)
    speaker_category = Varchar(length=200)  # e.g. "förälder, 30–44 år, Djursholm"
    internal = Boolean(default=False)  # internal notes never reach public pages
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    archived_at = Timestamptz(null=True, default=None)


class Insight(Table, tablename="insight"):
    """A statement of a need or problem (insikt), backed by evidence."""

    id: Serial

    statement = Text()
    statement_search = Text()
    target_group = Varchar(length=200)
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz(index=True)
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of an edit form


class InsightEvidence(Table, tablename="insight_evidence"):
    id: Serial

    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    evidence = ForeignKey(Evidence, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class InsightTheme(Table, tablename="insight_theme"):
    id: Serial

    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    theme = ForeignKey(Theme, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class InsightUse(Table, tablename="insight_use"):
    """An insight used in a project, in one of its iterations when known."""

    id: Serial

    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    iteration = ForeignKey(Iteration, null=True, default=None, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class ServiceChange(Table, tablename="service_change"):
    """What changes in a service (tjänsteförändring), belonging to a project."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    title = Varchar(length=200)
    description = Text()
    status = Varchar(length=20, index=True)
    status_on = Date()  # the date of the current status
    closed_reason = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every change of status


class ChangeStatusEvent(Table, tablename="change_status_event"):
    """Every status a change has had, with its date: the change's own timeline."""

    id: Serial

    change = ForeignKey(ServiceChange, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=20)
    status_on = Date()
    reason = Text()
    recorded_at = Timestamptz()
    recorded_by = Varchar(length=200)


class ChangeInsight(Table, tablename="change_insight"):
    """An insight a change addresses, and how strongly it motivated it (1–3)."""

    id: Serial

    change = ForeignKey(ServiceChange, index=True, on_delete=OnDelete.restrict)
    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    strength = Integer()
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class FeedbackChange(Table, tablename="feedback_change"):
    """The changes that a piece of feedback to residents reports ("vi gjorde")."""

    id: Serial

    feedback = ForeignKey(DialogueFeedback, index=True, on_delete=OnDelete.restrict)
    change = ForeignKey(ServiceChange, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)

"""A project's design history as a public page (issue 18): the team's draft (a public
introduction and an internal note, the review state), the published versions (a snapshot of the
history, append-only) and the colleagues asked to review."""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.projects.tables import Project


class HistoryPublication(Table, tablename="history_publication"):
    """The draft of a project's public design history, with its review state. `snapshot` is
    the history (without internal evidence) as sent for review; `public` whether the latest
    version is on the public page (False after "Avpublicera")."""

    id: Serial

    project = ForeignKey(Project, unique=True, on_delete=OnDelete.restrict)
    intro = Text()  # public
    internal_note = Text()  # never public
    state = Varchar(length=20)  # draft | in_review | approved | published
    snapshot = Text()  # JSON: what the reviewers read and approve ("" before a review)
    snapshot_digest = Varchar(length=64)
    public = Boolean(default=False)
    edited_at = Timestamptz()
    edited_by = Varchar(length=200)
    edited_by_id = Integer(null=True, default=None)
    review_requested_at = Timestamptz(null=True, default=None)
    review_requested_by = Varchar(length=200)
    approved_at = Timestamptz(null=True, default=None)
    approved_by = Varchar(length=200)
    created_at = Timestamptz()


class HistoryPublicationVersion(Table, tablename="history_publication_version"):
    """One published version, append-only: exactly the history visitors saw."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    number = Integer()
    title = Varchar(length=200)
    snapshot = Text()  # JSON (tracker.design.history_publication.snapshot_of)
    published_on = Date()
    published_at = Timestamptz()
    published_by = Varchar(length=200)
    approved_by = Varchar(length=200)


class HistoryPublicationReviewer(Table, tablename="history_publication_reviewer"):
    """A colleague asked to review; closed (kept as history) when the draft goes back."""

    id: Serial

    publication = ForeignKey(HistoryPublication, index=True, on_delete=OnDelete.restrict)
    account_id = Integer(index=True)
    name = Varchar(length=200)
    requested_at = Timestamptz()
    requested_by = Varchar(length=200)
    closed_at = Timestamptz(null=True, default=None)

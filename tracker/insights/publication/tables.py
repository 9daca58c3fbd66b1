"""The "Ni sa – vi gjorde" page of a dialogue: one editable draft, and its published versions.

A published version is kept exactly as it was published: the database refuses to update or
delete its rows (append-only triggers, added in a later hand-written migration). A version has
no internal note – that stays on the draft, which is never public.
"""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.dialogues.tables import Dialogue


class FeedbackPage(Table, tablename="feedback_page"):
    """The draft of a dialogue's "Ni sa – vi gjorde" page, with its review state."""

    id: Serial

    dialogue = ForeignKey(Dialogue, unique=True, on_delete=OnDelete.restrict)
    title = Varchar(length=200)
    intro = Text()
    you_said = Text()  # det här sa ni
    we_did = Text()  # det här har vi gjort
    not_done = Text()  # det här har vi inte gjort, och varför
    internal_note = Text()  # never public
    state = Varchar(length=20)  # draft | in_review | approved | published
    edited_at = Timestamptz()
    edited_by = Varchar(length=200)
    edited_by_id = Integer(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of the draft's text
    review_requested_at = Timestamptz(null=True, default=None)
    review_requested_by = Varchar(length=200)
    approved_at = Timestamptz(null=True, default=None)
    approved_by = Varchar(length=200)
    created_at = Timestamptz()


class FeedbackPageVersion(Table, tablename="feedback_page_version"):
    """One published version, append-only: exactly the text residents saw."""

    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    number = Integer()
    title = Varchar(length=200)
    intro = Text()
    you_said = Text()
    we_did = Text()
    not_done = Text()
    published_on = Date()
    published_at = Timestamptz()
    published_by = Varchar(length=200)
    approved_by = Varchar(length=200)


class FeedbackPageReviewer(Table, tablename="feedback_page_reviewer"):
    """A colleague asked to review the draft. A request stays open until the text goes back to
    draft (sent back or changed); then `closed_at` is set and the row is kept as history."""

    id: Serial

    page = ForeignKey(FeedbackPage, index=True, on_delete=OnDelete.restrict)
    account_id = Integer(index=True)
    name = Varchar(length=200)  # the reviewer's name when asked
    requested_at = Timestamptz()
    requested_by = Varchar(length=200)
    closed_at = Timestamptz(null=True, default=None)

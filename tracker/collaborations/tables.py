from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.dialogues.tables import Dialogue, DialogueFeedback
from tracker.projects.tables import Project


class Organisation(Table, tablename="organisation"):
    """A civil-society organisation: a shared record, archived instead of deleted."""

    id: Serial

    name = Varchar(length=200)
    name_search = Varchar(length=200, index=True)  # lower case; unique (see migrations)
    name_sort = Varchar(length=800, index=True)
    org_number = Varchar(length=11, default="")  # NNNNNN-NNNN or empty; unique when given
    kind = Varchar(length=50, index=True)  # a key in lists/collaboration-forms.toml
    activity_area = Varchar(length=200)
    idea_based = Boolean(default=False)  # registrerad som idéburen organisation
    contact = Varchar(length=300)  # the organisation's e-mail or web address, never a person's
    notes = Text()
    archived_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    version = Integer(default=1)  # counted up by every save of an edit form


class Collaboration(Table, tablename="collaboration"):
    id: Serial

    title = Varchar(length=200)
    title_search = Varchar(length=200, index=True)
    title_sort = Varchar(length=800, index=True)
    form = Varchar(length=50, index=True)  # a key in lists/collaboration-forms.toml
    goal = Text()
    department = Varchar(length=200, index=True)
    contact_role = Varchar(length=200)
    start_date = Date()
    end_date = Date(null=True, default=None)
    renewal_date = Date(null=True, default=None, index=True)
    status = Varchar(length=20, index=True)  # planned | ongoing | ended
    results = Text()
    # Registration (diarieföring): tracker/shared/registration.py.
    diarienummer = Varchar(length=50, null=True, default=None, index=True)
    registered_on = Date(null=True, default=None)
    secrecy = Varchar(length=200, default="")  # the OSL provision, "" for none
    archived_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    version = Integer(default=1)  # counted up by every save of an edit form


class CollaborationOrganisation(Table, tablename="collaboration_organisation"):
    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    organisation = ForeignKey(Organisation, index=True, on_delete=OnDelete.restrict)


class Contribution(Table, tablename="contribution"):
    """One party's contribution (insats) in one year: money in whole kronor and in kind."""

    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    organisation = ForeignKey(
        Organisation, null=True, default=None, index=True, on_delete=OnDelete.restrict
    )  # None: the municipality (kommunen)
    year = Integer()
    amount = Integer(default=0)
    in_kind = Text()
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class FollowUp(Table, tablename="collaboration_follow_up"):
    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    due_on = Date(index=True)
    what = Varchar(length=300)
    done = Boolean(default=False)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class CollaborationProject(Table, tablename="collaboration_project"):
    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class CollaborationDialogue(Table, tablename="collaboration_dialogue"):
    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class FeedbackPartner(Table, tablename="feedback_partner"):
    """The collaboration whose civil-society partner carried a dialogue's feedback to residents."""

    id: Serial

    feedback = ForeignKey(DialogueFeedback, unique=True, on_delete=OnDelete.restrict)
    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)


class CollaborationStatusEvent(Table, tablename="collaboration_status_event"):
    """One change of a collaboration's status (planned, ongoing, ended): the date it took
    effect (`status_on`, dated back at most to its start, never ahead), who recorded it and
    when. The report reads a status at a period's end from these
    (tracker/collaborations/status_history.py)."""

    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    from_status = Varchar(length=20, null=True, default=None)  # None for the registration
    status = Varchar(length=20)
    status_on = Date()
    recorded_at = Timestamptz()
    recorded_by = Varchar(length=200)


TABLES = [
    Organisation,
    Collaboration,
    CollaborationOrganisation,
    Contribution,
    FollowUp,
    CollaborationProject,
    CollaborationDialogue,
    FeedbackPartner,
    CollaborationStatusEvent,
]

from piccolo.columns import (
    JSON,
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


class Dialogue(Table, tablename="dialogue"):
    id: Serial

    title = Varchar(length=200)
    title_search = Varchar(length=200, index=True)
    title_sort = Varchar(length=800, index=True)
    question = Text()  # frågeställning
    kind = Varchar(length=20, index=True)  # citizen | user
    board = Varchar(length=200, index=True)  # nämnd
    department = Varchar(length=200)  # förvaltning
    idea_source = Varchar(length=20)  # politician | resident | official
    purpose = Text()
    target_groups = Text()
    related_decision = Text()
    decision_planned_on = Date(null=True, default=None)
    state = Varchar(length=30, index=True)
    level_promised = Varchar(length=50, null=True, default=None, index=True)  # a key in lists/
    level_achieved = Varchar(length=50, null=True, default=None)
    methods = JSON(default="[]")  # method names chosen for the dialogue
    # The board's two questions when leaving Utredning.
    needs_knowledge = Boolean(null=True, default=None)
    open_to_influence = Boolean(null=True, default=None)
    board_answered_on = Date(null=True, default=None)
    # The information path (Ej dialog → Informationsmöte).
    info_meeting_on = Date(null=True, default=None)
    why_decision = Text()
    why_no_dialogue = Text()
    # The board's decision.
    decided_on = Date(null=True, default=None)
    decision_reference = Varchar(length=200)
    feedback_due = Date(null=True, default=None, index=True)
    results_summary = Text()
    # Registration (diarieföring): tracker/shared/registration.py.
    diarienummer = Varchar(length=50, null=True, default=None, index=True)
    registered_on = Date(null=True, default=None)
    secrecy = Varchar(length=200, default="")  # the OSL provision, "" for none
    archived_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    version = Integer(default=1)  # counted up by every save of an edit form


class DialogueSession(Table, tablename="dialogue_session"):
    """One occasion of the dialogue. Participation is stored as numbers only, never names."""

    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    held_on = Date()
    place = Varchar(length=200)  # place or channel
    method = Varchar(length=200)
    participants = Integer()
    breakdown = JSON(default="{}")  # {"age": {"13–19 år": 12}, "area": {...}, "group": {...}}
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class DialogueFeedback(Table, tablename="dialogue_feedback"):
    """Återkoppling: to residents (channel and the text sent) or to the board (reference)."""

    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    audience = Varchar(length=20)  # residents | board
    given_on = Date()
    channel = Varchar(length=20)
    text = Text()
    reference = Varchar(length=200)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class DialogueDocument(Table, tablename="dialogue_document"):
    """Documentation of the results: title, date and where to find it (files come later)."""

    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    title = Varchar(length=200)
    document_date = Date()
    link = Varchar(length=500)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class DialogueChecklistMark(Table, tablename="dialogue_checklist_mark"):
    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    phase = Varchar(length=30)
    item_key = Varchar(length=100)
    done = Boolean(default=False)
    updated_at = Timestamptz()
    updated_by = Varchar(length=200)


class ProjectDialogue(Table, tablename="project_dialogue"):
    """A dialogue informs a project (many-to-many). Unlinking is kept in the change log."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class DialogueStateEvent(Table, tablename="dialogue_state_event"):
    """One move of a dialogue to a state: the date it took effect (`state_on`, dated back at
    most to the dialogue's registration, never ahead), who recorded it and when. The report
    reads a dialogue's state at a period's end from these (tracker/reports/as_of.py)."""

    id: Serial

    dialogue = ForeignKey(Dialogue, index=True, on_delete=OnDelete.restrict)
    from_state = Varchar(length=30, null=True, default=None)  # None for the registration
    state = Varchar(length=30)
    state_on = Date()
    recorded_at = Timestamptz()
    recorded_by = Varchar(length=200)

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Project(Table, tablename="project"):
    id: Serial

    title = Varchar(length=200)
    # Derived from the title by tracker.text: lower-case for case-blind search on SQLite too,
    # and a key that sorts in Swedish alphabetical order on every database.
    title_search = Varchar(length=200, index=True)
    title_sort = Varchar(length=800, index=True)
    challenge = Text()
    target_group = Text()
    department = Varchar(length=200, index=True)
    board = Varchar(length=200)
    lead = Varchar(length=200)
    start_date = Date()
    planned_end = Date(null=True, default=None)
    status = Varchar(length=20, index=True)
    current_step = Varchar(length=50, index=True)  # a step key from phases/, never its label
    archived_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    version = Integer(default=1)  # counted up by every save of an edit form


class Iteration(Table, tablename="iteration"):
    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    step = Varchar(length=50)
    started_on = Date()
    ended_on = Date(null=True, default=None)
    methods = Text()
    summary = Text()
    learnings = Text()
    decision = Varchar(length=20)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class StepMove(Table, tablename="step_move"):
    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    from_step = Varchar(length=50)
    to_step = Varchar(length=50)
    reason = Text()
    moved_at = Timestamptz()
    moved_by = Varchar(length=200)
    # Gäller från: the day the move took effect when it was dated back; None for the day recorded.
    moved_on = Date(null=True, default=None)


class ChecklistMark(Table, tablename="checklist_mark"):
    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    step = Varchar(length=50)
    item_key = Varchar(length=100)
    done = Boolean(default=False)
    updated_at = Timestamptz()
    updated_by = Varchar(length=200)


class ProjectStatusEvent(Table, tablename="project_status_event"):
    """One change of a project's status: the date it took effect (`status_on`, dated back at
    most to the project's start, never ahead), who recorded it and when. The report reads a
    project's status at a period's end from these (tracker/projects/status_history.py)."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    from_status = Varchar(length=20, null=True, default=None)  # None for the registration
    status = Varchar(length=20)
    status_on = Date()
    recorded_at = Timestamptz()
    recorded_by = Varchar(length=200)

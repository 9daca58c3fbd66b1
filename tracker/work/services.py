"""Reading a person's work: their records by membership and what is waiting for them.

A fixed number of queries whatever the data size: the memberships, one per kind of record,
then one per kind of waiting work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Membership
from tracker.clock import today
from tracker.collaborations.tables import Collaboration, FollowUp
from tracker.db import is_postgres
from tracker.design import history_publication_services as history_publication
from tracker.design.effect_rules import DUE_SOON_DAYS
from tracker.design.effect_views import due_follow_ups
from tracker.dialogues.rules import STATE_LABELS as DIALOGUE_STATES
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue, DialogueFeedback, DialogueSession
from tracker.insights.publication import services as feedback_page
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import ChecklistMark, Project
from tracker.reports.tables import ReportVersion
from tracker.work.rules import WorkItem, earliest_first, open_checklist


@dataclass(slots=True)
class MyRecords:
    """The records a person is a member of, not archived, by kind, each sorted by title."""

    projects: list[dict[str, Any]] = field(default_factory=list)
    dialogues: list[dict[str, Any]] = field(default_factory=list)
    collaborations: list[dict[str, Any]] = field(default_factory=list)

    def ids(self, kind: str) -> list[int]:
        return [row["id"] for row in getattr(self, kind)]


async def _member_ids(user: Principal) -> dict[str, list[int]]:
    rows = await Membership.select(Membership.record_type, Membership.record_id).where(
        Membership.account == user.id
    )
    ids: dict[str, list[int]] = {"project": [], "dialogue": [], "collaboration": []}
    for row in rows:
        ids.setdefault(row["record_type"], []).append(row["record_id"])
    return ids


async def my_records(user: Principal) -> MyRecords:
    ids = await _member_ids(user)
    records = MyRecords()
    if ids["project"]:  # Piccolo refuses an empty IN list
        records.projects = await (
            Project.select(
                Project.id,
                Project.title,
                Project.current_step,
                Project.department,
                Project.planned_end,
            )
            .where(Project.id.is_in(ids["project"]) & Project.archived_at.is_null())
            .order_by(Project.title_sort)
        )
    if ids["dialogue"]:
        records.dialogues = await (
            Dialogue.select(
                Dialogue.id, Dialogue.title, Dialogue.state, Dialogue.board, Dialogue.feedback_due
            )
            .where(Dialogue.id.is_in(ids["dialogue"]) & Dialogue.archived_at.is_null())
            .order_by(Dialogue.title_sort)
        )
        told = await DialogueFeedback.select(DialogueFeedback.dialogue).where(
            DialogueFeedback.dialogue.is_in(ids["dialogue"])
            & (DialogueFeedback.audience == "residents")
        )
        residents_told = {row["dialogue"] for row in told}
        for row in records.dialogues:
            row["state_label"] = DIALOGUE_STATES.get(row["state"], row["state"])
            row["residents_told"] = row["id"] in residents_told
    if ids["collaboration"]:
        records.collaborations = await (
            Collaboration.select(
                Collaboration.id,
                Collaboration.title,
                Collaboration.status,
                Collaboration.department,
                Collaboration.renewal_date,
            )
            .where(
                Collaboration.id.is_in(ids["collaboration"]) & Collaboration.archived_at.is_null()
            )
            .order_by(Collaboration.title_sort)
        )
    return records


def _feedback(records: MyRecords) -> list[WorkItem]:
    return [
        WorkItem(
            "feedback",
            "Återkoppling till invånarna",
            row["title"],
            f"/dialoger/{row['id']}#aterkoppling",
            row["feedback_due"],
            f"feedback-dialogue-{row['id']}",
        )
        for row in records.dialogues
        if row["feedback_due"] is not None
        and row["state"] != State.FED_BACK
        and not row["residents_told"]  # the promise is kept once the residents are told
    ]


async def _collaboration_dates(records: MyRecords) -> list[WorkItem]:
    live = [row for row in records.collaborations if row["status"] != "ended"]
    items = [
        WorkItem(
            "renewal",
            "Förnyelse av överenskommelsen",
            row["title"],
            f"/samverkan/{row['id']}",
            row["renewal_date"],
            f"renewal-collaboration-{row['id']}",
        )
        for row in live
        if row["renewal_date"] is not None
    ]
    titles = {row["id"]: row["title"] for row in live}
    if titles:
        follow_ups = await FollowUp.select(
            FollowUp.id, FollowUp.collaboration, FollowUp.due_on, FollowUp.what
        ).where(FollowUp.collaboration.is_in(list(titles)) & FollowUp.done.eq(False))
        items += [
            WorkItem(
                "follow_up",
                row["what"],
                titles[row["collaboration"]],
                f"/samverkan/{row['collaboration']}#uppfoljningar",
                row["due_on"],
                f"follow-up-{row['id']}",
            )
            for row in follow_ups
        ]
    return items


async def _checklists(records: MyRecords, catalogue: PhaseCatalogue) -> list[WorkItem]:
    if not records.projects:
        return []
    marks = await ChecklistMark.select(
        ChecklistMark.project, ChecklistMark.step, ChecklistMark.item_key
    ).where(ChecklistMark.project.is_in(records.ids("projects")) & ChecklistMark.done.eq(True))
    done: dict[tuple[int, str], set[str]] = {}
    for mark in marks:
        done.setdefault((mark["project"], mark["step"]), set()).add(mark["item_key"])
    items: list[WorkItem] = []
    for row in records.projects:
        step = row["current_step"]
        left = open_checklist(catalogue.get(step), done.get((row["id"], step), set()))
        items += [
            WorkItem("checklist", text, row["title"], f"/projekt/{row['id']}#checklista")
            for text in left
        ]
    return items


async def _reviews(user: Principal) -> list[WorkItem]:
    """Texts in review that the user was asked to review (and did not edit last): design
    histories and "Ni sa – vi gjorde" pages (one query each)."""
    histories = await history_publication.PUBLICATION.waiting_for(user.id)
    pages = await feedback_page.PAGE.waiting_for(user.id)
    return [
        _review(
            "Granska designhistoriken", "/projekt/{}/designhistorik/publicering", row, "history"
        )
        for row in histories
    ] + [
        _review("Granska ”Ni sa – vi gjorde”", "/dialoger/{}/ni-sa-vi-gjorde", row, "dialogue")
        for row in pages
    ]


def _review(what: str, url: str, row: dict[str, Any], key: str) -> WorkItem:
    return WorkItem(
        "review",
        what,
        row["title"],
        url.format(row["owner"]),
        row["requested_at"].date() if row["requested_at"] else None,
        f"review-{key}-{row['owner']}",
    )


async def _report_drafts(user: Principal) -> list[WorkItem]:
    """Draft versions of reports the user created or is named handläggare of."""
    named = f"%{_like(user.name)}%"
    handlaggare = ReportVersion.report.handlaggare
    # SQLite's LIKE already ignores case (Piccolo warns when asked for ILIKE there).
    is_named = handlaggare.ilike(named) if is_postgres() else handlaggare.like(named)
    rows = await ReportVersion.select(
        ReportVersion.report.id.as_alias("report_id"),
        ReportVersion.report.title.as_alias("title"),
        ReportVersion.report.report_date.as_alias("report_date"),
        ReportVersion.number,
    ).where(
        (ReportVersion.status == "draft")
        & ((ReportVersion.report.created_by == user.name) | is_named)
    )
    return [
        WorkItem(
            "report",
            f"Utkast till version {row['number']}",
            row["title"],
            f"/rapporter/{row['report_id']}",
            row["report_date"],
            f"report-{row['report_id']}",
        )
        for row in rows
    ]


def _like(text: str) -> str:
    return text.replace("\\", "").replace("%", "").replace("_", "")


async def waiting_for(
    user: Principal, records: MyRecords, catalogue: PhaseCatalogue
) -> list[WorkItem]:
    """Everything waiting for the user, earliest first (undated work last)."""
    items = _feedback(records)
    items += await _collaboration_dates(records)
    items += await _reviews(user)
    items += await _checklists(records, catalogue)
    items += await _report_drafts(user)
    items += await _effect_follow_ups(records)
    return earliest_first(items)


async def _effect_follow_ups(records: MyRecords) -> list[WorkItem]:
    """Follow-ups of the promised effects of the user's projects' changes, from overdue ones
    to those due within two weeks."""
    until = today() + timedelta(days=DUE_SOON_DAYS)
    return [
        WorkItem(
            "effect",
            f"Följ upp effektmålet: {row['indicator']}",
            row["change_title"],
            f"/effekter/{row['effect']}#uppfoljningar",
            row["planned_on"],
            f"effect-follow-up-{row['id']}",
        )
        for row in await due_follow_ups(records.ids("projects"), until)
    ]


async def planned_sessions(records: MyRecords, on: date) -> list[WorkItem]:
    """Sessions of the user's dialogues from `on`: the calendar shows them, Mitt arbete not."""
    titles = {row["id"]: row["title"] for row in records.dialogues}
    if not titles:
        return []
    rows = await DialogueSession.select(
        DialogueSession.id, DialogueSession.dialogue, DialogueSession.held_on, DialogueSession.place
    ).where(DialogueSession.dialogue.is_in(list(titles)) & (DialogueSession.held_on >= on))
    return [
        WorkItem(
            "session",
            f"Dialogtillfälle: {row['place']}" if row["place"] else "Dialogtillfälle",
            titles[row["dialogue"]],
            f"/dialoger/{row['dialogue']}#tillfallen",
            row["held_on"],
            f"session-{row['id']}",
        )
        for row in rows
    ]

"""The API's reads: one page of a register in a fixed number of queries, whatever its size.

Each register is read with a count, one select for the page and one select per related list
(iterations, feedback, links …) for the ids on that page (tracker.api.paging), so a page of
500 costs the same number of statements as a page of 5."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from piccolo.columns.combination import WhereRaw

from tracker.api import schemas as s
from tracker.api.paging import Window, grouped, ids_of, read_page
from tracker.clock import today
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.rules import STATUS_LABELS as COLLABORATION_STATUS
from tracker.collaborations.tables import (
    Collaboration,
    CollaborationDialogue,
    CollaborationOrganisation,
    CollaborationProject,
    Organisation,
)
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import KIND_LABELS, LEDGER_LABELS, STATE_LABELS, ledger_status
from tracker.dialogues.tables import Dialogue, DialogueFeedback, DialogueSession, ProjectDialogue
from tracker.insights.rules import CHANGE_STATUS_LABELS
from tracker.insights.tables import (
    ChangeInsight,
    Evidence,
    Insight,
    InsightEvidence,
    InsightTheme,
    InsightUse,
    ServiceChange,
)
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import STATUS_LABELS as PROJECT_STATUS
from tracker.projects.tables import Iteration, Project


async def projects(
    conditions: list[Any], window: Window, catalogue: PhaseCatalogue
) -> tuple[list[s.ProjectOut], int]:
    rows, total = await read_page(
        Project, conditions, window, (Project.updated_at, False), (Project.id, False)
    )
    iterations = await grouped(Iteration.project, [row["id"] for row in rows])
    return [
        s.ProjectOut(
            id=row["id"],
            title=row["title"],
            challenge=row["challenge"],
            target_group=row["target_group"],
            department=row["department"],
            board=row["board"],
            lead=row["lead"],
            status=row["status"],
            status_label=PROJECT_STATUS.get(row["status"], row["status"]),
            current_step=row["current_step"],
            current_step_label=catalogue.name_of(row["current_step"]),
            iterations=len(iterations[row["id"]]),
            start_date=row["start_date"],
            planned_end=row["planned_end"],
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ], total


def _methods(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value or "[]")
        except ValueError:
            return []
    return [str(name) for name in value or []]


def _first(rows: list[dict[str, Any]], audience: str) -> date | None:
    dates = [row["given_on"] for row in rows if row["audience"] == audience]
    return min(dates) if dates else None


async def dialogues(
    conditions: list[Any], window: Window, lists: DialogueLists, on: date | None = None
) -> tuple[list[s.DialogueOut], int]:
    on = on or today()
    rows, total = await read_page(
        Dialogue, conditions, window, (Dialogue.updated_at, False), (Dialogue.id, False)
    )
    ids = [row["id"] for row in rows]
    feedback = await grouped(
        DialogueFeedback.dialogue, ids, DialogueFeedback.audience, DialogueFeedback.given_on
    )
    sessions = await grouped(DialogueSession.dialogue, ids, DialogueSession.participants)
    links = await grouped(ProjectDialogue.dialogue, ids, ProjectDialogue.project)
    items = []
    for row in rows:
        told = [f["given_on"] for f in feedback[row["id"]] if f["audience"] == "residents"]
        status = ledger_status(row["state"], row["feedback_due"], on, min(told, default=None))
        items.append(
            s.DialogueOut(
                id=row["id"],
                title=row["title"],
                kind=row["kind"],
                kind_label=KIND_LABELS.get(row["kind"], row["kind"]),
                question=row["question"],
                board=row["board"],
                department=row["department"],
                purpose=row["purpose"],
                target_groups=row["target_groups"],
                state=row["state"],
                state_label=STATE_LABELS.get(row["state"], row["state"]),
                level_promised=row["level_promised"],
                level_promised_label=lists.level_name(row["level_promised"]),
                level_achieved=row["level_achieved"],
                level_achieved_label=lists.level_name(row["level_achieved"]),
                methods=_methods(row["methods"]),
                participants=sum(r["participants"] for r in sessions[row["id"]]),
                decided_on=row["decided_on"],
                feedback_due=row["feedback_due"],
                feedback_to_residents_on=_first(feedback[row["id"]], "residents"),
                feedback_to_board_on=_first(feedback[row["id"]], "board"),
                feedback_status=str(status) if status else None,
                feedback_status_label=LEDGER_LABELS[status] if status else "",
                project_ids=ids_of(links[row["id"]], "project"),
                diarienummer=row["diarienummer"],
                registered_on=row["registered_on"],
                secrecy=row["secrecy"],
                archived_at=row["archived_at"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
        )
    return items, total


async def organisations(
    conditions: list[Any], window: Window, lists: CollaborationLists
) -> tuple[list[s.OrganisationOut], int]:
    rows, total = await read_page(
        Organisation, conditions, window, (Organisation.name_sort, True), (Organisation.id, True)
    )
    return [
        s.OrganisationOut(
            id=row["id"],
            name=row["name"],
            org_number=row["org_number"],
            kind=row["kind"],
            kind_label=lists.type_name(row["kind"]),
            activity_area=row["activity_area"],
            idea_based=bool(row["idea_based"]),
            contact=row["contact"],
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ], total


def organisation_condition(organisation_id: int | None) -> Any | None:
    if organisation_id is None:
        return None
    return WhereRaw(
        "id IN (SELECT collaboration FROM collaboration_organisation WHERE organisation = {})",
        organisation_id,
    )


async def collaborations(
    conditions: list[Any], window: Window, lists: CollaborationLists
) -> tuple[list[s.CollaborationOut], int]:
    rows, total = await read_page(
        Collaboration,
        conditions,
        window,
        (Collaboration.updated_at, False),
        (Collaboration.id, False),
    )
    ids = [row["id"] for row in rows]
    parties = await grouped(
        CollaborationOrganisation.collaboration, ids, CollaborationOrganisation.organisation
    )
    projects_ = await grouped(CollaborationProject.collaboration, ids, CollaborationProject.project)
    dialogues_ = await grouped(
        CollaborationDialogue.collaboration, ids, CollaborationDialogue.dialogue
    )
    return [
        s.CollaborationOut(
            id=row["id"],
            title=row["title"],
            form=row["form"],
            form_label=lists.form_name(row["form"]),
            organisation_ids=ids_of(parties[row["id"]], "organisation"),
            goal=row["goal"],
            department=row["department"],
            contact_role=row["contact_role"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            renewal_date=row["renewal_date"],
            status=row["status"],
            status_label=COLLABORATION_STATUS.get(row["status"], row["status"]),
            project_ids=ids_of(projects_[row["id"]], "project"),
            dialogue_ids=ids_of(dialogues_[row["id"]], "dialogue"),
            diarienummer=row["diarienummer"],
            registered_on=row["registered_on"],
            secrecy=row["secrecy"],
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ], total


def theme_condition(theme_id: int | None) -> Any | None:
    if theme_id is None:
        return None
    return WhereRaw("id IN (SELECT insight FROM insight_theme WHERE theme = {})", theme_id)


async def insights(conditions: list[Any], window: Window) -> tuple[list[s.InsightOut], int]:
    rows, total = await read_page(
        Insight, conditions, window, (Insight.updated_at, False), (Insight.id, False)
    )
    ids = [row["id"] for row in rows]
    themes = await grouped(InsightTheme.insight, ids, InsightTheme.theme.name.as_alias("name"))
    evidence: dict[int, set[int]] = defaultdict(set)
    if ids:  # only evidence that may be shown: not internal, not archived
        links = await InsightEvidence.select(
            InsightEvidence.insight, InsightEvidence.evidence
        ).where(
            InsightEvidence.insight.is_in(ids)
            & InsightEvidence.evidence.internal.eq(False)  # type: ignore[union-attr]  # Piccolo types a joined column as Column
            & InsightEvidence.evidence.archived_at.is_null()
        )
        for link in links:
            evidence[link["insight"]].add(link["evidence"])
    uses = await grouped(InsightUse.insight, ids, InsightUse.project)
    changes = await grouped(ChangeInsight.insight, ids, ChangeInsight.change)
    return [
        s.InsightOut(
            id=row["id"],
            statement=row["statement"],
            target_group=row["target_group"],
            themes=sorted({theme["name"] for theme in themes[row["id"]]}),
            evidence_count=len(evidence[row["id"]]),
            project_ids=ids_of(uses[row["id"]], "project"),
            change_ids=ids_of(changes[row["id"]], "change"),
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ], total


async def shared_evidence_of(insight_id: int) -> list[s.EvidenceOut]:
    """The insight's evidence that may be shown outside the team: never internal notes."""
    rows = await Evidence.raw(
        "SELECT id, text, speaker_category, source_type, source_id, created_at FROM evidence "
        "WHERE internal = {} AND archived_at IS NULL AND id IN "
        "(SELECT evidence FROM insight_evidence WHERE insight = {}) ORDER BY id",
        False,
        insight_id,
    )
    return [
        s.EvidenceOut(
            id=row["id"],
            text=row["text"],
            speaker_category=row["speaker_category"],
            source_type=row["source_type"],
            source_id=row["source_id"],
            created_at=_moment(row["created_at"]),
        )
        for row in rows
    ]


def _moment(value: Any) -> datetime:
    """A timestamp from a raw query (SQLite gives text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


async def service_changes(
    conditions: list[Any], window: Window
) -> tuple[list[s.ServiceChangeOut], int]:
    rows, total = await read_page(
        ServiceChange,
        conditions,
        window,
        (ServiceChange.updated_at, False),
        (ServiceChange.id, False),
    )
    insights_ = await grouped(
        ChangeInsight.change, [row["id"] for row in rows], ChangeInsight.insight
    )
    return [
        s.ServiceChangeOut(
            id=row["id"],
            title=row["title"],
            description=row["description"],
            project_id=row["project"],
            status=row["status"],
            status_label=CHANGE_STATUS_LABELS.get(row["status"], row["status"]),
            status_on=row["status_on"],
            closed_reason=row["closed_reason"],
            insight_ids=ids_of(insights_[row["id"]], "insight"),
            archived_at=row["archived_at"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for row in rows
    ], total

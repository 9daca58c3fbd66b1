"""The API's reads: one page of a register in a fixed number of queries, whatever its size.

Each register is read with a count, one select for the page and one select per related list
(iterations, feedback, links …) for the ids on that page (tracker.api.paging), so a page of
500 costs the same number of statements as a page of 5."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from piccolo.columns.combination import WhereRaw

from tracker.api import schemas as s
from tracker.api.paging import Window, grouped, ids_of, newest_first, read_page
from tracker.api.rows import methods_in
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

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Shape = TypeVar("Shape", bound="DataclassInstance")


def _shaped(shape: type[Shape], row: dict[str, Any], **computed: Any) -> Shape:
    """The answer's `shape` for a row: the `computed` values (labels, related ids, converted
    values) and every other field copied from the row's column of the same name."""
    copied = {f.name: row[f.name] for f in fields(shape) if f.name not in computed}
    return shape(**copied, **computed)


async def projects(
    conditions: list[Any], window: Window, catalogue: PhaseCatalogue
) -> tuple[list[s.ProjectOut], int]:
    rows, total = await read_page(Project, conditions, window, *newest_first(Project))
    iterations = await grouped(Iteration.project, [row["id"] for row in rows])
    return [
        _shaped(
            s.ProjectOut,
            row,
            status_label=PROJECT_STATUS.get(row["status"], row["status"]),
            current_step_label=catalogue.name_of(row["current_step"]),
            iterations=len(iterations[row["id"]]),
        )
        for row in rows
    ], total


def _first(rows: list[dict[str, Any]], audience: str) -> date | None:
    dates = [row["given_on"] for row in rows if row["audience"] == audience]
    return min(dates) if dates else None


async def dialogues(
    conditions: list[Any], window: Window, lists: DialogueLists, on: date | None = None
) -> tuple[list[s.DialogueOut], int]:
    on = on or today()
    rows, total = await read_page(Dialogue, conditions, window, *newest_first(Dialogue))
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
            _shaped(
                s.DialogueOut,
                row,
                kind_label=KIND_LABELS.get(row["kind"], row["kind"]),
                state_label=STATE_LABELS.get(row["state"], row["state"]),
                level_promised_label=lists.level_name(row["level_promised"]),
                level_achieved_label=lists.level_name(row["level_achieved"]),
                methods=methods_in(row["methods"]),
                participants=sum(r["participants"] for r in sessions[row["id"]]),
                feedback_to_residents_on=_first(feedback[row["id"]], "residents"),
                feedback_to_board_on=_first(feedback[row["id"]], "board"),
                feedback_status=str(status) if status else None,
                feedback_status_label=LEDGER_LABELS[status] if status else "",
                project_ids=ids_of(links[row["id"]], "project"),
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
        _shaped(
            s.OrganisationOut,
            row,
            kind_label=lists.type_name(row["kind"]),
            idea_based=bool(row["idea_based"]),
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
    rows, total = await read_page(Collaboration, conditions, window, *newest_first(Collaboration))
    ids = [row["id"] for row in rows]
    parties = await grouped(
        CollaborationOrganisation.collaboration, ids, CollaborationOrganisation.organisation
    )
    projects_ = await grouped(CollaborationProject.collaboration, ids, CollaborationProject.project)
    dialogues_ = await grouped(
        CollaborationDialogue.collaboration, ids, CollaborationDialogue.dialogue
    )
    return [
        _shaped(
            s.CollaborationOut,
            row,
            form_label=lists.form_name(row["form"]),
            organisation_ids=ids_of(parties[row["id"]], "organisation"),
            status_label=COLLABORATION_STATUS.get(row["status"], row["status"]),
            project_ids=ids_of(projects_[row["id"]], "project"),
            dialogue_ids=ids_of(dialogues_[row["id"]], "dialogue"),
        )
        for row in rows
    ], total


def theme_condition(theme_id: int | None) -> Any | None:
    if theme_id is None:
        return None
    return WhereRaw("id IN (SELECT insight FROM insight_theme WHERE theme = {})", theme_id)


async def insights(conditions: list[Any], window: Window) -> tuple[list[s.InsightOut], int]:
    rows, total = await read_page(Insight, conditions, window, *newest_first(Insight))
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
        _shaped(
            s.InsightOut,
            row,
            themes=sorted({theme["name"] for theme in themes[row["id"]]}),
            evidence_count=len(evidence[row["id"]]),
            project_ids=ids_of(uses[row["id"]], "project"),
            change_ids=ids_of(changes[row["id"]], "change"),
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
    return [_shaped(s.EvidenceOut, row, created_at=_moment(row["created_at"])) for row in rows]


def _moment(value: Any) -> datetime:
    """A timestamp from a raw query (SQLite gives text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


async def service_changes(
    conditions: list[Any], window: Window
) -> tuple[list[s.ServiceChangeOut], int]:
    rows, total = await read_page(ServiceChange, conditions, window, *newest_first(ServiceChange))
    insights_ = await grouped(
        ChangeInsight.change, [row["id"] for row in rows], ChangeInsight.insight
    )
    return [
        _shaped(
            s.ServiceChangeOut,
            row,
            project_id=row["project"],
            status_label=CHANGE_STATUS_LABELS.get(row["status"], row["status"]),
            insight_ids=ids_of(insights_[row["id"]], "insight"),
        )
        for row in rows
    ], total

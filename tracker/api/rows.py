"""The rows of the register exports: every row matching the list page's filters, in the list's
order, read in a fixed number of queries (no page size)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

from piccolo.query.functions.aggregate import Count

from tracker.dialogues import ledger as dialogue_ledger
from tracker.dialogues import register as dialogue_register
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.filters import DialogueFilters, LedgerFilters
from tracker.dialogues.rules import (
    IDEA_SOURCES,
    KIND_LABELS,
    LEDGER_LABELS,
    STATE_LABELS,
    days_overdue,
    ledger_status,
)
from tracker.dialogues.tables import Dialogue, DialogueFeedback
from tracker.insights.rules import CHANGE_STATUS_LABELS
from tracker.insights.tables import Insight, InsightTheme
from tracker.insights.views import INSIGHT_LIST_SELECT, InsightFilters, insight_condition
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects.filters import ProjectFilters
from tracker.projects.rules import STATUS_LABELS as PROJECT_STATUS
from tracker.projects.tables import Iteration
from tracker.shared import registration
from tracker.web.tabular import day

ALL_ROWS = 10_000_000  # "every row" for list functions that take a page size

# --- projects ------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    "Id",
    "Titel",
    "Steg",
    "Status",
    "Förvaltning",
    "Projektledare",
    "Startdatum",
    "Planerat slut",
    "Iterationer",
    "Senast ändrad",
    "Arkiverad",
)


async def project_rows(filters: ProjectFilters, catalogue: PhaseCatalogue) -> list[list[Any]]:
    page = await project_register.list_projects(replace(filters, page=1), size=ALL_ROWS)
    counts = {
        row["project"]: row["n"]
        for row in await Iteration.select(Iteration.project, Count(alias="n")).group_by(
            Iteration.project
        )
    }
    return [
        [
            row["id"],
            row["title"],
            catalogue.name_of(row["current_step"]),
            PROJECT_STATUS.get(row["status"], row["status"]),
            row["department"],
            row["lead"],
            day(row["start_date"]),
            day(row["planned_end"]),
            counts.get(row["id"], 0),
            day(row["updated_at"]),
            day(row["archived_at"]),
        ]
        for row in page.rows
    ]


# --- dialogues (the columns a dialogue import reads back) ----------------------------------

# column -> field of the registration form: what a dialogue import reads back
DIALOGUE_FIELDS = {
    "Titel": "title",
    "Typ": "kind",
    "Frågeställning": "question",
    "Ansvarig nämnd": "board",
    "Ansvarig förvaltning": "department",
    "Idén kom från": "idea_source",
    "Syfte": "purpose",
    "Målgrupper": "target_groups",
    "Beslut som dialogen ska ge underlag till": "related_decision",
    "Planerat datum för beslutet": "decision_planned_on",
    "Utlovad nivå": "level_promised",
    "Metoder": "methods",
}
DIALOGUE_COLUMNS = (
    "Id",
    *DIALOGUE_FIELDS,
    "Status",
    "Uppnådd nivå",
    "Återkoppling senast",
    "Senast ändrad",
    "Arkiverad",
    *registration.EXPORT_COLUMNS,
)
METHOD_SEPARATOR = "; "


def methods_in(value: Any) -> list[str]:
    """A dialogue row's methods (a JSON list, which SQLite gives as text); none if unreadable."""
    if isinstance(value, str):
        try:
            value = json.loads(value or "[]")
        except ValueError:
            return []
    return [str(name) for name in value or []]


async def dialogue_rows(filters: DialogueFilters, lists: DialogueLists) -> list[list[Any]]:
    column, ascending = dialogue_register.SORT_COLUMNS[filters.sort]
    rows = await (
        Dialogue.select()
        .where(dialogue_register._where(filters))
        .order_by(column, ascending=ascending)
        .order_by(Dialogue.id, ascending=False)
    )
    return [
        [
            row["id"],
            row["title"],
            KIND_LABELS.get(row["kind"], row["kind"]),
            row["question"],
            row["board"],
            row["department"],
            IDEA_SOURCES.get(row["idea_source"], row["idea_source"]),
            row["purpose"],
            row["target_groups"],
            row["related_decision"],
            day(row["decision_planned_on"]),
            lists.level_name(row["level_promised"]),
            METHOD_SEPARATOR.join(methods_in(row["methods"])),
            STATE_LABELS.get(row["state"], row["state"]),
            lists.level_name(row["level_achieved"]),
            day(row["feedback_due"]),
            day(row["updated_at"]),
            day(row["archived_at"]),
            *registration.export_cells(row),
        ]
        for row in rows
    ]


# --- the feedback ledger -------------------------------------------------------------------

LEDGER_COLUMNS = (
    "Id",
    "Titel",
    "Ansvarig nämnd",
    "Utlovad nivå",
    "Uppnådd nivå",
    "Beslutad",
    "Återkoppling senast",
    "Läge",
    "Dagar försenad",
    "Återkopplad till invånarna",
    "Återkopplad till nämnden",
)


async def ledger_rows(filters: LedgerFilters, lists: DialogueLists, on: date) -> list[list[Any]]:
    rows = await (
        Dialogue.select(*dialogue_ledger.LEDGER_COLUMNS)
        .where(dialogue_ledger._ledger_where(filters, on))
        .order_by(Dialogue.feedback_due, ascending=not filters.descending)
        .order_by(Dialogue.id)
    )
    first: dict[tuple[int, str], date] = {}
    for given in await DialogueFeedback.select(
        DialogueFeedback.dialogue, DialogueFeedback.audience, DialogueFeedback.given_on
    ):
        key = (given["dialogue"], given["audience"])
        first[key] = min(first.get(key, given["given_on"]), given["given_on"])
    result = []
    for row in rows:
        told = first.get((row["id"], "residents"))
        status = ledger_status(row["state"], row["feedback_due"], on, told)
        overdue = days_overdue(row["feedback_due"], on) if status == "overdue" else 0
        result.append(
            [
                row["id"],
                row["title"],
                row["board"],
                lists.level_name(row["level_promised"]),
                lists.level_name(row["level_achieved"]),
                day(row["decided_on"]),
                day(row["feedback_due"]),
                LEDGER_LABELS[status] if status else "",
                overdue or "",
                day(first.get((row["id"], "residents"))),
                day(first.get((row["id"], "board"))),
            ]
        )
    return result


# --- insights ------------------------------------------------------------------------------

INSIGHT_COLUMNS = (
    "Id",
    "Insikt",
    "Målgrupp",
    "Teman",
    "Underlag",
    "Projekt som använder den",
    "Förändringar",
    "Senast ändrad",
)


async def insight_rows(filters: InsightFilters) -> list[list[Any]]:
    """The insight register's rows with the same conditions as its list page."""
    condition, args = insight_condition(filters)
    rows = await Insight.raw(
        f"{INSIGHT_LIST_SELECT}FROM insight i WHERE {condition} "
        "ORDER BY i.updated_at DESC, i.id DESC",
        *args,
    )
    themes: dict[int, list[str]] = defaultdict(list)
    for link in await InsightTheme.select(
        InsightTheme.insight, InsightTheme.theme.name.as_alias("name")
    ).order_by(InsightTheme.theme.name_sort):
        themes[link["insight"]].append(link["name"])
    return [
        [
            row["id"],
            row["statement"],
            row["target_group"],
            "; ".join(themes[row["id"]]),
            int(row["evidence_count"]),
            int(row["project_count"]),
            int(row["change_count"]),
            day(row["updated_at"]),
        ]
        for row in rows
    ]


CHANGE_COLUMNS = ("Id", "Förändring", "Projekt", "Status", "Sedan", "Insikter")


async def change_rows(status: str) -> list[list[Any]]:
    """The service-change register's rows: the list page's order and status filter."""
    where = "c.archived_at IS NULL" + (" AND c.status = {}" if status else "")
    rows = await Insight.raw(
        "SELECT c.id, c.title, c.status, c.status_on, p.title AS project_title, "
        "(SELECT COUNT(*) FROM change_insight ci WHERE ci.change = c.id) AS insight_count "
        f"FROM service_change c JOIN project p ON p.id = c.project WHERE {where} "
        "ORDER BY c.status_on DESC, c.id DESC",
        *([status] if status else []),
    )
    return [
        [
            row["id"],
            row["title"],
            row["project_title"],
            CHANGE_STATUS_LABELS.get(row["status"], row["status"]),
            day(row["status_on"]),
            int(row["insight_count"]),
        ]
        for row in rows
    ]

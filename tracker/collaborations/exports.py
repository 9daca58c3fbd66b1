"""The columns and rows of the organisation and collaboration register exports."""

from __future__ import annotations

from typing import Any

from tracker.collaborations.rules import STATUS_LABELS
from tracker.shared import registration
from tracker.web.tabular import day

ORGANISATION_COLUMNS = (
    "Id",
    "Namn",
    "Organisationsnummer",
    "Typ",
    "Verksamhetsområde",
    "Idéburen",
    "Kontaktväg",
    "Anteckningar",
    "Arkiverad",
)

COLLABORATION_COLUMNS = (
    "Id",
    "Titel",
    "Form",
    "Organisationer",
    "Gemensamt mål",
    "Ansvarig förvaltning",
    "Kontaktroll",
    "Startdatum",
    "Slutdatum",
    "Förnyelsedatum",
    "Status",
    "Resultat",
    "Arkiverad",
    *registration.EXPORT_COLUMNS,
)


def organisation_rows(rows: list[dict[str, Any]], lists: Any) -> list[list[Any]]:
    return [
        [
            row["id"],
            row["name"],
            row["org_number"],
            lists.type_name(row["kind"]),
            row["activity_area"],
            "ja" if row["idea_based"] else "nej",
            row["contact"],
            row["notes"],
            day(row["archived_at"]),
        ]
        for row in rows
    ]


def collaboration_rows(rows: list[dict[str, Any]], lists: Any) -> list[list[Any]]:
    return [
        [
            row["id"],
            row["title"],
            lists.form_name(row["form"]),
            "; ".join(row["organisations"]),
            row["goal"],
            row["department"],
            row["contact_role"],
            day(row["start_date"]),
            day(row["end_date"]),
            day(row["renewal_date"]),
            STATUS_LABELS.get(row["status"], row["status"]),
            row["results"],
            day(row["archived_at"]),
            *registration.export_cells(row),
        ]
        for row in rows
    ]

"""Figures of the civil-society strand: collaborations, organisations, contributions."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.collaborations.party_history import parties
from tracker.db import fetch_rows
from tracker.insights.counting import live
from tracker.reports.as_of import AFTER, with_end
from tracker.reports.figureset import (
    FigureSet,
    Lists,
    figure_row,
    ids_agg,
    month_label,
    month_of,
    months_of,
    period_moments,
    split_ids,
    text_row,
)

# --- the civil-society strand ------------------------------------------------------------------

_ACTIVE_COLLABORATION = (
    "c.archived_at IS NULL AND c.start_date <= {} AND (c.end_date IS NULL OR c.end_date >= {})"
)


async def collaboration_figures(result: FigureSet, start: date, end: date, lists: Lists) -> None:
    by_form = await fetch_rows(
        f"SELECT c.form AS grp, COUNT(*) AS n, {ids_agg('c.id')} AS ids FROM collaboration c "
        f"WHERE {_ACTIVE_COLLABORATION} GROUP BY c.form",
        end,
        start,
    )
    organisations = await fetch_rows(  # the parties at the period's end
        with_end() + f"SELECT COUNT(DISTINCT co.organisation) AS n, "
        f"{ids_agg('co.organisation')} AS ids, "
        f"{ids_agg('CASE WHEN o.idea_based THEN o.id END')} AS idea_ids "
        f"FROM {parties(AFTER)} co JOIN collaboration c ON c.id = co.collaboration "
        "JOIN organisation o ON o.id = co.organisation "
        f"WHERE {_ACTIVE_COLLABORATION} AND {live('o')}",
        period_moments(start, end)[1],
        end,
        end,
        start,
    )
    # Per party and collaboration, so the records behind an amount carry their part of it.
    # An archived organisation's contributions do not count.
    contributions = await fetch_rows(
        "SELECT CASE WHEN ct.organisation IS NULL THEN 'municipality' ELSE 'organisations' END "
        "AS party, ct.collaboration AS collaboration, COALESCE(SUM(ct.amount), 0) AS amount, "
        "SUM(CASE WHEN ct.in_kind <> '' THEN 1 ELSE 0 END) AS in_kind FROM contribution ct "
        "JOIN collaboration c ON c.id = ct.collaboration "
        "LEFT JOIN organisation o ON o.id = ct.organisation "
        f"WHERE {_ACTIVE_COLLABORATION} AND (ct.organisation IS NULL OR {live('o')}) "
        "AND ct.year >= {} AND ct.year <= {} GROUP BY 1, 2",
        end,
        start,
        start.year,
        end.year,
    )
    started = await fetch_rows(
        f"SELECT {month_of('c.start_date')} AS month, COUNT(*) AS n FROM collaboration c "
        "WHERE c.archived_at IS NULL AND c.start_date >= {} AND c.start_date <= {} GROUP BY 1",
        start,
        end,
    )
    _forms(result, by_form, lists)
    _parties(result, start, end, organisations, contributions)
    _started(result, start, end, started)


def _forms(result: FigureSet, by_form: list[dict[str, Any]], lists: Lists) -> None:
    """Collaborations active in the period, by form."""
    all_ids = [i for row in by_form for i in split_ids(row["ids"])]
    rows = [
        figure_row(
            "Samtliga aktiva under perioden",
            result.add(
                "collaborations.active",
                "Samverkan aktiv under perioden",
                len(all_ids),
                "collaboration",
                all_ids,
            ),
        )
    ]
    forms = lists.collaboration_lists.forms if lists.collaboration_lists else ()
    known = {form.key: form.name for form in forms}
    for row in sorted(
        by_form, key=lambda r: list(known).index(r["grp"]) if r["grp"] in known else 99
    ):
        ids = split_ids(row["ids"])
        name = known.get(row["grp"], row["grp"])
        rows.append(
            figure_row(
                name,
                result.add(
                    f"collaborations.form.{row['grp']}",
                    f"Samverkan i formen {name}",
                    len(ids),
                    "collaboration",
                    ids,
                ),
            )
        )
    result.tables.setdefault("collaborations", []).append(
        {"caption": "Samverkan per form", "headers": ["Form", "Antal"], "rows": rows}
    )


def _parties(
    result: FigureSet,
    start: date,
    end: date,
    organisations: list[dict[str, Any]],
    contributions: list[dict[str, Any]],
) -> None:
    """The organisations taking part, and each party's contributions."""
    org = organisations[0] if organisations else {"ids": None, "idea_ids": None}
    org_ids, idea_ids = split_ids(org["ids"]), split_ids(org["idea_ids"])
    result.add(
        "collaborations.organisations",
        "Organisationer som deltar",
        len(org_ids),
        "organisation",
        org_ids,
    )
    result.add(
        "collaborations.idea_based",
        "Varav registrerade som idéburna",
        len(idea_ids),
        "organisation",
        idea_ids,
    )
    for key, label in (("municipality", "kommunen"), ("organisations", "organisationerna")):
        rows = [row for row in contributions if row["party"] == key]
        result.add_amounts(
            f"contributions.{key}.amount",
            f"Insatser i kronor från {label}",
            {int(row["collaboration"]): int(row["amount"] or 0) for row in rows},
            "collaboration",
            unit="kr",
        )
        result.add_amounts(
            f"contributions.{key}.in_kind",
            f"Insatser i annan form från {label}",
            {int(row["collaboration"]): int(row["in_kind"] or 0) for row in rows},
            "collaboration",
        )
    result.tables["collaborations"].append(
        {
            "caption": f"Organisationer och insatser ({start.year}–{end.year})"
            if start.year != end.year
            else f"Organisationer och insatser ({start.year})",
            "headers": ["Mått", "Värde"],
            "rows": [
                figure_row("Organisationer som deltar", "collaborations.organisations"),
                figure_row("Varav idéburna", "collaborations.idea_based"),
                figure_row("Kommunens insatser i kronor", "contributions.municipality.amount"),
                figure_row(
                    "Organisationernas insatser i kronor", "contributions.organisations.amount"
                ),
                figure_row("Kommunens insatser i annan form", "contributions.municipality.in_kind"),
                figure_row(
                    "Organisationernas insatser i annan form", "contributions.organisations.in_kind"
                ),
            ],
        }
    )


def _started(result: FigureSet, start: date, end: date, started: list[dict[str, Any]]) -> None:
    by_month = {row["month"]: int(row["n"]) for row in started}
    result.tables.setdefault("collaborations_timeline", []).append(
        {
            "caption": "Tidslinje: ny samverkan per månad",
            "headers": ["Månad", "Samverkan som startade"],
            "rows": [
                text_row(month_label(m), str(by_month.get(m, 0))) for m in months_of(start, end)
            ],
        }
    )

"""Figures of the service-design strand and the insight chain's gaps for the period."""

from __future__ import annotations

from datetime import date

from tracker.db import fetch_rows
from tracker.insights.rules import CHANGE_STATUS_LABELS, PROMISING_LEVELS
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

# --- the service-design strand -----------------------------------------------------------------


async def project_figures(result: FigureSet, start: date, end: date, lists: Lists) -> None:
    first, after = period_moments(start, end)
    by_step = await fetch_rows(
        f"SELECT p.current_step AS grp, COUNT(*) AS n, {ids_agg('p.id')} AS ids FROM project p "
        "WHERE p.archived_at IS NULL AND p.start_date <= {} GROUP BY p.current_step",
        end,
    )
    iterations = await fetch_rows(
        f"SELECT {month_of('i.started_on')} AS month, COUNT(*) AS n, {ids_agg('i.id')} AS ids "
        "FROM iteration i JOIN project p ON p.id = i.project WHERE p.archived_at IS NULL "
        "AND i.started_on >= {} AND i.started_on <= {} GROUP BY 1",
        start,
        end,
    )
    moves = await fetch_rows(
        "SELECT m.from_step AS from_step, m.to_step AS to_step, COUNT(*) AS n, "
        f"{ids_agg('m.id')} AS ids FROM step_move m JOIN project p ON p.id = m.project "
        "WHERE p.archived_at IS NULL AND m.moved_at >= {} AND m.moved_at < {} "
        "GROUP BY m.from_step, m.to_step",
        first,
        after,
    )
    insights = await fetch_rows(
        f"SELECT COUNT(*) AS n, {ids_agg('i.id')} AS ids FROM insight i "
        "WHERE i.archived_at IS NULL AND i.created_at >= {} AND i.created_at < {}",
        first,
        after,
    )
    statuses = await fetch_rows(
        f"SELECT e.status AS grp, COUNT(*) AS n, {ids_agg('c.id')} AS ids FROM service_change c "
        "JOIN change_status_event e ON e.change = c.id WHERE c.archived_at IS NULL "
        "AND e.id = (SELECT e2.id FROM change_status_event e2 WHERE e2.change = c.id "
        "AND e2.status_on <= {} ORDER BY e2.status_on DESC, e2.id DESC LIMIT 1) "
        "GROUP BY e.status",
        end,
    )
    introduced = await fetch_rows(
        f"SELECT {month_of('e.status_on')} AS month, COUNT(DISTINCT e.change) AS n, "
        f"{ids_agg('e.change')} AS ids FROM change_status_event e "
        "JOIN service_change c ON c.id = e.change WHERE c.archived_at IS NULL "
        "AND e.status = 'implemented' AND e.status_on >= {} AND e.status_on <= {} GROUP BY 1",
        start,
        end,
    )

    steps = {row["grp"]: split_ids(row["ids"]) for row in by_step}
    project_ids = [i for ids in steps.values() for i in ids]
    rows = [
        figure_row(
            "Samtliga projekt",
            result.add(
                "projects.active", "Tjänstedesignprojekt", len(project_ids), "project", project_ids
            ),
        )
    ]
    chart_steps = []
    for phase in lists.catalogue:
        ids = steps.get(phase.key, [])
        key = result.add(
            f"projects.step.{phase.key}", f"Projekt i steget {phase.name}", len(ids), "project", ids
        )
        rows.append(figure_row(phase.name, key))
        chart_steps.append({"label": phase.name, "values": [len(ids)]})
    result.tables.setdefault("projects", []).append(
        {
            "caption": "Projekt per steg i Innovationsguiden",
            "headers": ["Steg", "Antal projekt"],
            "rows": rows,
        }
    )
    result.charts["steps"] = {
        "title": "Projekt per steg i Innovationsguiden",
        "series": ["Projekt"],
        "bars": chart_steps,
    }

    order = {phase.key: phase.order for phase in lists.catalogue}
    iteration_ids = [i for row in iterations for i in split_ids(row["ids"])]
    regressions = [
        i
        for row in moves
        if order.get(row["to_step"], 0) < order.get(row["from_step"], 0)
        for i in split_ids(row["ids"])
    ]
    insight_ids = split_ids(insights[0]["ids"]) if insights else []
    introduced_ids = [i for row in introduced for i in split_ids(row["ids"])]
    result.add(
        "projects.iterations",
        "Iterationer under perioden",
        len(iteration_ids),
        "iteration",
        iteration_ids,
    )
    result.add(
        "projects.regressions",
        "Steg tillbaka under perioden",
        len(regressions),
        "step_move",
        regressions,
    )
    result.add(
        "projects.insights",
        "Insikter formulerade under perioden",
        len(insight_ids),
        "insight",
        insight_ids,
    )
    result.add(
        "changes.introduced",
        "Tjänsteförändringar införda under perioden",
        len(introduced_ids),
        "service_change",
        introduced_ids,
    )
    change_rows = []
    status_ids = {row["grp"]: split_ids(row["ids"]) for row in statuses}
    for status, label in CHANGE_STATUS_LABELS.items():
        ids = status_ids.get(status, [])
        change_rows.append(
            figure_row(
                label,
                result.add(
                    f"changes.status.{status}",
                    f"Tjänsteförändringar: {label.lower()}",
                    len(ids),
                    "service_change",
                    ids,
                ),
            )
        )
    result.tables["projects"].append(
        {
            "caption": "Arbetet i projekten under perioden",
            "headers": ["Mått", "Antal"],
            "rows": [
                figure_row("Iterationer", "projects.iterations"),
                figure_row("Steg tillbaka (med skäl)", "projects.regressions"),
                figure_row("Insikter formulerade", "projects.insights"),
                figure_row("Tjänsteförändringar införda", "changes.introduced"),
            ],
        }
    )
    result.tables["projects"].append(
        {
            "caption": "Tjänsteförändringar per status vid periodens slut",
            "headers": ["Status", "Antal"],
            "rows": change_rows,
        }
    )
    iterations_by_month = {row["month"]: int(row["n"]) for row in iterations}
    introduced_by_month = {row["month"]: int(row["n"]) for row in introduced}
    result.tables.setdefault("projects_timeline", []).append(
        {
            "caption": "Tidslinje: iterationer och införda förändringar per månad",
            "headers": ["Månad", "Iterationer", "Införda förändringar"],
            "rows": [
                text_row(
                    month_label(m),
                    str(iterations_by_month.get(m, 0)),
                    str(introduced_by_month.get(m, 0)),
                )
                for m in months_of(start, end)
            ],
        }
    )


# --- the insight chain's gaps ------------------------------------------------------------------


_HELD_IN_PERIOD = (
    "d.archived_at IS NULL AND d.state IN ('held', 'fed_back') AND EXISTS ("
    "SELECT 1 FROM dialogue_session s WHERE s.dialogue = d.id "
    "AND s.held_on >= {} AND s.held_on <= {})"
)
_INSIGHT_FROM_DIALOGUE = (
    "SELECT 1 FROM evidence e JOIN insight_evidence ie ON ie.evidence = e.id "
    "WHERE e.source_type = 'dialogue' AND e.source_id = d.id"
)


async def gap_figures(result: FigureSet, start: date, end: date) -> None:
    """The chain's gap views (as on /kedjan) for the records of the period, in one statement:
    held dialogues with no insight, promised influence with no change, insights of the period
    that no project uses, and changes existing at the period's end with no evidence."""
    first, after = period_moments(start, end)
    levels = ", ".join(f"'{level}'" for level in PROMISING_LEVELS)  # constants, not input
    found = await fetch_rows(
        f"SELECT 'silent' AS gap, {ids_agg('d.id')} AS ids FROM dialogue d "
        f"WHERE {_HELD_IN_PERIOD} AND NOT EXISTS ({_INSIGHT_FROM_DIALOGUE}) "
        f"UNION ALL SELECT 'promises', {ids_agg('d.id')} FROM dialogue d "
        f"WHERE {_HELD_IN_PERIOD} AND d.level_promised IN ({levels}) AND NOT EXISTS ("
        "SELECT 1 FROM evidence e JOIN insight_evidence ie ON ie.evidence = e.id "
        "JOIN change_insight ci ON ci.insight = ie.insight "
        "WHERE e.source_type = 'dialogue' AND e.source_id = d.id) "
        f"UNION ALL SELECT 'unused', {ids_agg('i.id')} FROM insight i "
        "WHERE i.archived_at IS NULL AND i.created_at >= {} AND i.created_at < {} "
        "AND NOT EXISTS (SELECT 1 FROM insight_use u WHERE u.insight = i.id) "
        f"UNION ALL SELECT 'unbacked', {ids_agg('c.id')} FROM service_change c "
        "WHERE c.archived_at IS NULL AND EXISTS (SELECT 1 FROM change_status_event e2 "
        "WHERE e2.change = c.id AND e2.status_on <= {}) AND NOT EXISTS ("
        "SELECT 1 FROM change_insight ci JOIN insight_evidence ie ON ie.insight = ci.insight "
        "WHERE ci.change = c.id)",
        start,
        end,
        start,
        end,
        first,
        after,
        end,
    )
    gaps = {row["gap"]: split_ids(row["ids"]) for row in found}
    silent, promises = gaps.get("silent", []), gaps.get("promises", [])
    unused, unbacked = gaps.get("unused", []), gaps.get("unbacked", [])
    result.add("gaps.silent", "Genomförda dialoger utan insikter", len(silent), "dialogue", silent)
    result.add(
        "gaps.promises", "Utlovat inflytande utan förändring", len(promises), "dialogue", promises
    )
    result.add("gaps.unused", "Insikter som inget projekt använder", len(unused), "insight", unused)
    result.add(
        "gaps.unbacked", "Förändringar utan underlag", len(unbacked), "service_change", unbacked
    )
    result.tables["gaps"] = [
        {
            "caption": "Där kedjan från underlag till återkoppling brister",
            "headers": ["Brist", "Antal"],
            "rows": [
                figure_row("Genomförda dialoger utan insikter", "gaps.silent"),
                figure_row(
                    "Utlovat inflytande eller medbeslutande utan förändring", "gaps.promises"
                ),
                figure_row("Försenade återkopplingar", "feedback.overdue"),
                figure_row("Insikter som inget projekt använder", "gaps.unused"),
                figure_row("Tjänsteförändringar utan underlag", "gaps.unbacked"),
            ],
        }
    ]

"""Figures of the service-design strand and the insight chain's gaps for the period.

Steps are read as of the period's end (tracker.reports.as_of); what counts is decided by the
same predicates as /kedjan and the record pages (tracker.insights.counting)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.db import fetch_rows
from tracker.insights import counting
from tracker.insights.counting import live, live_change
from tracker.insights.rules import CHANGE_STATUS_LABELS, PROMISING_LEVELS
from tracker.reports.as_of import AFTER, dialogue_done_at_end, project_step_at_end, with_end
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
        with_end() + f"SELECT x.grp AS grp, COUNT(*) AS n, {ids_agg('x.id')} AS ids FROM ("
        f"SELECT p.id AS id, {project_step_at_end('p')} AS grp FROM project p "
        f"WHERE {live('p')} AND p.start_date <= {{}}) x GROUP BY x.grp",
        after,
        end,
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
        f"JOIN change_status_event e ON e.change = c.id WHERE {live_change('c')} "
        "AND e.id = (SELECT e2.id FROM change_status_event e2 WHERE e2.change = c.id "
        "AND e2.status_on <= {} ORDER BY e2.status_on DESC, e2.id DESC LIMIT 1) "
        "GROUP BY e.status",
        end,
    )
    introduced = await fetch_rows(
        f"SELECT {month_of('e.status_on')} AS month, COUNT(DISTINCT e.change) AS n, "
        f"{ids_agg('e.change')} AS ids FROM change_status_event e "
        f"JOIN service_change c ON c.id = e.change WHERE {live_change('c')} "
        "AND e.status = 'implemented' AND e.status_on >= {} AND e.status_on <= {} GROUP BY 1",
        start,
        end,
    )
    _steps(result, by_step, lists)
    _work(result, iterations, moves, insights, introduced, lists)
    _statuses(result, statuses)
    _project_timeline(result, start, end, iterations, introduced)


def _steps(result: FigureSet, by_step: list[dict[str, Any]], lists: Lists) -> None:
    """Projects by the step they were in at the period's end."""
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
            f"projects.step.{phase.key}",
            f"Projekt i steget {phase.name} vid periodens slut",
            len(ids),
            "project",
            ids,
        )
        rows.append(figure_row(phase.name, key))
        chart_steps.append({"label": phase.name, "values": [len(ids)]})
    result.tables.setdefault("projects", []).append(
        {
            "caption": "Projekt per steg i Innovationsguiden vid periodens slut",
            "headers": ["Steg", "Antal projekt"],
            "rows": rows,
        }
    )
    result.charts["steps"] = {
        "title": "Projekt per steg i Innovationsguiden",
        "series": ["Projekt"],
        "bars": chart_steps,
    }


def _work(
    result: FigureSet,
    iterations: list[dict[str, Any]],
    moves: list[dict[str, Any]],
    insights: list[dict[str, Any]],
    introduced: list[dict[str, Any]],
    lists: Lists,
) -> None:
    """Iterations, steps back, insights and changes introduced in the period."""
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


def _statuses(result: FigureSet, statuses: list[dict[str, Any]]) -> None:
    """Service changes by the status they had at the period's end."""
    change_rows = []
    status_ids = {row["grp"]: split_ids(row["ids"]) for row in statuses}
    for status, label in CHANGE_STATUS_LABELS.items():
        ids = status_ids.get(status, [])
        change_rows.append(
            figure_row(
                label,
                result.add(
                    f"changes.status.{status}",
                    f"Tjänsteförändringar med status {label.lower()} vid periodens slut",
                    len(ids),
                    "service_change",
                    ids,
                ),
            )
        )
    result.tables["projects"].append(
        {
            "caption": "Tjänsteförändringar per status vid periodens slut",
            "headers": ["Status", "Antal"],
            "rows": change_rows,
        }
    )


def _project_timeline(
    result: FigureSet,
    start: date,
    end: date,
    iterations: list[dict[str, Any]],
    introduced: list[dict[str, Any]],
) -> None:
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


async def gap_figures(result: FigureSet, start: date, end: date) -> None:
    """The chain's gap views (as on /kedjan, with the same predicates) as of the period's end,
    in one statement: dialogues that were genomförda at the end with no insight, those that
    promised influence with no change, insights of the period no project used by the end, and
    changes existing at the end with no evidence behind them."""
    first, after = period_moments(start, end)
    levels = ", ".join(f"'{level}'" for level in PROMISING_LEVELS)  # constants, not input
    done = f"{live('d')} AND {dialogue_done_at_end('d')}"
    found = await fetch_rows(
        with_end() + f"SELECT 'done' AS gap, {ids_agg('d.id')} AS ids FROM dialogue d "
        f"WHERE {done} "
        f"UNION ALL SELECT 'silent', {ids_agg('d.id')} FROM dialogue d WHERE {done} "
        f"AND NOT {counting.dialogue_has_insight('d.id', AFTER)} "
        f"UNION ALL SELECT 'promises', {ids_agg('d.id')} FROM dialogue d WHERE {done} "
        f"AND d.level_promised IN ({levels}) "
        f"AND NOT {counting.dialogue_led_to_change('d.id', AFTER)} "
        f"UNION ALL SELECT 'unused', {ids_agg('i.id')} FROM insight i WHERE {live('i')} "
        "AND i.created_at >= {} AND i.created_at < {} "
        f"AND NOT {counting.insight_used('i.id', AFTER)} "
        f"UNION ALL SELECT 'unbacked', {ids_agg('c.id')} FROM service_change c "
        f"WHERE {live_change('c')} AND EXISTS (SELECT 1 FROM change_status_event e2 "
        "WHERE e2.change = c.id AND e2.status_on <= {}) "
        f"AND NOT {counting.change_backed('c.id', AFTER)}",
        after,
        end,
        first,
        after,
        end,
    )
    gaps = {row["gap"]: split_ids(row["ids"]) for row in found}
    _gap_table(result, gaps)


DONE_LABEL = "Dialoger som var genomförda vid periodens slut"


def _gap_table(result: FigureSet, gaps: dict[str, list[int]]) -> None:
    done, silent = gaps.get("done", []), gaps.get("silent", [])
    promises = gaps.get("promises", [])
    unused, unbacked = gaps.get("unused", []), gaps.get("unbacked", [])
    result.add("dialogues.done", DONE_LABEL, len(done), "dialogue", done)
    result.add("gaps.silent", f"{DONE_LABEL}, utan insikter", len(silent), "dialogue", silent)
    result.add(
        "gaps.promises",
        f"{DONE_LABEL}, som utlovade inflytande eller medbeslutande, utan förändring",
        len(promises),
        "dialogue",
        promises,
    )
    result.add(
        "gaps.unused",
        "Insikter formulerade under perioden som inget projekt använde vid periodens slut",
        len(unused),
        "insight",
        unused,
    )
    result.add(
        "gaps.unbacked",
        "Tjänsteförändringar vid periodens slut utan underlag",
        len(unbacked),
        "service_change",
        unbacked,
    )
    result.tables["gaps"] = [
        {
            "caption": "Där kedjan från underlag till återkoppling brister vid periodens slut",
            "headers": ["Brist", "Antal"],
            "rows": [
                figure_row(DONE_LABEL, "dialogues.done"),
                figure_row("– varav utan insikter", "gaps.silent"),
                figure_row(
                    "– varav utlovat inflytande eller medbeslutande utan förändring",
                    "gaps.promises",
                ),
                figure_row("Försenade återkopplingar", "feedback.overdue"),
                figure_row("Insikter från perioden som inget projekt använder", "gaps.unused"),
                figure_row("Tjänsteförändringar utan underlag", "gaps.unbacked"),
            ],
        }
    ]

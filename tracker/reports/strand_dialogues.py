"""Figures of the dialogue strand (medborgardialog): states, levels, feedback.

Two sets are named for what they are (one term, one set): *dialoger med dialogtillfällen under
perioden* (a session held in the period, whatever the state) and *dialoger som var genomförda
vid periodens slut* (the state Genomförd or Återkopplad at the end; counted with the chain's
gaps in strand_projects). States are read as of the period's end (tracker.reports.as_of).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.db import fetch_rows
from tracker.dialogues.rules import STATE_LABELS
from tracker.insights.counting import live
from tracker.reports.as_of import dialogue_state_at_end, with_end
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

_SESSION_IN_PERIOD = (
    "EXISTS (SELECT 1 FROM dialogue_session s WHERE s.dialogue = d.id "
    "AND s.held_on >= {} AND s.held_on <= {})"
)
HELD_LABEL = "Dialoger med dialogtillfällen under perioden"


async def dialogue_figures(result: FigureSet, start: date, end: date, lists: Lists) -> None:
    period = (start, end)
    _, after = period_moments(start, end)
    active = await fetch_rows(
        with_end() + f"SELECT x.grp AS grp, COUNT(*) AS n, {ids_agg('x.id')} AS ids FROM ("
        f"SELECT d.id AS id, {dialogue_state_at_end('d')} AS grp FROM dialogue d "
        f"WHERE {live('d')} AND ("
        "(d.decided_on >= {} AND d.decided_on <= {}) "
        "OR (d.info_meeting_on >= {} AND d.info_meeting_on <= {}) "
        f"OR {_SESSION_IN_PERIOD} "
        "OR EXISTS (SELECT 1 FROM dialogue_feedback f WHERE f.dialogue = d.id "
        "AND f.given_on >= {} AND f.given_on <= {}))) x GROUP BY x.grp",
        after,
        end,
        *period,
        *period,
        *period,
        *period,
    )
    levels = await fetch_rows(
        "SELECT d.level_promised AS promised, d.level_achieved AS achieved, COUNT(*) AS n, "
        f"{ids_agg('d.id')} AS ids FROM dialogue d WHERE {live('d')} "
        f"AND {_SESSION_IN_PERIOD} GROUP BY d.level_promised, d.level_achieved",
        *period,
    )
    sessions = await fetch_rows(
        f"SELECT {month_of('s.held_on')} AS month, s.dialogue AS dialogue, COUNT(*) AS n, "
        "COALESCE(SUM(s.participants), 0) AS participants "
        "FROM dialogue_session s JOIN dialogue d ON d.id = s.dialogue "
        f"WHERE {live('d')} AND s.held_on >= {{}} AND s.held_on <= {{}} GROUP BY 1, 2",
        *period,
    )
    on_time_sql = (
        "EXISTS (SELECT 1 FROM dialogue_feedback f WHERE f.dialogue = d.id "
        "AND f.audience = 'residents' AND f.given_on <= d.feedback_due)"
    )
    due = await fetch_rows(
        f"SELECT {month_of('d.feedback_due')} AS month, COUNT(*) AS n, {ids_agg('d.id')} AS ids, "
        f"SUM(CASE WHEN {on_time_sql} THEN 1 ELSE 0 END) AS on_time, "
        f"{ids_agg(f'CASE WHEN {on_time_sql} THEN d.id END')} AS on_time_ids "
        f"FROM dialogue d WHERE {live('d')} "
        "AND d.feedback_due >= {} AND d.feedback_due <= {} GROUP BY 1",
        *period,
    )
    overdue = await fetch_rows(
        f"SELECT COUNT(*) AS n, {ids_agg('d.id')} AS ids FROM dialogue d "
        f"WHERE {live('d')} AND d.feedback_due < {{}} AND NOT EXISTS ("
        "SELECT 1 FROM dialogue_feedback f WHERE f.dialogue = d.id "
        "AND f.audience = 'residents' AND f.given_on <= {})",
        end,
        end,
    )
    _states(result, active)
    _held(result, levels, sessions, lists)
    _feedback(result, due, overdue)
    _timeline(result, start, end, due, sessions)


def _states(result: FigureSet, active: list[dict[str, Any]]) -> None:
    """Dialogues active in the period, by the state they were in at its end."""
    by_state = {row["grp"]: row for row in active}
    all_active = [i for row in active for i in split_ids(row["ids"])]
    rows = [
        figure_row(
            "Samtliga med aktivitet under perioden",
            result.add(
                "dialogues.active",
                "Dialoger med aktivitet under perioden",
                len(all_active),
                "dialogue",
                all_active,
            ),
        )
    ]
    for state, label in STATE_LABELS.items():
        ids = split_ids(by_state.get(state, {}).get("ids"))
        if ids:
            key = result.add(
                f"dialogues.state.{state}",
                f"Dialoger i läget {label} vid periodens slut",
                len(ids),
                "dialogue",
                ids,
            )
            rows.append(figure_row(label, key))
    result.tables.setdefault("dialogues", []).append(
        {
            "caption": "Dialoger med aktivitet under perioden, per läge vid periodens slut",
            "headers": ["Läge", "Antal dialoger"],
            "rows": rows,
        }
    )


def _held(
    result: FigureSet,
    levels: list[dict[str, Any]],
    sessions: list[dict[str, Any]],
    lists: Lists,
) -> None:
    """Dialogues with sessions in the period: sessions, participants, levels."""
    held = sorted({i for row in levels for i in split_ids(row["ids"])})
    per_sessions: dict[int, int] = {}
    per_participants: dict[int, int] = {}
    for row in sessions:
        dialogue = int(row["dialogue"])
        per_sessions[dialogue] = per_sessions.get(dialogue, 0) + int(row["n"])
        per_participants[dialogue] = per_participants.get(dialogue, 0) + int(row["participants"])
    result.add("dialogues.held", HELD_LABEL, len(held), "dialogue", held)
    result.add_amounts(
        "dialogues.sessions", "Dialogtillfällen under perioden", per_sessions, "dialogue"
    )
    result.add_amounts(
        "dialogues.participants",
        "Deltagare vid dialogtillfällena under perioden",
        per_participants,
        "dialogue",
    )
    _levels(result, levels, lists)


def _levels(result: FigureSet, levels: list[dict[str, Any]], lists: Lists) -> None:
    promised: dict[str, list[int]] = {}
    achieved: dict[str, list[int]] = {}
    short: list[int] = []
    for row in levels:
        ids = split_ids(row["ids"])
        promised.setdefault(row["promised"] or "", []).extend(ids)
        achieved.setdefault(row["achieved"] or "", []).extend(ids)
        if lists.dialogue_lists.falls_short(row["promised"], row["achieved"]):
            short.extend(ids)
    level_rows = []
    chart_levels = []
    for level in lists.dialogue_lists.levels:
        p_key = result.add(
            f"dialogues.promised.{level.key}",
            f"Utlovad nivå {level.name}",
            len(promised.get(level.key, [])),
            "dialogue",
            promised.get(level.key, []),
        )
        a_key = result.add(
            f"dialogues.achieved.{level.key}",
            f"Uppnådd nivå {level.name}",
            len(achieved.get(level.key, [])),
            "dialogue",
            achieved.get(level.key, []),
        )
        level_rows.append(figure_row(level.name, p_key, a_key))
        chart_levels.append(
            {
                "label": level.name,
                "values": [result.figures[p_key]["value"], result.figures[a_key]["value"]],
            }
        )
    not_judged = achieved.get("", [])
    n_key = result.add(
        "dialogues.achieved.none",
        "Uppnådd nivå inte bedömd",
        len(not_judged),
        "dialogue",
        not_judged,
    )
    result.add("dialogues.short", "Nådde inte utlovad nivå", len(short), "dialogue", short)
    level_rows.append(figure_row("Uppnådd nivå inte bedömd", None, n_key))
    result.tables["dialogues"].append(
        {
            "caption": "Dialoger med dialogtillfällen under perioden, "
            "per nivå på delaktighetstrappan",
            "headers": ["Nivå", "Utlovad", "Uppnådd"],
            "rows": level_rows,
        }
    )
    result.charts["levels"] = {
        "title": "Dialoger med dialogtillfällen under perioden, per nivå",
        "series": ["Utlovad nivå", "Uppnådd nivå"],
        "bars": chart_levels,
    }


def _feedback(result: FigureSet, due: list[dict[str, Any]], overdue: list[dict[str, Any]]) -> None:
    """Feedback: due in the period, on time, and overdue at its end."""
    due_ids = [i for row in due for i in split_ids(row["ids"])]
    on_time_ids = [i for row in due for i in split_ids(row["on_time_ids"])]
    result.add(
        "feedback.due",
        "Återkopplingar som skulle ges under perioden",
        len(due_ids),
        "dialogue",
        due_ids,
    )
    result.add(
        "feedback.on_time", "Återkopplingar givna i tid", len(on_time_ids), "dialogue", on_time_ids
    )
    result.add_share(
        "feedback.share", "Andel återkopplingar i tid", on_time_ids, due_ids, "dialogue"
    )
    overdue_ids = split_ids(overdue[0]["ids"]) if overdue else []
    result.add(
        "feedback.overdue",
        "Försenade återkopplingar vid periodens slut",
        len(overdue_ids),
        "dialogue",
        overdue_ids,
    )
    result.tables["dialogues"].append(
        {
            "caption": "Återkoppling till invånarna",
            "headers": ["Mått", "Värde"],
            "rows": [
                figure_row("Skulle ges under perioden", "feedback.due"),
                figure_row("Gavs i tid", "feedback.on_time"),
                figure_row("Andel i tid", "feedback.share"),
                figure_row("Försenade vid periodens slut", "feedback.overdue"),
                figure_row("Dialoger med dialogtillfällen", "dialogues.held"),
                figure_row("Dialogtillfällen", "dialogues.sessions"),
                figure_row("Deltagare", "dialogues.participants"),
                figure_row("Nådde inte utlovad nivå", "dialogues.short"),
            ],
        }
    )


def _timeline(
    result: FigureSet,
    start: date,
    end: date,
    due: list[dict[str, Any]],
    sessions: list[dict[str, Any]],
) -> None:
    due_by_month = {row["month"]: row for row in due}
    sessions_by_month: dict[str, int] = {}
    for row in sessions:
        sessions_by_month[row["month"]] = sessions_by_month.get(row["month"], 0) + int(row["n"])
    month_rows = []
    chart_months = []
    for month in months_of(start, end):
        due_row = due_by_month.get(month)
        count = int(due_row["n"]) if due_row else 0
        timely = int(due_row["on_time"] or 0) if due_row else 0
        chart_months.append({"label": month_label(month), "values": [count, timely]})
        month_rows.append(
            text_row(
                month_label(month),
                str(sessions_by_month.get(month, 0)),
                str(count),
                str(timely),
            )
        )
    result.charts["feedback"] = {
        "title": "Återkoppling i tid per månad",
        "series": ["Skulle ges", "Gavs i tid"],
        "bars": chart_months,
    }
    result.tables.setdefault("dialogues_timeline", []).append(
        {
            "caption": "Tidslinje: dialogtillfällen och återkopplingar per månad",
            "headers": ["Månad", "Dialogtillfällen", "Återkopplingar som skulle ges", "Gavs i tid"],
            "rows": month_rows,
        }
    )

"""Figures of the dialogue strand (medborgardialog): states, levels, feedback."""

from __future__ import annotations

from datetime import date

from tracker.db import fetch_rows
from tracker.dialogues.rules import STATE_LABELS
from tracker.reports.figureset import (
    FigureSet,
    Lists,
    figure_row,
    ids_agg,
    month_label,
    month_of,
    months_of,
    split_ids,
    text_row,
)

# --- -----------------------------------------------------------------------

_SESSION_IN_PERIOD = (
    "EXISTS (SELECT 1 FROM dialogue_session s WHERE s.dialogue = d.id "
    "AND s.held_on >= {} AND s.held_on <= {})"
)


async def dialogue_figures(result: FigureSet, start: date, end: date, lists: Lists) -> None:
    period = (start, end)
    active = await fetch_rows(
        f"SELECT d.state AS grp, COUNT(*) AS n, {ids_agg('d.id')} AS ids FROM dialogue d "
        "WHERE d.archived_at IS NULL AND ("
        "(d.decided_on >= {} AND d.decided_on <= {}) "
        "OR (d.info_meeting_on >= {} AND d.info_meeting_on <= {}) "
        f"OR {_SESSION_IN_PERIOD} "
        "OR EXISTS (SELECT 1 FROM dialogue_feedback f WHERE f.dialogue = d.id "
        "AND f.given_on >= {} AND f.given_on <= {})) GROUP BY d.state",
        *period,
        *period,
        *period,
        *period,
    )
    levels = await fetch_rows(
        "SELECT d.level_promised AS promised, d.level_achieved AS achieved, COUNT(*) AS n, "
        f"{ids_agg('d.id')} AS ids FROM dialogue d WHERE d.archived_at IS NULL "
        f"AND {_SESSION_IN_PERIOD} GROUP BY d.level_promised, d.level_achieved",
        *period,
    )
    sessions = await fetch_rows(
        f"SELECT {month_of('s.held_on')} AS month, COUNT(*) AS n, "
        f"COALESCE(SUM(s.participants), 0) AS participants, {ids_agg('s.dialogue')} AS ids "
        "FROM dialogue_session s JOIN dialogue d ON d.id = s.dialogue "
        "WHERE d.archived_at IS NULL AND s.held_on >= {} AND s.held_on <= {} GROUP BY 1",
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
        "FROM dialogue d WHERE d.archived_at IS NULL "
        "AND d.feedback_due >= {} AND d.feedback_due <= {} GROUP BY 1",
        *period,
    )
    overdue = await fetch_rows(
        f"SELECT COUNT(*) AS n, {ids_agg('d.id')} AS ids FROM dialogue d "
        "WHERE d.archived_at IS NULL AND d.feedback_due < {} AND NOT EXISTS ("
        "SELECT 1 FROM dialogue_feedback f WHERE f.dialogue = d.id "
        "AND f.audience = 'residents' AND f.given_on <= {})",
        end,
        end,
    )

    # Dialogues active in the period, by state.
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
                f"dialogues.state.{state}", f"Dialoger i läget {label}", len(ids), "dialogue", ids
            )
            rows.append(figure_row(label, key))
    result.tables.setdefault("dialogues", []).append(
        {"caption": "Dialoger per läge", "headers": ["Läge", "Antal dialoger"], "rows": rows}
    )

    # Held in the period: sessions, participants, level promised and achieved.
    held = sorted({i for row in levels for i in split_ids(row["ids"])})
    session_count = sum(int(row["n"]) for row in sessions)
    participants = sum(int(row["participants"]) for row in sessions)
    result.add("dialogues.held", "Dialoger genomförda under perioden", len(held), "dialogue", held)
    result.add(
        "dialogues.sessions", "Dialogtillfällen under perioden", session_count, "dialogue", held
    )
    result.add(
        "dialogues.participants", "Deltagare vid dialogtillfällena", participants, "dialogue", held
    )
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
    s_key = result.add("dialogues.short", "Nådde inte utlovad nivå", len(short), "dialogue", short)
    level_rows.append(figure_row("Uppnådd nivå inte bedömd", None, n_key))
    result.tables["dialogues"].append(
        {
            "caption": "Genomförda dialoger per nivå på delaktighetstrappan",
            "headers": ["Nivå", "Utlovad", "Uppnådd"],
            "rows": level_rows,
        }
    )
    result.charts["levels"] = {
        "title": "Genomförda dialoger per nivå på delaktighetstrappan",
        "series": ["Utlovad nivå", "Uppnådd nivå"],
        "bars": chart_levels,
    }

    # Feedback: on time, by month due, and overdue at the end of the period.
    due_by_month = {row["month"]: row for row in due}
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
                figure_row("Genomförda dialoger", "dialogues.held"),
                figure_row("Dialogtillfällen", "dialogues.sessions"),
                figure_row("Deltagare", "dialogues.participants"),
                figure_row("Nådde inte utlovad nivå", s_key),
            ],
        }
    )
    month_rows = []
    chart_months = []
    sessions_by_month = {row["month"]: row for row in sessions}
    for month in months_of(start, end):
        due_row = due_by_month.get(month)
        count = int(due_row["n"]) if due_row else 0
        timely = int(due_row["on_time"] or 0) if due_row else 0
        chart_months.append({"label": month_label(month), "values": [count, timely]})
        session_row = sessions_by_month.get(month)
        month_rows.append(
            text_row(
                month_label(month),
                str(int(session_row["n"])) if session_row else "0",
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

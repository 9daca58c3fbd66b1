"""The promised effects of the service changes introduced in the period: how many reached their
target, how many did not, how many are not yet measured, as of the period's end.

A change is introduced in the period when it got the status införd with a date in the period
(as "changes.introduced"). Each of its effects is judged by the latest follow-up measured on or
before the period's last day, by the rule of tracker.design.effect_rules (the target may be
higher or lower than the baseline). One statement, whatever the number of effects.
"""

from __future__ import annotations

from datetime import date

from tracker.db import fetch_rows
from tracker.design.effect_rules import MET, NOT_MEASURED, NOT_MET, OUTCOME_LABELS, Measurement
from tracker.design.effect_rules import outcome as effect_outcome
from tracker.insights.counting import live_change
from tracker.kinds import SERVICE_EFFECT
from tracker.reports.figureset import FigureSet, figure_row

_LABELS = {
    MET: "Effektmål som nåtts",
    NOT_MET: "Effektmål som inte nåtts",
    NOT_MEASURED: "Effektmål som inte mätts än",
}

_EFFECTS = (
    "SELECT ef.id, ef.baseline_value, ef.target_value, "
    "(SELECT f.value FROM effect_follow_up f WHERE f.effect = ef.id AND f.value IS NOT NULL "
    "AND f.measured_on <= {} ORDER BY f.measured_on DESC, f.id DESC LIMIT 1) AS latest "
    "FROM service_effect ef JOIN service_change c ON c.id = ef.change "
    f"WHERE ef.archived_at IS NULL AND {live_change('c')} AND EXISTS (SELECT 1 FROM "
    "change_status_event e WHERE e.change = c.id AND e.status = 'implemented' "
    "AND e.status_on >= {} AND e.status_on <= {}) ORDER BY ef.id"
)


async def effect_figures(result: FigureSet, start: date, end: date) -> None:
    """effects.met, effects.not_met and effects.not_measured (each computed, even at 0), and
    their table in the projects strand."""
    rows = await fetch_rows(_EFFECTS, end, start, end)
    ids: dict[str, list[int]] = {MET: [], NOT_MET: [], NOT_MEASURED: []}
    for row in rows:
        measured = [] if row["latest"] is None else [Measurement(end, float(row["latest"]))]
        judged = effect_outcome(float(row["baseline_value"]), float(row["target_value"]), measured)
        ids[judged].append(int(row["id"]))
    table_rows = [
        figure_row(
            OUTCOME_LABELS[key],
            result.add(f"effects.{key}", label, len(ids[key]), SERVICE_EFFECT.key, ids[key]),
        )
        for key, label in _LABELS.items()
    ]
    result.tables.setdefault("projects", []).append(
        {
            "caption": "Effektmål för tjänsteförändringar införda under perioden, "
            "vid periodens slut",
            "headers": ["Utfall", "Antal"],
            "rows": table_rows,
        }
    )

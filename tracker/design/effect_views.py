"""What the effect pages and sections read: one or two queries, whatever the amount of data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.db import MAX_ID, fetch_rows
from tracker.design import effect_rules as rules
from tracker.design.effect_rules import EffectChart, Measurement

EFFECT_COLUMNS = (
    "e.id, e.change, e.indicator, e.method, e.measured_by, e.unit, e.baseline_value, "
    "e.baseline_on, e.target_value, e.target_on, e.version, e.created_at, e.created_by, "
    "e.archived_at"
)
FOLLOW_UP_COLUMNS = (
    "f.id AS follow_up_id, f.planned_on, f.measured_on, f.value, f.comment, f.recorded_at, "
    "f.recorded_by"
)


@dataclass(slots=True)
class Effect:
    row: dict[str, Any]
    follow_ups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def measurements(self) -> list[Measurement]:
        return [
            Measurement(f["measured_on"], float(f["value"]))
            for f in self.follow_ups
            if f["value"] is not None
        ]

    @property
    def baseline(self) -> float:
        return float(self.row["baseline_value"])

    @property
    def target(self) -> float:
        return float(self.row["target_value"])

    @property
    def outcome(self) -> str:
        return rules.outcome(self.baseline, self.target, self.measurements)

    @property
    def direction(self) -> str:
        return rules.direction(self.baseline, self.target)

    @property
    def latest(self) -> Measurement | None:
        return rules.latest(self.measurements)

    @property
    def progress(self) -> int | None:
        last = self.latest
        return rules.progress(last.value, self.baseline, self.target) if last else None

    @property
    def chart(self) -> EffectChart:
        return rules.chart(
            Measurement(self.row["baseline_on"], self.baseline),
            Measurement(self.row["target_on"], self.target),
            self.measurements,
        )

    @property
    def next_follow_up(self) -> dict[str, Any] | None:
        """The earliest planned follow-up not yet measured."""
        return next((f for f in self.follow_ups if f["value"] is None), None)

    def state(self, follow_up: dict[str, Any], today: date) -> str:
        return rules.follow_up_state(follow_up["planned_on"], follow_up["value"] is not None, today)


def _effects(rows: list[dict[str, Any]]) -> list[Effect]:
    """Rows of effects joined with their follow-ups (none: one row with NULLs) as Effects."""
    effects: dict[int, Effect] = {}
    follow_keys = ("planned_on", "measured_on", "value", "comment", "recorded_at", "recorded_by")
    for row in rows:
        effect = effects.get(row["id"])
        if effect is None:
            effect = effects[row["id"]] = Effect(
                {k: v for k, v in row.items() if k not in follow_keys and k != "follow_up_id"}
            )
        if row["follow_up_id"] is not None:
            effect.follow_ups.append(
                {"id": row["follow_up_id"], **{key: row[key] for key in follow_keys}}
            )
    return list(effects.values())


async def effects_of_change(change_id: int) -> list[Effect]:
    """The change's effects, oldest first, each with its follow-ups in date order."""
    if not 0 < change_id <= MAX_ID:
        return []
    rows = await fetch_rows(
        f"SELECT {EFFECT_COLUMNS}, {FOLLOW_UP_COLUMNS} FROM service_effect e "
        "LEFT JOIN effect_follow_up f ON f.effect = e.id "
        "WHERE e.change = {} AND e.archived_at IS NULL "
        "ORDER BY e.id, COALESCE(f.measured_on, f.planned_on), f.id",
        change_id,
    )
    return _effects(rows)


async def effect_page(effect_id: int) -> Effect | None:
    """An effect (archived too) with its change and project (titles), and its follow-ups."""
    if not 0 < effect_id <= MAX_ID:
        return None
    rows = await fetch_rows(
        f"SELECT {EFFECT_COLUMNS}, {FOLLOW_UP_COLUMNS}, c.title AS change_title, "
        "c.project, p.title AS project_title FROM service_effect e "
        "JOIN service_change c ON c.id = e.change JOIN project p ON p.id = c.project "
        "LEFT JOIN effect_follow_up f ON f.effect = e.id "
        "WHERE e.id = {} "
        "ORDER BY COALESCE(f.measured_on, f.planned_on), f.id",
        effect_id,
    )
    effects = _effects(rows)
    return effects[0] if effects else None


async def due_follow_ups(project_ids: list[int], until: date) -> list[dict[str, Any]]:
    """The follow-ups not yet measured, planned on or before `until`, of the projects' changes
    (not closed), earliest first."""
    if not project_ids:
        return []
    marks = ", ".join("{}" for _ in project_ids)
    return await fetch_rows(
        "SELECT f.id, f.planned_on, e.id AS effect, e.indicator, c.id AS change, "
        "c.title AS change_title, c.project FROM effect_follow_up f "
        "JOIN service_effect e ON e.id = f.effect JOIN service_change c ON c.id = e.change "
        f"WHERE f.value IS NULL AND f.planned_on <= {{}} AND c.project IN ({marks}) "
        "AND e.archived_at IS NULL AND c.archived_at IS NULL AND c.status <> 'closed' "
        "ORDER BY f.planned_on, f.id",
        until,
        *project_ids,
    )

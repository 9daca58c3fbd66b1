"""The rules of promised effects: which way is better, whether a target is met, what is due.

An effect's target may be higher than its baseline (more residents served) or lower (fewer
days of waiting); the direction follows from the two. The latest measurement decides: met if it
has reached the target in that direction, not met if it has not, not yet measured if there is
none. A planned follow-up without a measurement is due from its date and overdue after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MET = "met"
NOT_MET = "not_met"
NOT_MEASURED = "not_measured"
OUTCOME_LABELS = {MET: "Målet nått", NOT_MET: "Målet inte nått", NOT_MEASURED: "Inte mätt än"}

HIGHER = "higher"
LOWER = "lower"
DIRECTION_LABELS = {HIGHER: "högre är bättre", LOWER: "lägre är bättre"}

DUE_SOON_DAYS = 14  # a follow-up shows as coming up this many days ahead
MAX_FOLLOW_UPS = 12
_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


@dataclass(frozen=True, slots=True)
class Measurement:
    measured_on: date
    value: float


def parse_value(text: str) -> float | None:
    """A measured value as typed in Swedish ("72,5", "1 200") or None if it is not a number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def format_value(value: float | None) -> str:
    """A value as a Swede writes it: 72,5 and 40 (no trailing ,0)."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "\u2212")


def direction(baseline: float, target: float) -> str:
    return LOWER if target < baseline else HIGHER


def reached(value: float, baseline: float, target: float) -> bool:
    if direction(baseline, target) == LOWER:
        return value <= target
    return value >= target


def latest(measurements: Sequence[Measurement]) -> Measurement | None:
    return max(measurements, key=lambda m: m.measured_on, default=None)


def outcome(baseline: float, target: float, measurements: Sequence[Measurement]) -> str:
    """Met, not met or not yet measured, by the latest measurement."""
    last = latest(measurements)
    if last is None:
        return NOT_MEASURED
    return MET if reached(last.value, baseline, target) else NOT_MET


def progress(value: float, baseline: float, target: float) -> int:
    """How far from the baseline to the target a value has come, in whole per cent (may be
    below 0 if it went the wrong way, or above 100 if it passed the target)."""
    if target == baseline:
        return 100
    return round(100 * (value - baseline) / (target - baseline))


def follow_up_state(planned_on: date, measured: bool, today: date) -> str:
    """done, overdue (its date has passed), due (today), soon (within two weeks) or planned."""
    if measured:
        return "done"
    if planned_on < today:
        return "overdue"
    if planned_on == today:
        return "due"
    if planned_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "soon"
    return "planned"


FOLLOW_UP_STATE_LABELS = {
    "done": "Mätt",
    "overdue": "Försenad",
    "due": "Ska göras i dag",
    "soon": "Snart",
    "planned": "Planerad",
}


def parse_dates(text: str) -> list[date] | None:
    """Follow-up dates typed one per line or separated by commas; None if one is not a date."""
    parts = [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]
    days: list[date] = []
    for part in parts:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            return None
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            return None
    return sorted(set(days))


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class EffectChart:
    """Coordinates in a 0–100 × 0–100 box (y grows downwards, as in SVG)."""

    points: list[ChartPoint]
    baseline_y: float
    target_y: float
    low: float
    high: float


def chart(
    baseline: Measurement, target: Measurement, measurements: Sequence[Measurement]
) -> EffectChart:
    """The baseline and the measurements as a line over time, and the target as a level."""
    ordered = [baseline, *sorted(measurements, key=lambda m: m.measured_on)]
    values = [m.value for m in ordered] + [target.value]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    first = ordered[0].measured_on
    last = max(target.measured_on, ordered[-1].measured_on)
    days = max((last - first).days, 1)

    def y(value: float) -> float:
        return round(90 - 80 * (value - low) / span, 2)

    points = [
        ChartPoint(
            round(5 + 90 * (m.measured_on - first).days / days, 2),
            y(m.value),
            f"{m.measured_on.isoformat()}: {format_value(m.value)}",
        )
        for m in ordered
    ]
    return EffectChart(points, y(baseline.value), y(target.value), low, high)

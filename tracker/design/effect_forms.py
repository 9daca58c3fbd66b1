"""Read the effect forms (an intended effect, a measured follow-up) into typed inputs, with
Swedish messages beside each field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tracker.design.effect_rules import MAX_FOLLOW_UPS, parse_dates, parse_value
from tracker.web.forms import Fields

VALUE_HINT = "Skriv ett tal, till exempel 72 eller 72,5."


@dataclass(frozen=True, slots=True)
class EffectInput:
    indicator: str
    method: str
    measured_by: str
    unit: str
    baseline_value: float
    baseline_on: date
    target_value: float
    target_on: date
    follow_up_dates: list[date]


@dataclass(frozen=True, slots=True)
class FollowUpInput:
    measured_on: date
    value: float
    comment: str


def _value(f: Fields, name: str, missing: str) -> float | None:
    text = f.raw.get(name, "").strip()
    if not text:
        f.error(name, missing)
        return None
    value = parse_value(text)
    if value is None:
        f.error(name, VALUE_HINT)
    return value


def read_effect_form(raw: Mapping[str, str]) -> tuple[EffectInput | None, Fields]:
    f = Fields(raw)
    indicator = f.text("indicator", missing="Skriv vad som mäts, till exempel ”väntetid i dagar”.")
    method = f.text("method", missing="Skriv hur det mäts.", max_length=2000)
    measured_by = f.text("measured_by", missing="Skriv vem som mäter, en roll eller en enhet.")
    unit = f.text("unit", max_length=50)
    baseline_value = _value(f, "baseline_value", "Skriv utgångsläget som ett tal.")
    baseline_on = f.date("baseline_on", missing="Skriv när utgångsläget mättes.", happened=True)
    target_value = _value(f, "target_value", "Skriv målet som ett tal.")
    target_on = f.date(
        "target_on",
        missing="Skriv när målet ska vara nått.",
        label="Måldatumet",
        not_before=[(baseline_on, "utgångslägets datum")],
    )
    if baseline_value is not None and baseline_value == target_value:
        f.error("target_value", "Målet ska skilja sig från utgångsläget: högre eller lägre.")
    dates = parse_dates(f.raw.get("follow_up_dates", ""))
    if dates is None:
        f.error("follow_up_dates", "Skriv datumen som 2026-03-15, ett per rad.")
    elif len(dates) > MAX_FOLLOW_UPS:
        f.error("follow_up_dates", f"Planera högst {MAX_FOLLOW_UPS} uppföljningar.")
    elif baseline_on and any(day < baseline_on for day in dates):
        f.error("follow_up_dates", "Uppföljningarna kan inte vara före utgångslägets datum.")
    if (
        not f.ok
        or baseline_value is None
        or baseline_on is None
        or target_value is None
        or target_on is None
        or dates is None
    ):
        return None, f
    effect = EffectInput(
        indicator,
        method,
        measured_by,
        unit,
        baseline_value,
        baseline_on,
        target_value,
        target_on,
        dates,
    )
    return effect, f


def read_follow_up_form(
    raw: Mapping[str, str], baseline_on: date
) -> tuple[FollowUpInput | None, Fields]:
    f = Fields(raw)
    measured_on = f.date(
        "measured_on",
        missing="Skriv när värdet mättes.",
        label="Mätdatumet",
        happened=True,
        not_before=[(baseline_on, "utgångslägets datum")],
    )
    value = _value(f, "value", "Skriv det uppmätta värdet som ett tal.")
    comment = f.text("comment", max_length=2000)
    if not f.ok or measured_on is None or value is None:
        return None, f
    return FollowUpInput(measured_on, value, comment), f

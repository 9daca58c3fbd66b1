"""The service changes' forms: a new change, and the insight a change builds on."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from tracker.insights.rules import CHANGE_STATUS_LABELS, STRENGTH_LABELS
from tracker.web.forms import Fields
from tracker.web.http import record_id


@dataclass(frozen=True, slots=True)
class ChangeInput:
    title: str
    description: str
    status_on: date


def read_change_form(raw: Mapping[str, str]) -> tuple[ChangeInput | None, Fields]:
    f = Fields(raw)
    title = f.text("title", missing="Skriv vad som ändras i tjänsten.")
    description = f.free_text("description", max_length=5000)
    status_on = f.date(
        "status_on", missing="Skriv datumet då idén kom upp.", label="Datumet", happened=True
    )
    if not f.ok or status_on is None:
        return None, f
    return ChangeInput(title, description, status_on), f


def read_strength_form(raw: Mapping[str, str]) -> tuple[tuple[int, int] | None, Fields]:
    """(insight id, strength) for linking an insight to a change."""
    f = Fields(raw)
    insight = record_id(f.raw.get("insight_id", ""))
    if insight is None:
        f.error("insight_id", "Välj en insikt i listan.")
    choice = f.choice(
        "strength",
        [str(key) for key in STRENGTH_LABELS],
        missing="Välj hur starkt insikten motiverade förändringen.",
    )
    if not f.ok or insight is None:
        return None, f
    return (insight, int(choice)), f


def status_choices(current: str, allowed: Collection[str]) -> list[tuple[str, str]]:
    return [(key, CHANGE_STATUS_LABELS[key]) for key in allowed if key != current]

"""What the effect forms' fields and actions are called, in forms and in the change log."""

from __future__ import annotations

from tracker.design.effect_rules import (
    DIRECTION_LABELS,
    FOLLOW_UP_STATE_LABELS,
    OUTCOME_LABELS,
    format_value,
)

EFFECT_LABELS = {
    "indicator": "indikator",
    "method": "hur det mäts",
    "measured_by": "vem som mäter",
    "unit": "enhet",
    "baseline_value": "utgångsläge",
    "baseline_on": "utgångslägets datum",
    "target_value": "mål",
    "target_on": "måldatum",
    "follow_up_dates": "uppföljningsdatum",
}
FOLLOW_UP_LABELS = {"measured_on": "mätdatum", "value": "uppmätt värde", "comment": "kommentar"}

ACTIONS = {
    "effect_added": "Lade till effektmål",
    "follow_up_recorded": "Följde upp effektmål",
}

TEMPLATE_GLOBALS = {
    "effect_outcome_labels": OUTCOME_LABELS,
    "effect_direction_labels": DIRECTION_LABELS,
    "effect_follow_up_labels": FOLLOW_UP_STATE_LABELS,
    "effect_value": format_value,
}

"""What a project's fields and the actions on it are called, in forms and in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.projects.rules import DECISION_LABELS, STATUS_LABELS

FIELD_LABELS = {
    "title": "titel",
    "challenge": "utmaning",
    "target_group": "målgrupp",
    "department": "förvaltning",
    "board": "nämnd",
    "lead": "projektledare",
    "start_date": "startdatum",
    "planned_end": "planerat slut",
    "status": "status",
}

LOG_WORDS = LogWords(
    actions={"iteration_logged": "Loggade iteration", "step_moved": "Bytte steg"},
    fields={**FIELD_LABELS, "current_step": "steg", "status_on": "status gäller från"},
    values={"status": STATUS_LABELS},
)

TEMPLATE_GLOBALS = {"status_labels": STATUS_LABELS, "decision_labels": DECISION_LABELS}

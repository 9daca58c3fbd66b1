"""What a dialogue's fields and the actions on it are called, in forms and in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.dialogues.rules import (
    FEEDBACK_CHANNELS,
    IDEA_SOURCES,
    KIND_LABELS,
    LEDGER_LABELS,
    STATE_LABELS,
    days_overdue,
    ledger_status,
)
from tracker.shared import registration

FIELD_LABELS = {
    "title": "titel",
    "question": "frågeställning",
    "kind": "typ",
    "board": "nämnd",
    "department": "förvaltning",
    "idea_source": "idékälla",
    "purpose": "syfte",
    "target_groups": "målgrupper",
    "related_decision": "beslut",
    "decision_planned_on": "beslutsdatum",
    "level_promised": "utlovad nivå",
    "methods": "metoder",
    "level_achieved": "uppnådd nivå",
    "results_summary": "resultat",
    **registration.FIELD_LABELS,
}

LOG_WORDS = LogWords(
    actions={
        "session_added": "Lade till tillfälle",
        "feedback_added": "Lade till återkoppling",
        "document_added": "Lade till dokument",
    },
    fields={**FIELD_LABELS, "state": "läge"},
)

TEMPLATE_GLOBALS = {
    "state_labels": STATE_LABELS,
    "kind_labels": KIND_LABELS,
    "idea_sources": IDEA_SOURCES,
    "feedback_channels": FEEDBACK_CHANNELS,
    "ledger_labels": LEDGER_LABELS,
    "ledger_status": ledger_status,
    "days_overdue": days_overdue,
}

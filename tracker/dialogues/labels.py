"""What a dialogue's fields and the actions on it are called, in forms and in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords

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
}

LOG_WORDS = LogWords(
    actions={
        "session_added": "Lade till tillfälle",
        "feedback_added": "Lade till återkoppling",
        "document_added": "Lade till dokument",
    },
    fields={**FIELD_LABELS, "state": "läge"},
)

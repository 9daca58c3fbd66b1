"""What the design area's fields and actions are called, in forms and in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.design import effect_labels
from tracker.design.rules import DECISION_LABELS, RESULT_LABELS

HYPOTHESIS_LABELS = {
    "if_we": "om vi",
    "outcome": "så kommer",
    "because": "eftersom",
    "insights": "insikter",
}
PROTOTYPE_LABELS = {"name": "namn", "description": "beskrivning"}
VERSION_LABELS = {
    "number": "version",
    "made_on": "datum",
    "url": "länk",
    "image_alt": "alternativtext",
    "image_type": "bildformat",
}
TEST_LABELS = {
    "step": "steg",
    "prototype_version": "prototypversion",
    "method": "metod",
    "tested_on": "datum",
    "target_group": "målgrupp",
    "participants": "antal deltagare",
    "observations": "iakttagelser",
    "decision": "beslut",
    "results": "resultat",
}

LOG_WORDS = LogWords(
    actions={
        "version_added": "Lade till prototypversion",
        "test_linked": "Kopplade test",
        "test_unlinked": "Tog bort koppling till test",
        "history_draft_saved": "Sparade texten till den publika designhistoriken",
        "history_review_requested": "Bad om granskning av designhistoriken",
        "history_approved": "Godkände designhistoriken",
        "history_review_returned": "Skickade tillbaka designhistoriken",
        "history_published": "Publicerade designhistoriken",
        "history_unpublished": "Avpublicerade designhistoriken",
        **effect_labels.ACTIONS,
    },
    fields={
        **HYPOTHESIS_LABELS,
        **PROTOTYPE_LABELS,
        **VERSION_LABELS,
        **TEST_LABELS,
        **effect_labels.EFFECT_LABELS,
        **effect_labels.FOLLOW_UP_LABELS,
        "supporting_test": "test som stöder förändringen",
    },
    values={"decision": DECISION_LABELS},
)

TEMPLATE_GLOBALS = {
    "test_result_labels": RESULT_LABELS,
    "test_decision_labels": DECISION_LABELS,
    **effect_labels.TEMPLATE_GLOBALS,
}

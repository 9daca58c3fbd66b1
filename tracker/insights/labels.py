"""What the actions on evidence, insights, themes, service changes and the "Ni sa – vi gjorde"
page are called in the change log, and the fields they change."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.insights.rules import CHANGE_STATUS_LABELS, STRENGTH_LABELS
from tracker.kinds import SOURCE_KINDS, SOURCE_LABELS

LOG_WORDS = LogWords(
    actions={
        "evidence_added": "Lade till underlag",
        "merged": "Slog ihop",
        "feedback_page_saved": "Sparade Ni sa – vi gjorde",
        "review_requested": "Skickade för granskning",
        "review_returned": "Skickade tillbaka till utkast",
        "approved": "Godkände",
        "published": "Publicerade",
    },
    fields={
        "statement": "insikt",
        "themes": "teman",
        "merged": "ihopslagning",
        "evidence": "underlag",
    },
)

TEMPLATE_GLOBALS = {
    "change_status_labels": CHANGE_STATUS_LABELS,
    "strength_labels": STRENGTH_LABELS,
    "source_labels": SOURCE_LABELS,
    "source_pages": {kind.key: kind.page for kind in SOURCE_KINDS},
}

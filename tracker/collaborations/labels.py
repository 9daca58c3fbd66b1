"""What the fields of collaborations and organisations and the actions on them are called,
in forms and in the change log."""

from __future__ import annotations

from tracker.audit.display import LogWords
from tracker.collaborations.rules import STATUS_LABELS
from tracker.shared import registration

ORGANISATION_LABELS = {
    "name": "namn",
    "org_number": "organisationsnummer",
    "kind": "typ",
    "activity_area": "verksamhetsområde",
    "idea_based": "idéburen",
    "contact": "kontaktväg",
    "notes": "anteckningar",
}

FIELD_LABELS = {
    "title": "titel",
    "form": "form",
    "organisations": "organisationer",
    "goal": "gemensamt mål",
    "department": "förvaltning",
    "contact_role": "kontaktroll",
    "start_date": "startdatum",
    "end_date": "slutdatum",
    "renewal_date": "datum för förnyelse",
    "status": "status",
    "results": "resultat",
    **registration.FIELD_LABELS,
}

LOG_WORDS = LogWords(
    actions={
        "contribution_added": "Lade till insats",
        "follow_up_added": "Lade till uppföljning",
        "follow_up_done": "Markerade uppföljning som gjord",
        "project_linked": "Kopplade projekt",
        "project_unlinked": "Tog bort koppling till projekt",
        "dialogue_linked": "Kopplade dialog",
        "dialogue_unlinked": "Tog bort koppling till dialog",
    },
    fields={
        **ORGANISATION_LABELS,
        **FIELD_LABELS,
        "project": "projekt",
        "dialogue": "dialog",
        "follow_up": "uppföljning",
        "status_on": "status gäller från",
        "private_contact_confirmed": "kontaktväg på privat e-postdomän, bekräftad som organisationens",
    },
)

TEMPLATE_GLOBALS = {"collaboration_status_labels": STATUS_LABELS}

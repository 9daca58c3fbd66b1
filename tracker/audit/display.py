"""How change-log entries read in Swedish: actions, record types and changed fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.accounts.permissions import ROLE_LABELS
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import STATUS_LABELS
from tracker.projects.services import FIELD_LABELS as PROJECT_FIELD_LABELS

ACTION_LABELS: dict[str, str] = {
    "created": "Skapade",
    "updated": "Ändrade",
    "archived": "Arkiverade",
    "restored": "Återställde",
    "iteration_logged": "Loggade iteration",
    "step_moved": "Bytte steg",
    "checklist": "Ändrade checklistan",
    "member_added": "Lade till medlem",
    "member_removed": "Tog bort medlem",
    "signed_in": "Loggade in",
    "signed_out": "Loggade ut",
    "sign_in_failed": "Misslyckad inloggning",
    "deactivated": "Inaktiverade",
    "activated": "Aktiverade",
    "password_reset": "Återställde lösenord",
    "password_changed": "Bytte lösenord",
    "linked": "Kopplade",
    "unlinked": "Tog bort koppling",
    "state_changed": "Bytte läge",
    "session_added": "Lade till tillfälle",
    "feedback_added": "Lade till återkoppling",
    "document_added": "Lade till dokument",
    "evidence_added": "Lade till underlag",
    "merged": "Slog ihop",
    "feedback_page_saved": "Sparade Ni sa – vi gjorde",
    "review_requested": "Skickade för granskning",
    "review_returned": "Skickade tillbaka till utkast",
    "approved": "Godkände",
    "published": "Publicerade",
}

FIELD_LABELS: dict[str, str] = {
    **PROJECT_FIELD_LABELS,
    "current_step": "steg",
    "members": "medlem",
    "email": "e-postadress",
    "name": "namn",
    "role": "roll",
    "report_manager": "rapportansvarig",
    "active": "aktivt",
    "state": "läge",
    "link": "koppling",
    "statement": "insikt",
    "themes": "teman",
    "merged": "ihopslagning",
    "evidence": "underlag",
}

EMPTY = "(tomt)"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    before: str
    after: str


def _value(field: str, value: Any, catalogue: PhaseCatalogue) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    match field:
        case "status":
            return STATUS_LABELS.get(text, text)
        case "current_step":
            return catalogue.name_of(text)
        case "role":
            return ROLE_LABELS.get(text, text)
    return text


def _checklist_change(key: str, pair: list[Any], catalogue: PhaseCatalogue) -> FieldChange:
    _, step, item_key = [*key.split(":", 2), "", ""][:3]
    phase = catalogue.get(step)
    item = phase.checklist_item(item_key) if phase else None
    label = f"Checklista, {catalogue.name_of(step)}: {item.text if item else item_key}"
    before, after = (("avbockad" if done else "inte avbockad") for done in pair)
    return FieldChange(label, before, after)


def field_changes(changes: Any, catalogue: PhaseCatalogue) -> list[FieldChange]:
    """The entry's changed fields as labelled before/after texts, in the order recorded."""
    if not isinstance(changes, dict):
        return []
    out = []
    for key, pair in changes.items():
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            continue
        if key.startswith("checklist:"):
            out.append(_checklist_change(key, list(pair), catalogue))
            continue
        label = FIELD_LABELS.get(key, key)
        out.append(
            FieldChange(
                label[:1].upper() + label[1:],
                _value(key, pair[0], catalogue),
                _value(key, pair[1], catalogue),
            )
        )
    return out

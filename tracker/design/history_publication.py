"""A project's design history as a public page (issue 18), as plain functions: the snapshot
that is reviewed and published, its seal, and the review rules.

The steps are those of "Ni sa – vi gjorde", written once in tracker.publishing (states,
labels, the four-eyes rule, the choice of reviewers and the workflow): the team writes a public introduction (and an
internal note, never public), sends the history for review naming colleagues, someone other
than the last editor approves, and the history is published as a numbered version that never
changes, sealed with its SHA-256 in the change log. What is reviewed is a snapshot of the
history without internal evidence; it is published only if the history is still the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.design.history import Entry, History, Note, Picture
from tracker.publishing.rules import PageState, approve_problem, canonical_digest
from tracker.publishing.rules import version_digest as sealed
from tracker.web.forms import Fields

ENTITY = "project"  # the change log entries show in the project's history
PUBLISHED_ACTION = "history_published"
INTRO_LENGTH = 4000
NOTE_LENGTH = 5000
FIELD_KEYS = {"intro": "inledning", "internal_note": "intern anteckning"}
ASK_WHOM = "Be en kollega som får redigera projektet."
# What a published version is sealed by (its SHA-256 in the change log).
VERSION_FIELDS = (
    "project",
    "number",
    "title",
    "snapshot",
    "published_on",
    "published_by",
    "approved_by",
)


# --- the snapshot ---------------------------------------------------------------------------


def snapshot_of(title: str, intro: str, history: History) -> dict[str, Any]:
    """What visitors will read: the project's title, the introduction and the entries of the
    shared history (built with `shared=True`: no internal evidence), without links to staff
    pages. Internal notes are left out even if one slipped through."""
    entries = []
    for entry in history.entries:
        shown = asdict(entry)
        shown["notes"] = [asdict(note) for note in entry.notes if not note.internal]
        shown.pop("link")
        entries.append(shown)
    return {"title": title, "intro": intro, "entries": entries}


def snapshot_json(snapshot: dict[str, Any]) -> str:
    """The snapshot as stored: canonical JSON (dates as 2026-03-15)."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def snapshot_digest(stored: str) -> str:
    return canonical_digest({"snapshot": stored})


def history_of(stored: str) -> History:
    """A stored snapshot as a History again, for the same template as the staff page."""
    entries = []
    for row in json.loads(stored)["entries"]:
        pictures = [
            Picture(**(p | {"made_on": date.fromisoformat(p["made_on"])})) for p in row["pictures"]
        ]
        entries.append(
            Entry(
                kind=row["kind"],
                on=date.fromisoformat(row["on"]),
                record_id=row["record_id"],
                title=row["title"],
                period=row["period"],
                facts=[tuple(pair) for pair in row["facts"]],
                notes=[Note(n["label"], n["text"]) for n in row["notes"] if not n["internal"]],
                results=[tuple(pair) for pair in row["results"]],
                pictures=pictures,
            )
        )
    return History(entries)


def intro_of(stored: str) -> str:
    return str(json.loads(stored)["intro"])


def picture_ids(stored: str) -> set[int]:
    """The prototype versions whose pictures a stored snapshot shows."""
    return {
        picture["version_id"]
        for row in json.loads(stored)["entries"]
        for picture in row["pictures"]
    }


def version_digest(version: Mapping[str, Any]) -> str:
    """The seal of a published version: its snapshot, number and who published it when."""
    return sealed(version, VERSION_FIELDS)


# --- the form -------------------------------------------------------------------------------


def read_form(raw: dict[str, str]) -> tuple[dict[str, str] | None, Fields]:
    form = Fields(raw)
    intro = form.free_text("intro", max_length=INTRO_LENGTH)
    note = form.free_text("internal_note", max_length=NOTE_LENGTH)
    if not form.ok:
        return None, form
    return {"intro": intro, "internal_note": note}, form


# --- review rules ---------------------------------------------------------------------------


def submit_problem(state: str | None) -> str | None:
    if state == PageState.IN_REVIEW:
        return "Designhistoriken väntar redan på granskning."
    if state == PageState.APPROVED:
        return "Designhistoriken är redan godkänd. Publicera den, eller skicka tillbaka den."
    return None


def approve_history_problem(
    state: str | None, last_editor_id: int | None, reviewer: Principal
) -> str | None:
    return approve_problem(state, last_editor_id, reviewer, ask_whom=ASK_WHOM)


def publish_problem(state: str | None, reviewed: str, current: str) -> str | None:
    """Only an approved history, and only if it is still what was approved."""
    if state != PageState.APPROVED:
        return (
            "Designhistoriken måste granskas och godkännas av en annan person innan den publiceras."
        )
    if reviewed != current:
        return (
            "Designhistoriken har ändrats sedan den granskades. Skicka tillbaka den och be om "
            "en ny granskning."
        )
    return None


def unpublish_problem(public: bool) -> str | None:
    if not public:
        return "Designhistoriken är inte publicerad."
    return None

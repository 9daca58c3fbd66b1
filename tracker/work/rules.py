"""What is waiting for a person, as plain data: the kinds of work, their order and due state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tracker.phases.catalogue import Phase

# The kinds of waiting work, with the words Mitt arbete shows for each.
KIND_LABELS: dict[str, str] = {
    "feedback": "Återkoppling",
    "follow_up": "Uppföljning",
    "renewal": "Förnyelse",
    "review": "Granskning",
    "checklist": "Checklista",
    "report": "Rapportutkast",
    "session": "Dialogtillfälle",
    "effect": "Effektuppföljning",
}


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One thing waiting for the person: what, on which record, by when, and where to do it."""

    kind: str
    what: str
    title: str  # the record's title
    url: str  # where the work is done
    due: date | None = None
    key: str = ""  # stable across reads, e.g. "feedback-dialogue-12" (the calendar's UID)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def due_state(due: date | None, on: date) -> str:
    """overdue, today, soon (within a week), later, or undated."""
    if due is None:
        return "undated"
    if due < on:
        return "overdue"
    if due == on:
        return "today"
    return "soon" if (due - on).days <= 7 else "later"


def earliest_first(items: Iterable[WorkItem]) -> list[WorkItem]:
    """Dated work by date (overdue first, as it is earliest), then undated work by record."""
    return sorted(
        items,
        key=lambda item: (item.due is None, item.due or date.min, item.title, item.what),
    )


def open_checklist(phase: Phase | None, done: set[str]) -> list[str]:
    """The step's checklist items not ticked off, in the step's order."""
    if phase is None:
        return []
    return [item.text for item in phase.checklist if item.key not in done]

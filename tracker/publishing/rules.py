"""The states of a reviewed text, the review rules (four eyes) and the seal of a published
version, as plain functions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from tracker.accounts.permissions import Principal


class PageState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


STATE_LABELS: dict[str, str] = {
    PageState.DRAFT: "Utkast",
    PageState.IN_REVIEW: "Väntar på granskning",
    PageState.APPROVED: "Godkänd, inte publicerad",
    PageState.PUBLISHED: "Publicerad",
}
REVIEWING = (PageState.IN_REVIEW, PageState.APPROVED)


class PublicationRefused(ValueError):
    """A step the rules do not allow now; the message says why, in Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReviewersRefused(PublicationRefused):
    """The choice of reviewers is wrong: the message belongs next to the field."""


def approve_problem(
    state: str | None, last_editor_id: int | None, reviewer: Principal, *, ask_whom: str
) -> str | None:
    """The four-eyes rule: the reviewer is someone other than the last editor of the text.
    `ask_whom` says whose colleagues may review ("… som får redigera dialogen.")."""
    if state != PageState.IN_REVIEW:
        return "Bara en sida som väntar på granskning kan godkännas."
    if last_editor_id is not None and last_editor_id == reviewer.id:
        return (
            "Du ändrade texten senast, så någon annan behöver granska och godkänna den. " + ask_whom
        )
    return None


def return_problem(state: str | None) -> str | None:
    if state not in REVIEWING:
        return "Bara en sida som väntar på granskning eller är godkänd kan skickas tillbaka."
    return None


# --- the seal -------------------------------------------------------------------------------


def canonical_digest(values: Mapping[str, Any]) -> str:
    """The SHA-256 of the values as canonical JSON (dates as 2026-03-15, keys sorted): the
    seal of any published version."""
    plain = {name: v.isoformat() if isinstance(v, date) else v for name, v in values.items()}
    text = json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_digest(version: Mapping[str, Any], fields: Sequence[str]) -> str:
    """The seal of a published version: the `fields` it is sealed by, the first naming its
    record (a dialogue, a project), the record and the number as whole numbers."""
    values = {name: version[name] for name in fields}
    values[fields[0]], values["number"] = int(values[fields[0]]), int(values["number"])
    return canonical_digest(values)

"""An archived record is read-only: the one guard that refuses every change to it.

A record's routes live under its page (`/projekt/3/…`), or, for a record that belongs to a
project (a hypothesis, prototype, test or effect), under its place in the project's
(`/projekt/3/tester/5/…`). When the record, or the project it is under, is archived, any form
post under that page, and any form page (a GET that only an editor may open), is refused with
409 and a message saying the record must be restored first. Archiving and restoring
themselves are marked `ARCHIVE_ACTION` in their `opt` and pass.
"""

from __future__ import annotations

from typing import Any, cast

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import HTTPScope

from tracker.accounts.guard import SAFE_METHODS, route_access
from tracker.accounts.permissions import Access
from tracker.db import fetch_rows
from tracker.kinds import (
    COLLABORATION,
    DESIGN_TEST,
    DIALOGUE,
    HYPOTHESIS,
    ORGANISATION,
    PROJECT,
    PROTOTYPE,
    SERVICE_EFFECT,
    RecordKind,
)
from tracker.web.errors import Refused

ARCHIVE_ACTION = "archive_action"

# The path parameter that names each kind of record that can be archived.
ARCHIVABLE: dict[str, RecordKind] = {
    "project_id": PROJECT,
    "dialogue_id": DIALOGUE,
    "collaboration_id": COLLABORATION,
    "organisation_id": ORGANISATION,
}

# Records that belong to a project, with their routes under the project's page: the path
# parameter that names each and the path segment before its id (/projekt/3/tester/5/…).
UNDER_PROJECT: dict[str, tuple[RecordKind, str]] = {
    "hypothesis_id": (HYPOTHESIS, "hypoteser"),
    "prototype_id": (PROTOTYPE, "prototyper"),
    "test_id": (DESIGN_TEST, "tester"),
    "effect_id": (SERVICE_EFFECT, "effekter"),
}

# How the refusal names the record: "Projektet är arkiverat."
ARCHIVED_WORDS = {
    PROJECT.key: "Projektet är arkiverat",
    DIALOGUE.key: "Dialogen är arkiverad",
    COLLABORATION.key: "Samverkan är arkiverad",
    ORGANISATION.key: "Organisationen är arkiverad",
    HYPOTHESIS.key: "Hypotesen är arkiverad",
    PROTOTYPE.key: "Prototypen är arkiverad",
    DESIGN_TEST.key: "Testet är arkiverat",
    SERVICE_EFFECT.key: "Effektmålet är arkiverat",
}


def archived_message(kind_key: str) -> str:
    """The refusal the user reads."""
    words = ARCHIVED_WORDS.get(kind_key, "Posten är arkiverad")
    return f"{words} och kan inte ändras. Återställ den från arkivet först om den ska ändras."


def is_change(method: str, access: Access) -> bool:
    """Whether a request changes a record (a post) or opens a form to change it (a page only
    those who may change may see)."""
    if method not in SAFE_METHODS:
        return True
    return access not in (Access.PUBLIC, Access.READ, Access.REPORT)


def record_in_path(path: str, params: dict[str, Any]) -> tuple[RecordKind, int] | None:
    """The archivable record whose page the path is on or under, if any (`/projekt/3/steg` is
    on project 3; `/samverkan/2/parter/5` is on collaboration 2, not on organisation 5)."""
    for parameter, kind in ARCHIVABLE.items():
        value = params.get(parameter)
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        page = kind.url(value)
        if page and (path == page or path.startswith(page + "/")):
            return kind, value
    return None


def records_in_path(path: str, params: dict[str, Any]) -> list[tuple[RecordKind, int]]:
    """Every archivable record the path is on or under: the record of `record_in_path`, and
    a project's record whose place the path is at (`/projekt/3/tester/5/redigera` is on
    project 3 and on test 5; `/projekt/3/forandringar/2/tester/5/ta-bort` is not on test 5)."""
    found = [record] if (record := record_in_path(path, params)) else []
    project = params.get("project_id")
    if not isinstance(project, int) or isinstance(project, bool):
        return found
    for parameter, (kind, segment) in UNDER_PROJECT.items():
        value = params.get(parameter)
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        page = f"/projekt/{project}/{segment}/{value}"
        if path == page or path.startswith(page + "/"):
            found.append((kind, value))
    return found


async def is_archived(kind: RecordKind, record_id: int) -> bool:
    rows = await fetch_rows(f"SELECT archived_at FROM {kind.table} WHERE id = {{}}", record_id)
    return bool(rows) and rows[0]["archived_at"] is not None


async def archived_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Runs after the access guard: whoever may change a record may not while it is archived."""
    if handler.opt.get(ARCHIVE_ACTION):
        return
    method = cast(HTTPScope, connection.scope)["method"]
    if not is_change(method, route_access(handler, method)):
        return
    for kind, record_id in records_in_path(connection.scope["path"], connection.path_params):
        if await is_archived(kind, record_id):
            raise Refused(status_code=409, detail=archived_message(kind.key))

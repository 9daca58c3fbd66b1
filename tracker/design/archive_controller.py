"""Archiving and restoring hypotheses, prototypes, tests and effects, through the shared record
machinery (tracker/shared/record_routes.py): a confirmation page, archiving, restoring, each
with its line in the change log.

Each record belongs to a project, so the routes are under its place in the project's page
(/projekt/{project_id}/tester/{test_id}/arkivera) and for the project's members (and
administrators); a record that is not the project's is 404. While a record is archived the
archived guard (tracker/shared/archived.py) refuses every change to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.exceptions import NotFoundException
from piccolo.table import Table

from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.db import MAX_ID
from tracker.design.tables import DesignTest, Hypothesis, Prototype, ServiceEffect
from tracker.kinds import DESIGN_TEST, HYPOTHESIS, PROTOTYPE, SERVICE_EFFECT, RecordKind
from tracker.shared import archive
from tracker.shared.record_routes import ArchivePage, RecordPage, archive_routes

EDIT_PROJECT = edit("project", "project_id")


async def _first(query: Any) -> Any:
    found = await query.first()
    if found is None:
        raise NotFoundException()
    return found


def _loader(table: type[Table]) -> Callable[[int, int], Any]:
    """The record (a Piccolo row), if it is the project's; 404 otherwise."""

    async def load(record_id: int, project_id: int) -> Any:
        if not (0 < record_id <= MAX_ID and 0 < project_id <= MAX_ID):
            raise NotFoundException()
        pk = table._meta.primary_key
        if table is ServiceEffect:  # an effect is its change's, the change its project's
            owner: Any = ServiceEffect.change._.project == project_id
        else:
            owner = table._meta.get_column_by_name("project") == project_id
        return await _first(table.objects().where((pk == record_id) & owner))

    return load


def _setter(table: type[Table], kind: RecordKind, name: str) -> Any:
    """Archive or restore the record, with the change log's words for each."""

    async def set_archived(record: Any, archived: bool, actor: Principal) -> None:
        summaries = (f"Arkiverade {name}.", f"Återställde {name} från arkivet.")
        await archive.set_archived(table, kind.key, record.id, archived, actor, summaries)

    return set_archived


def _page(
    table: type[Table], kind: RecordKind, segment: str, parameter: str, url: Callable[[Any], str]
) -> RecordPage:
    return RecordPage(
        kind.key,
        f"design_{kind.key}",
        f"/projekt/{{project_id:int}}/{segment}",
        parameter,
        _loader(table),
        owner="project_id",
        page=url,
    )


def _hypotheses_url(record: Any) -> str:
    return f"/projekt/{record.project}/design#hypoteser"


def _effect_url(record: Any) -> str:
    return f"/effekter/{record.id}"


# kind, its table, where its routes are, its own page, how the log names it, what the user reads
KINDS = (
    (HYPOTHESIS, Hypothesis, "hypoteser", "hypothesis_id", _hypotheses_url, "hypotesen",
     "Hypotesen är arkiverad. Den finns kvar under Arkiverat.", "Hypotesen är återställd."),
    (PROTOTYPE, Prototype, "prototyper", "prototype_id", lambda r: f"/prototyper/{r.id}",
     "prototypen", "Prototypen är arkiverad. Allt finns kvar.", "Prototypen är återställd."),
    (DESIGN_TEST, DesignTest, "tester", "test_id", lambda r: f"/tester/{r.id}", "testet",
     "Testet är arkiverat. Allt finns kvar.", "Testet är återställt."),
    (SERVICE_EFFECT, ServiceEffect, "effekter", "effect_id", _effect_url, "effektmålet",
     "Effektmålet är arkiverat. Det räknas inte längre i återrapporten.",
     "Effektmålet är återställt."),
)  # fmt: skip

ROUTES: list[Any] = [
    route
    for kind, table, segment, parameter, url, name, archived, restored in KINDS
    for route in archive_routes(
        ArchivePage(
            _page(table, kind, segment, parameter, url),
            EDIT_PROJECT,
            "design/archive.html",
            _setter(table, kind, name),
            archived=archived,
            restored=restored,
        )
    )
]

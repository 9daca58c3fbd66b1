"""Importing a file without the status histories or the removed links (format version 1, or a
file written before those tables existed) derives them from the file's change log: the same
rows the services wrote."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from tests.collaborations.factories import collaboration_input, make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project, project_input
from tests.insights.factories import evidence_from, insight_on
from tests.support import wipe_rows
from tracker.collaborations import register as collaborations
from tracker.insights import services as insights
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as projects
from tracker.transfer import import_document
from tracker.transfer.exporter import write_export

HISTORIES = {
    "project_status_event": ("project", "from_status", "status", "status_on", "recorded_by"),
    "collaboration_status_event": (
        "collaboration",
        "from_status",
        "status",
        "status_on",
        "recorded_by",
    ),
    "insight_link_removal": ("insight", "project", "change", "linked_by", "unlinked_by"),
    "collaboration_party_event": ("collaboration", "organisation", "change", "recorded_by"),
}


async def _document() -> dict[str, Any]:
    stream = io.StringIO()
    await write_export(stream)
    return json.loads(stream.getvalue())


def _kept(document: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return [{k: row[k] for k in HISTORIES[table]} for row in document["tables"][table]]


async def test_a_file_without_the_histories_gets_them_from_its_change_log(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await projects.update_project(
        project, project_input(status="paused", status_on=date(2026, 2, 1)), ACTOR
    )
    collaboration = await make_collaboration(status="planned")
    organisations = await collaborations.organisation_ids_of(collaboration.id)
    await collaborations.update_collaboration(
        collaboration, collaboration_input(organisations, status="ongoing"), ACTOR
    )
    dialogue = await make_dialogue(state="held")
    insight = await insight_on([await evidence_from(dialogue.id)])
    await insights.use_in_project(insight, project.id, None, ACTOR)
    await insights.stop_using(insight, project.id, ACTOR)
    document = await _document()
    written = {table: _kept(document, table) for table in HISTORIES}
    assert all(len(rows) > 0 for rows in written.values())
    for table in HISTORIES:
        document["tables"].pop(table)
    document["version"] = 1
    await wipe_rows()

    counts = await import_document(document)

    derived = await _document()
    for table, rows in written.items():
        assert counts[table] == len(rows)
        assert _kept(derived, table) == rows

"""The change log is a hash chain, and `tracker verify` finds any record changed behind the
database's guards: an edited or removed log entry, an altered frozen report version (with its
stored digest stale or recomputed), an altered published "Ni sa – vi gjorde" version."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from tests import personas
from tests.audit.tampering import behind_the_guards
from tests.design.history_publication_factories import publish_history
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.publication.test_publication import approved_page
from tests.reports.factories import ACTOR, lists, make_report
from tracker.audit.chain import GENESIS, entry_hash, first_break
from tracker.audit.services import record_change
from tracker.audit.tables import ChangeLogEntry
from tracker.design import history_publication_services as histories
from tracker.insights.publication import integrity as publication_integrity
from tracker.insights.publication import services as publication
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports import freezing, integrity, services
from tracker.reports.rules import sha256_of
from tracker.settings import get_settings


async def _log(count: int) -> list[dict]:
    for number in range(count):
        await record_change(
            actor=ACTOR,
            entity_type="project",
            entity_id=number + 1,
            action="updated",
            summary=f"Ändring {number}",
            changes={"titel": ["Före", f"Efter {number}"]},
        )
    return await ChangeLogEntry.select().order_by(ChangeLogEntry.id)


def _verify() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DATABASE_URL": get_settings().database_url}
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_each_entry_covers_the_one_before_it(db: None) -> None:
    entries = await _log(3)

    previous = GENESIS
    for entry in entries:
        assert entry["prev_hash"] == previous
        assert entry["entry_hash"] == entry_hash(previous, entry)
        previous = entry["entry_hash"]
    assert await first_break() == (3, None)


async def test_an_edited_entry_is_named(db: None) -> None:
    entries = await _log(4)
    second = entries[1]["id"]

    await behind_the_guards(f"UPDATE change_log SET summary = 'Förfalskad' WHERE id = {second}")

    checked, broken = await first_break()
    assert checked == 1 and broken is not None and broken.entry_id == second
    result = _verify()
    assert result.returncode == 1
    assert f"Ändringsloggens post {second}" in result.stderr


async def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(db: None) -> None:
    entries = await _log(4)
    second = dict(entries[1], summary="Förfalskad")
    forged = entry_hash(second["prev_hash"], second)

    await behind_the_guards(
        f"UPDATE change_log SET summary = 'Förfalskad', entry_hash = '{forged}' "
        f"WHERE id = {second['id']}"
    )

    _, broken = await first_break()
    assert broken is not None and broken.entry_id == entries[2]["id"]


async def test_a_removed_entry_is_found(db: None) -> None:
    entries = await _log(4)

    await behind_the_guards(f"DELETE FROM change_log WHERE id = {entries[1]['id']}")

    _, broken = await first_break()
    assert broken is not None and broken.entry_id == entries[2]["id"]


async def test_a_frozen_snapshot_changed_with_a_stale_or_recomputed_digest_is_found(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    assert await integrity.broken() == (1, [])
    forged = version.snapshot.replace(version.frozen_by, "Någon annan")

    await behind_the_guards(
        f"UPDATE report_version SET snapshot = '{forged}' WHERE id = {version.id}".replace(
            "''", "'"
        )
    )
    _, stale = await integrity.broken()
    await behind_the_guards(
        f"UPDATE report_version SET content_sha256 = '{sha256_of(forged)}' WHERE id = {version.id}"
    )
    _, recomputed = await integrity.broken()

    assert stale == [
        f"Rapport {report.id}, version 1: innehållet stämmer inte med dess kontrollsumma"
    ]
    assert recomputed and "inte den som ändringsloggen fick" in recomputed[0]
    page = await client.get(f"/rapporter/{report.id}/versioner/1")
    assert "<strong>stämmer inte</strong> med det sparade innehållet" in page.text
    result = _verify()
    assert result.returncode == 1 and f"Rapport {report.id}, version 1" in result.stderr


async def test_a_published_version_changed_afterwards_is_found(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)
    assert await publication_integrity.broken() == (1, [], 0)

    await behind_the_guards("UPDATE feedback_page_version SET we_did = 'Allt blev bra.'")

    _, problems, _ = await publication_integrity.broken()
    assert problems and f"dialog {dialogue.id}, version 1" in problems[0]


async def test_a_published_design_history_changed_afterwards_is_found(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await publish_history(project.id, ACTOR, catalogue, intro="Så arbetade vi.")
    assert await histories.broken() == (1, [], 0)

    await behind_the_guards("UPDATE history_publication_version SET title = 'En annan historia'")

    _, problems, _ = await histories.broken()
    assert problems == [
        f"Designhistoriken för projekt {project.id}, version 1: texten är inte den som "
        "publicerades (kontrollsumman i ändringsloggen stämmer inte)"
    ]
    result = _verify()
    assert result.returncode == 1 and f"Designhistoriken för projekt {project.id}" in result.stderr


async def test_verify_says_all_is_well_on_an_untouched_database(db: None) -> None:
    await _log(2)
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)

    result = _verify()

    assert result.returncode == 0, result.stderr
    assert "Allt stämmer." in result.stdout

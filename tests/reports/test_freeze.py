"""A frozen version never changes: not through the service layer, and not through SQL."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.reports import crafted
from tests.reports.factories import ACTOR, lists, make_report, report_input
from tests.support import post_form, text_of
from tracker.db import get_engine
from tracker.dialogues.tables import Dialogue
from tracker.reports import freezing, services
from tracker.reports.rules import canonical_json, sha256_of
from tracker.reports.tables import ReportVersion


async def _frozen(db: None) -> tuple[int, int]:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    return int(report.id), int(version.id)


async def test_freezing_stores_the_content_with_its_sha256_and_who_when(db: None) -> None:
    report = await make_report()
    digest = await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    assert version.status == "frozen"
    assert version.content_sha256 == digest == sha256_of(version.snapshot)
    assert version.frozen_by == ACTOR.name and version.frozen_at is not None
    content = json.loads(version.snapshot)
    assert canonical_json(content) == version.snapshot
    assert content["frozen"]["by"] == ACTOR.name
    assert {"meta", "narrative", "figures", "tables", "charts", "records"} <= set(content)
    assert freezing.verify(version)


async def test_the_service_layer_refuses_to_edit_or_refreeze(db: None) -> None:
    report_id, _ = await _frozen(db)
    report = await services.get_report(report_id)
    assert report is not None
    version = await services.get_version(report_id, 1)
    assert version is not None
    with pytest.raises(services.VersionFrozen):
        await services.update_draft(
            report, 1, report_input(title="Ändrad"), services.narrative_of(version), ACTOR
        )
    with pytest.raises(services.VersionFrozen):
        await freezing.freeze(report, 1, lists(), ACTOR)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE report_version SET summary = 'ändrad' WHERE id = {id}",
        "UPDATE report_version SET status = 'draft' WHERE id = {id}",
        "DELETE FROM report_version WHERE id = {id}",
    ],
)
async def test_the_database_refuses_sql_on_a_frozen_version(db: None, statement: str) -> None:
    _, version_id = await _frozen(db)
    with pytest.raises(Exception, match="frozen"):
        await get_engine().run_ddl(statement.format(id=version_id))
    stored = await ReportVersion.objects().where(ReportVersion.id == version_id).first()
    assert stored is not None and stored.status == "frozen" and stored.summary != "ändrad"


async def test_the_database_refuses_replace_and_truncate(db: None) -> None:
    _, version_id = await _frozen(db)
    engine = get_engine()
    if "Postgres" in type(engine).__name__:
        with pytest.raises(Exception, match="frozen"):
            await engine.run_ddl("TRUNCATE report_version CASCADE")
    else:
        with pytest.raises(Exception, match="frozen"):
            await engine.run_ddl(
                f"REPLACE INTO report_version SELECT * FROM report_version WHERE id = {version_id}"
            )
    assert await ReportVersion.count() == 1


@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
async def test_a_new_row_on_the_same_report_and_number_cannot_replace_a_frozen_version(
    db: None, verb: str
) -> None:
    """On SQLite a REPLACE colliding on the unique (report, number) index, with a new id,
    would delete the frozen row without firing any DELETE trigger."""
    _, version_id = await _frozen(db)
    engine = get_engine()
    columns = [c._meta.db_column_name for c in ReportVersion._meta.columns if c._meta.name != "id"]
    forged = ", ".join("'Förfalskad'" if c == "summary" else c for c in columns)
    if "Postgres" in type(engine).__name__:
        statement = (
            f"INSERT INTO report_version ({', '.join(columns)}) SELECT {forged} FROM "
            f"report_version WHERE id = {version_id} ON CONFLICT (report, number) "
            "DO UPDATE SET summary = EXCLUDED.summary"
        )
    else:
        statement = (
            f"{verb} INTO report_version ({', '.join(columns)}) SELECT {forged} "
            f"FROM report_version WHERE id = {version_id}"
        )

    with pytest.raises(Exception, match="frozen"):
        await engine.run_ddl(statement)

    stored = await ReportVersion.objects().where(ReportVersion.id == version_id).first()
    assert stored is not None and stored.summary != "Förfalskad"
    assert await ReportVersion.count() == 1


async def test_a_draft_may_still_be_changed_and_deleted_by_sql(db: None) -> None:
    report = await make_report()
    version = await services.get_version(report.id, 1)
    assert version is not None
    await get_engine().run_ddl(f"UPDATE report_version SET summary = 'x' WHERE id = {version.id}")
    stored = await services.get_version(report.id, 1)
    assert stored is not None and stored.summary == "x"


async def test_a_frozen_version_keeps_its_figures_when_the_data_changes(db: None) -> None:
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    await freezing.freeze(report, 1, lists(), ACTOR)
    await crafted.period_edges()
    version = await services.get_version(report.id, 1)
    assert version is not None
    frozen = await services.content_of(report, version, lists())
    assert frozen["figures"]["dialogues.held"]["value"] == 0
    number = await freezing.new_version(report, ACTOR)
    draft = await services.get_version(report.id, number)
    assert draft is not None
    live = await services.content_of(report, draft, lists())
    assert live["figures"]["dialogues.held"]["value"] == 2


async def test_a_frozen_figure_lists_its_records_as_they_were_when_frozen(
    client: httpx.AsyncClient,
) -> None:
    ids = await crafted.period_edges()
    report = await make_report(period_start=crafted.START, period_end=crafted.END)
    await post_form(client, f"/rapporter/{report.id}/versioner/1/faststall", {})
    await Dialogue.update({Dialogue.title: "Nytt namn efteråt"}).where(
        Dialogue.id == ids.dialogues["last_day"]
    )
    listing = await client.get(f"/rapporter/{report.id}/versioner/1/underlag/dialogues.held")
    text = text_of(listing.text)
    assert "Held on the last day" in text
    assert "Nytt namn efteråt" not in text
    assert "som det såg ut när version 1 fastställdes" in text

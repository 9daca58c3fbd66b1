"""The database itself keeps the change log append-only: hand-typed SQL cannot edit or remove
an entry, on SQLite and on PostgreSQL alike (TRACKER_TEST_DATABASE_URL picks the database)."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.accounts.permissions import system_actor
from tracker.audit.services import record_change
from tracker.audit.tables import ChangeLogEntry
from tracker.db import get_engine
from tracker.settings import get_settings

ON_POSTGRES = get_settings().is_postgres
ACTOR = system_actor("Testanvändare")


async def _rows() -> list[dict[str, Any]]:
    return await ChangeLogEntry.select().order_by(ChangeLogEntry.id).output(load_json=True)


@pytest.fixture
async def logged(db: None) -> list[dict[str, Any]]:
    await record_change(
        actor=ACTOR,
        entity_type="project",
        entity_id=1,
        action="created",
        summary="Skapade projektet i steget Ringa in.",
    )
    await record_change(
        actor=ACTOR,
        entity_type="project",
        entity_id=1,
        action="updated",
        summary="Ändrade titel.",
        changes={"title": ["Bygglov", "Enklare bygglov"]},
    )
    rows = await _rows()
    assert len(rows) == 2
    return rows


EDITS = [
    "UPDATE change_log SET summary = 'Förfalskad'",
    "UPDATE change_log SET actor = 'Någon annan', actor_id = NULL WHERE id = {first}",
    "UPDATE change_log SET changes = '[]' WHERE id = {last}",
    "UPDATE change_log SET occurred_at = occurred_at WHERE id = {first}",
    "DELETE FROM change_log",
    "DELETE FROM change_log WHERE id = {last}",
]


@pytest.mark.parametrize("statement", EDITS)
async def test_hand_typed_sql_cannot_edit_or_remove_entries(
    logged: list[dict[str, Any]], statement: str
) -> None:
    sql = statement.format(first=logged[0]["id"], last=logged[-1]["id"])

    with pytest.raises(Exception, match="append-only") as refused:
        await get_engine().run_ddl(sql)

    assert statement.split()[0] in str(refused.value)  # "UPDATE refused" / "DELETE refused"
    assert await _rows() == logged


@pytest.mark.parametrize("statement", EDITS[:1] + EDITS[-1:])
async def test_raw_queries_through_the_table_are_refused_too(
    logged: list[dict[str, Any]], statement: str
) -> None:
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.raw(statement.format(first=logged[0]["id"], last=logged[-1]["id"]))

    assert await _rows() == logged


async def test_the_query_builder_cannot_edit_or_remove_entries(
    logged: list[dict[str, Any]],
) -> None:
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.update({ChangeLogEntry.summary: "Förfalskad"}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.delete(force=True)
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.delete().where(ChangeLogEntry.id == logged[0]["id"])

    assert await _rows() == logged


async def test_an_upsert_cannot_overwrite_an_entry(logged: list[dict[str, Any]]) -> None:
    first = logged[0]["id"]

    with pytest.raises(Exception, match="append-only"):
        await get_engine().run_ddl(
            "INSERT INTO change_log "
            "(id, occurred_at, actor, entity_type, entity_id, action, summary, changes) "
            f"SELECT id, occurred_at, actor, entity_type, entity_id, action, 'Förfalskad', changes "
            f"FROM change_log WHERE id = {first} "
            "ON CONFLICT (id) DO UPDATE SET summary = 'Förfalskad'"
        )

    assert await _rows() == logged


@pytest.mark.skipif(ON_POSTGRES, reason="REPLACE INTO is SQLite's own statement")
async def test_replace_into_cannot_overwrite_an_entry_on_sqlite(
    logged: list[dict[str, Any]],
) -> None:
    first = logged[0]["id"]
    try:
        await get_engine().run_ddl(
            "REPLACE INTO change_log "
            "(id, occurred_at, actor, entity_type, entity_id, action, summary, changes) "
            f"SELECT id, occurred_at, actor, entity_type, entity_id, action, 'Förfalskad', changes "
            f"FROM change_log WHERE id = {first}"
        )
    except Exception as refused:
        assert "append-only" in str(refused)

    assert await _rows() == logged


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("statement", ["TRUNCATE change_log", "TRUNCATE change_log CASCADE"])
async def test_truncate_is_refused_on_postgres(
    logged: list[dict[str, Any]], statement: str
) -> None:
    with pytest.raises(Exception, match="append-only: TRUNCATE refused"):
        await get_engine().run_ddl(statement)

    assert await _rows() == logged


async def test_new_entries_can_still_be_added(logged: list[dict[str, Any]]) -> None:
    for statement in ("UPDATE change_log SET summary = 'x'", "DELETE FROM change_log"):
        with pytest.raises(Exception, match="append-only"):
            await get_engine().run_ddl(statement)

    await record_change(
        actor=ACTOR,
        entity_type="project",
        entity_id=1,
        action="archived",
        summary="Arkiverade projektet.",
    )
    await get_engine().run_ddl(
        "INSERT INTO change_log "
        "(occurred_at, actor, entity_type, entity_id, action, summary, changes) "
        "VALUES ('2026-03-15 12:00:00+00:00', 'Systemet', 'project', 1, 'restored', 'Återställde.', '{}')"
    )

    rows = await _rows()
    assert rows[:2] == logged
    assert [row["action"] for row in rows[2:]] == ["archived", "restored"]


async def test_the_guards_are_database_triggers() -> None:
    """Named here so a migration that drops them is noticed at once."""
    if ON_POSTGRES:
        rows = await ChangeLogEntry.raw(
            "SELECT tgname AS name FROM pg_trigger "
            "WHERE tgrelid = 'change_log'::regclass AND NOT tgisinternal "
            "AND tgname <> 'data_version_bump' ORDER BY tgname"
        )
        expected = ["change_log_append_only", "change_log_no_truncate"]
    else:
        rows = await ChangeLogEntry.raw(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'change_log' "
            "AND name NOT LIKE 'data_version_bump_%' ORDER BY name"
        )
        expected = ["change_log_no_delete", "change_log_no_replace", "change_log_no_update"]
    assert [row["name"] for row in rows] == expected

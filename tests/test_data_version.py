"""The data version (issue 19): the database moves it on every committed change, whatever
writes, and the pages cached by it show every change at once."""

from __future__ import annotations

import asyncio

import httpx
from piccolo.engine.postgres import PostgresEngine

from tests.dialogues.factories import make_dialogue
from tracker import data_version
from tracker.db import get_engine, write_transaction
from tracker.projects.tables import Project


async def _new_project(title: str) -> None:
    """A direct write, as a factory or an import does: no service, no change log."""
    await Project.insert(Project(title=title)).run()


async def test_every_write_moves_the_version_and_a_read_does_not(db: None) -> None:
    before = await data_version.current()
    assert before is not None
    await Project.select().run()
    assert await data_version.current() == before

    await _new_project("Trygg hemtjänst")

    after = await data_version.current()
    assert after is not None and after > before


async def test_a_transaction_moves_the_version_when_it_commits(db: None) -> None:
    before = await data_version.current()
    assert before is not None
    async with write_transaction():
        await _new_project("Ett")
        await _new_project("Två")
    after = await data_version.current()
    assert after is not None and after > before
    if isinstance(get_engine(), PostgresEngine):  # once per transaction, at commit
        assert after == before + 1


async def test_a_rolled_back_transaction_leaves_the_version(db: None) -> None:
    before = await data_version.current()
    try:
        async with write_transaction():
            await _new_project("Ångrat")
            raise RuntimeError("ångra")
    except RuntimeError:
        pass
    assert await data_version.current() == before


async def test_a_cached_value_is_computed_again_only_after_a_change(db: None) -> None:
    computed: list[int] = []

    async def count() -> int:
        computed.append(1)
        return await Project.count()

    assert await data_version.cached("antal", count) == 0
    assert await data_version.cached("antal", count) == 0
    assert len(computed) == 1
    await _new_project("Nytt")
    assert await data_version.cached("antal", count) == 1
    assert len(computed) == 2


async def test_requests_missing_together_compute_once(db: None) -> None:
    """Many views of a report draft at once wait for one computation of its figures."""
    computed: list[int] = []

    async def slow_count() -> int:
        computed.append(1)
        await asyncio.sleep(0.05)  # long enough for all of them to miss together
        return await Project.count()

    found = await asyncio.gather(*(data_version.cached("samtidigt", slow_count) for _ in range(8)))
    assert found == [0] * 8
    assert len(computed) == 1


async def test_the_chain_page_shows_a_change_at_once(client: httpx.AsyncClient) -> None:
    first = await client.get("/kedjan")
    assert first.status_code == 200
    assert "Samråd om badhuset" not in first.text

    await make_dialogue(title="Samråd om badhuset", state="held")

    second = await client.get("/kedjan")
    assert "Samråd om badhuset" in second.text

"""The web server's shared SQLite reader (tracker/db.py): what a user saves, they see at once."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from piccolo.querystring import QueryString

from tests import personas
from tests.factories import project_form
from tests.support import post_form, text_of
from tracker.app import create_app
from tracker.db import CountingSQLiteEngine, get_engine
from tracker.projects.tables import Project


async def test_the_server_shows_a_saved_project_at_once_through_its_shared_reader(
    db: None,
) -> None:
    engine = get_engine()
    if not isinstance(engine, CountingSQLiteEngine):
        pytest.skip("the shared reader is SQLite's (PostgreSQL has a connection pool)")
    app = create_app(pool=True)  # the server's settings: the reader opens at start-up
    async with AsyncTestClient(app, base_url="http://testserver.local") as client:
        assert engine._reader is not None
        personas.sign_in(client, await personas.alva())
        before = text_of((await client.get("/projekt")).text)
        assert "Läxhjälp som når fram" not in before
        saved = await post_form(
            client,
            "/projekt",
            project_form(title="Läxhjälp som når fram"),
            follow_redirects=False,
        )
        assert saved.status_code == 303
        listed = text_of((await client.get("/projekt")).text)
        assert "Läxhjälp som når fram" in listed
        shown = await client.get(saved.headers["location"])
        assert "Läxhjälp som når fram" in text_of(shown.text)
        journal = await engine.run_querystring(QueryString("SELECT 1 AS one"))
        assert journal == [{"one": 1}]
    assert engine._reader is None  # closed at shut-down
    mode = await Project.raw("PRAGMA journal_mode")
    assert mode == [{"journal_mode": "wal"}]  # readers never wait for a writer

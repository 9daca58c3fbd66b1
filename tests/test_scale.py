"""`tracker seed --scale N`: the synthetic dataset has the volumes asked for, is the same on
every run, refuses a database that has data, and every page it feeds renders."""

from __future__ import annotations

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.support import wipe_rows
from tracker.collaborations.tables import Collaboration, Organisation
from tracker.db import fetch_rows
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue, DialogueFeedback
from tracker.insights.publication import integrity
from tracker.insights.tables import Evidence, Insight, ServiceChange
from tracker.projects.tables import Iteration, Project
from tracker.scale import ScaleError, content_hash, generate, seed_scale
from tracker.scale.dataset import VOLUMES, volume

SCALE = 0.01
TABLES = {
    "project": Project,
    "iteration": Iteration,
    "dialogue": Dialogue,
    "organisation": Organisation,
    "collaboration": Collaboration,
    "evidence": Evidence,
    "insight": Insight,
    "service_change": ServiceChange,
}


async def test_a_small_scale_has_its_share_of_every_volume(db: None) -> None:
    summary = await seed_scale(SCALE, quiet=True)

    for name, table in TABLES.items():
        assert await table.count() == volume(name, SCALE) == round(VOLUMES[name] * SCALE), name
        assert summary.counts[name] == volume(name, SCALE)
    # The links fan out: every kind of link and history row exists.
    for name in (
        "step_move",
        "dialogue_session",
        "dialogue_feedback",
        "project_dialogue",
        "collaboration_organisation",
        "contribution",
        "insight_evidence",
        "insight_theme",
        "insight_use",
        "change_insight",
        "change_status_event",
        "feedback_change",
        "membership",
        "change_log",
        "dialogue_state_event",
        "feedback_page_version",
    ):
        assert summary.counts.get(name, 0) > 0, name
    # The published "Ni sa – vi gjorde" pages are sealed in the change log as publishing does.
    checked, problems, unsealed = await integrity.broken()
    assert (checked, problems, unsealed) == (summary.counts["feedback_page_version"], [], 0)
    # Each dialogue's dated state history, filled from the logged moves, ends in its state.
    last = await fetch_rows(
        "SELECT d.state AS state, (SELECT e.state FROM dialogue_state_event e "
        "WHERE e.dialogue = d.id ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1) AS latest "
        "FROM dialogue d"
    )
    assert all(row["latest"] == row["state"] for row in last)


async def test_the_same_scale_gives_the_same_data(db: None) -> None:
    await seed_scale(SCALE, quiet=True)
    first = await content_hash()
    await wipe_rows()
    await seed_scale(SCALE, quiet=True)

    assert await content_hash() == first
    assert generate(0.005).tables["evidence"].rows == generate(0.005).tables["evidence"].rows


async def test_a_database_with_data_is_refused_with_a_message(db: None) -> None:
    await personas.lo()

    with pytest.raises(ScaleError) as refused:
        await seed_scale(SCALE, quiet=True)

    assert "Databasen har redan data" in str(refused.value)
    assert await Project.count() == 0


async def test_a_scale_of_zero_is_refused(db: None) -> None:
    with pytest.raises(ScaleError, match="Skalan måste vara större än 0"):
        await seed_scale(0, quiet=True)


async def test_dialogues_are_in_states_their_records_allow(db: None) -> None:
    await seed_scale(SCALE, quiet=True)
    fed_back = await Dialogue.select(Dialogue.id).where(Dialogue.state == State.FED_BACK)
    audiences = await DialogueFeedback.select(DialogueFeedback.dialogue, DialogueFeedback.audience)
    given = {(row["dialogue"], row["audience"]) for row in audiences}

    assert fed_back
    for row in fed_back:
        assert (row["id"], "residents") in given and (row["id"], "board") in given
    decided = await Dialogue.count().where(
        Dialogue.state.is_in([State.DECIDED, State.HELD, State.FED_BACK])
        & (Dialogue.feedback_due.is_null() | Dialogue.level_promised.is_null())
    )
    assert decided == 0


@pytest.mark.slow
async def test_every_page_of_the_generated_data_renders(
    app: Litestar, anonymous: httpx.AsyncClient
) -> None:
    await seed_scale(SCALE, quiet=True)
    personas.sign_in(anonymous, await personas.alva())
    ids = {
        name: [row["id"] for row in await table.select(table.id).order_by(table.id)]
        for name, table in TABLES.items()
    }
    published = [row["dialogue"] for row in await fetch_rows("SELECT dialogue FROM feedback_page")]
    assert published
    # Route → the addresses to visit; routes another area has not built yet are left out.
    pages = {
        "/": ["/"],
        "/projekt": ["/projekt", "/projekt?sida=2"],
        "/dialoger": ["/dialoger"],
        "/dialoger/aterkoppling": [
            "/dialoger/aterkoppling",
            "/dialoger/aterkoppling?status=overdue",
        ],
        "/organisationer": ["/organisationer"],
        "/samverkan": ["/samverkan"],
        "/samverkan/uppfoljning": ["/samverkan/uppfoljning"],
        "/kedjan": ["/kedjan"],
        "/insikter": ["/insikter"],
        "/forandringar": ["/forandringar"],
        "/teman": ["/teman"],
        "/sok": ["/sok?q=skola"],
        "/projekt/{project_id:int}": [f"/projekt/{i}" for i in ids["project"]],
        "/dialoger/{dialogue_id:int}": [f"/dialoger/{i}" for i in ids["dialogue"]],
        "/dialoger/{dialogue_id:int}/kedjan": [f"/dialoger/{i}/kedjan" for i in ids["dialogue"]],
        "/samverkan/{collaboration_id:int}": [f"/samverkan/{i}" for i in ids["collaboration"]],
        "/samverkan/{collaboration_id:int}/kedjan": [
            f"/samverkan/{i}/kedjan" for i in ids["collaboration"]
        ],
        "/organisationer/{organisation_id:int}": [
            f"/organisationer/{i}" for i in ids["organisation"]
        ],
        "/insikter/{insight_id:int}": [f"/insikter/{i}" for i in ids["insight"][::10]],
        "/forandringar/{change_id:int}": [f"/forandringar/{i}" for i in ids["service_change"]],
        "/ni-sa-vi-gjorde/{dialogue_id:int}": [f"/ni-sa-vi-gjorde/{i}" for i in published],
    }
    routes = {route.path for route in app.routes}
    for core in ("/projekt", "/dialoger/{dialogue_id:int}", "/kedjan"):
        assert core in routes
    urls = [url for route, addresses in pages.items() if route in routes for url in addresses]

    failed = []
    for url in urls:
        response = await anonymous.get(url)
        if response.status_code != 200:
            failed.append((url, response.status_code))

    assert failed == []
    overdue = await anonymous.get("/dialoger/aterkoppling?status=overdue")
    assert "Försenad" in overdue.text

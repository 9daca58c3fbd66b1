"""The record pages are short enough to read (issue 14): the record, its state and its history
first, each form behind a button. Measured on the demo data at 1280 px, signed in as Alva (an
administrator, who sees every button), on every demo project and dialogue; the longest of each
must stay under its bound. The heights are printed (`pytest -s -n 0`) to compare a change.

Measured 2026-12-07 on the longest demo pages (/projekt/1, /dialoger/1): 8,485 and 7,885 px
before the member and link forms and Byt steg opened on demand and the step's advice folded,
7,970 and 7,796 px after; 6,992 and 6,605 px once the dialogue's level achieved and results
and the forms of "Underlag och insikter" opened on demand too. The bounds leave a margin for
fonts; lower them as the pages get shorter (the project's history and the evidence panels are
most of what is left).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import listen_for_errors, unexpected
from tests.personas import alva, session_cookies
from tests.support import run_in_thread, wipe_rows
from tracker.accounts.permissions import Principal
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.dialogues.tables import Dialogue
from tracker.phases.catalogue import load_phases
from tracker.projects.tables import Project
from tracker.seeding import load_demo, read_demo
from tracker.settings import get_settings

WIDTH, HEIGHT = 1280, 800

# The longest page of each kind may be at most this high, in CSS pixels at 1280 px.
BOUNDS = {"projekt": 7_500, "dialoger": 7_100}


async def _demo() -> dict[str, list[int]]:
    """The demo data, and the ids of its projects and dialogues."""
    settings = get_settings()
    await load_demo(
        read_demo(), load_phases(settings.phases_dir), load_dialogue_lists(settings.lists_dir)
    )
    projects = await Project.select(Project.id).order_by(Project.id)
    dialogues = await Dialogue.select(Dialogue.id).order_by(Dialogue.id)
    return {
        "projekt": [row["id"] for row in projects],
        "dialoger": [row["id"] for row in dialogues],
    }


@pytest.fixture(scope="module")
def demo(server_url: str) -> tuple[Principal, dict[str, list[int]]]:
    """The demo data and Alva, who reads it."""
    run_in_thread(wipe_rows())
    ids = run_in_thread(_demo())
    return run_in_thread(alva()), ids


@pytest.fixture
def tab(browser: Any, server_url: str, demo: tuple[Principal, Any]) -> Iterator[Any]:
    """A 1280 px tab signed in as Alva."""
    context = browser.new_context(base_url=server_url, locale="sv-SE")
    context.set_default_timeout(10_000)
    cookies = session_cookies(demo[0])
    context.add_cookies([{"name": n, "value": v, "url": server_url} for n, v in cookies.items()])
    page = context.new_page()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    yield page
    context.close()


@pytest.mark.parametrize("area", BOUNDS)
def test_the_longest_record_page_is_shorter_than_its_bound(
    tab: Any, demo: tuple[Principal, dict[str, list[int]]], area: str
) -> None:
    errors = listen_for_errors(tab)
    heights = {}
    for record_id in demo[1][area]:
        response = tab.goto(f"/{area}/{record_id}")
        assert response is not None and response.status == 200
        heights[record_id] = tab.evaluate("document.documentElement.scrollHeight")
    longest = max(heights, key=lambda record_id: heights[record_id])
    print(f"\n/{area}: längst /{area}/{longest} {heights[longest]} px; alla: {heights}")
    assert not unexpected(errors), f"Fel i webbläsarens konsol: {unexpected(errors)}"
    assert heights[longest] < BOUNDS[area], f"/{area}/{longest} är {heights[longest]} px hög"

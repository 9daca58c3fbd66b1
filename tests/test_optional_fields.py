"""Every field labelled (frivilligt) accepts an empty value; fields required in some cases are
not labelled (frivilligt)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import post_form
from tracker.phases.catalogue import PhaseCatalogue

OPTIONAL = re.compile(
    r'<label class="label" for="([^"]+)">[^<]*<span class="optional">\(frivilligt\)'
)


def optional_names(html: str, action: str) -> set[str]:
    """The names of the fields labelled (frivilligt) in the form that posts to `action`."""
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    names = set()
    for field_id in OPTIONAL.findall(form):
        match = re.search(rf'id="{re.escape(field_id)}" name="([^"]+)"', form)
        assert match, field_id
        names.add(match.group(1))
    return names


Setup = Callable[[PhaseCatalogue], Awaitable[tuple[str, str, dict[str, str]]]]


async def _iteration(catalogue: PhaseCatalogue) -> tuple[str, str, dict[str, str]]:
    project = await make_project(catalogue)
    form = {
        "started_on": "2026-03-02",
        "ended_on": "2026-03-20",
        "summary": "Intervjuer",
        "methods": "12 intervjuer",
        "learnings": "Mycket",
        "decision": "continue",
    }
    return f"/projekt/{project.id}/iterationer/ny", f"/projekt/{project.id}/iterationer", form


async def _session(catalogue: PhaseCatalogue) -> tuple[str, str, dict[str, str]]:
    dialogue = await make_dialogue(state="decided")
    form = {
        "held_on": "2026-04-20",
        "place": "Biblioteket",
        "method": "Cafémetoden",
        "participants": "20",
        "breakdown_age": "13–19 år: 10",
        "breakdown_area": "Centrum: 5",
        "breakdown_group": "Föräldrar: 3",
    }
    return f"/dialoger/{dialogue.id}/tillfallen/ny", f"/dialoger/{dialogue.id}/tillfallen", form


async def _board_feedback(catalogue: PhaseCatalogue) -> tuple[str, str, dict[str, str]]:
    dialogue = await make_dialogue(state="held")
    form = {"audience": "board", "given_on": "2026-06-10", "reference": "KS 2026/42 § 4"}
    return f"/dialoger/{dialogue.id}/aterkoppling/ny", f"/dialoger/{dialogue.id}/aterkoppling", form


async def _contribution(catalogue: PhaseCatalogue) -> tuple[str, str, dict[str, str]]:
    collaboration = await make_collaboration()
    form = {"party": "kommunen", "year": "2026", "amount": "100", "in_kind": "Lokal"}
    url = f"/samverkan/{collaboration.id}"
    return url, f"{url}/insatser", form


@pytest.mark.parametrize("setup", [_iteration, _session, _board_feedback, _contribution])
async def test_every_field_marked_optional_accepts_an_empty_value(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, setup: Setup
) -> None:
    page_url, action, form = await setup(catalogue)
    page = await client.get(page_url)
    optional = optional_names(page.text, action)

    response = await post_form(client, action, form | dict.fromkeys(optional, ""))

    assert optional  # the form has optional fields to check
    assert response.status_code == 303, (optional, response.text[:200])


async def test_fields_required_in_some_cases_are_not_labelled_optional(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    dialogue = await make_dialogue(state="held")

    move_page = (await client.get(f"/projekt/{project.id}/steg")).text
    iteration_page = (await client.get(f"/projekt/{project.id}/iterationer/ny")).text
    dialogue_page = (await client.get(f"/dialoger/{dialogue.id}/aterkoppling/ny")).text

    assert "reason" not in optional_names(move_page, f"/projekt/{project.id}/steg")
    assert "back_to" not in optional_names(iteration_page, f"/projekt/{project.id}/iterationer")
    assert "reference" not in optional_names(dialogue_page, f"/dialoger/{dialogue.id}/aterkoppling")

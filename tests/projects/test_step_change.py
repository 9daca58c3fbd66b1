"""Moving a project forward past open checklist items asks for confirmation, naming the open
items, by both ways to move a project (an iteration's decision, and Byt steg, which repairs a
step the steps file no longer has); the move stays allowed. The rules behind both are the ones
in step_change.py."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.factories import ACTOR, CONFIRMED, make_project, stored_project
from tests.support import post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import steps
from tracker.projects.rules import StepMoveError
from tracker.projects.step_change import items_to_confirm, open_items, target_of_decision
from tracker.projects.tables import Iteration, StepMove

from .test_iterations import iteration_form

HTMX = {"HX-Request": "true"}


def _texts(catalogue: PhaseCatalogue, step: str) -> list[str]:
    phase = catalogue.get(step)
    assert phase is not None
    return [item.text for item in phase.checklist]


def _keys(catalogue: PhaseCatalogue, step: str) -> list[str]:
    phase = catalogue.get(step)
    assert phase is not None
    return [item.key for item in phase.checklist]


# The rules, without HTTP.


def test_a_forward_move_asks_about_the_open_items_in_checklist_order(
    catalogue: PhaseCatalogue,
) -> None:
    keys, texts = _keys(catalogue, "ringa-in"), _texts(catalogue, "ringa-in")
    assert open_items(catalogue, "ringa-in", {keys[0]}) == texts[1:]
    assert items_to_confirm(catalogue, "ringa-in", "undersoka", {keys[0]}, {}) == texts[1:]
    # Several steps ahead: still the items of the step the project leaves.
    assert items_to_confirm(catalogue, "ringa-in", "forverkliga", set(), {}) == texts


def test_no_question_when_done_confirmed_or_going_back(catalogue: PhaseCatalogue) -> None:
    every = set(_keys(catalogue, "ringa-in"))
    assert items_to_confirm(catalogue, "ringa-in", "undersoka", every, {}) == []
    assert items_to_confirm(catalogue, "ringa-in", "undersoka", set(), CONFIRMED) == []
    assert items_to_confirm(catalogue, "fokusera", "undersoka", set(), {}) == []
    assert items_to_confirm(catalogue, "okant-steg", "undersoka", set(), {}) == []


def test_an_iteration_decision_names_its_target_like_byt_steg(
    catalogue: PhaseCatalogue,
) -> None:
    assert target_of_decision(catalogue, "ringa-in", "forward", "") == "undersoka"
    assert target_of_decision(catalogue, "fokusera", "back", "ringa-in") == "ringa-in"
    assert target_of_decision(catalogue, "fokusera", "continue", "ringa-in") is None
    assert target_of_decision(catalogue, "steg-som-inte-finns", "continue", "") is None
    for current, decision, back_to, field in [
        ("forverkliga", "forward", "", "decision"),
        ("fokusera", "back", "", "to_step"),
        ("fokusera", "back", "forverkliga", "to_step"),
        ("ringa-in", "back", "ringa-in", "decision"),  # no step before the first
        ("steg-som-inte-finns", "forward", "", "decision"),  # repaired with Byt steg
        ("steg-som-inte-finns", "back", "ringa-in", "decision"),
    ]:
        with pytest.raises(StepMoveError) as refused:
            target_of_decision(catalogue, current, decision, back_to)
        assert refused.value.field == field


# The pages.


async def test_byt_steg_with_open_items_asks_first_then_moves_when_confirmed(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    done = _keys(catalogue, "ringa-in")[0]
    await steps.save_checklist(project, "ringa-in", {done}, catalogue, ACTOR)
    url = f"/projekt/{project.id}/steg"
    form = {"to_step": "undersoka", "reason": "Vi vet nog.", "seen_step": "ringa-in"}

    asked = await post_form(client, url, form)

    assert asked.status_code == 200
    assert (await stored_project(project.id)).current_step == "ringa-in"
    box = re.search(r'id="move-confirm".*?</form>', asked.text, flags=re.S)
    assert box
    texts = _texts(catalogue, "ringa-in")
    shown = text_of(box.group(0))
    assert f"{len(texts) - 1} av {len(texts)} punkter i checklistan för Ringa in" in shown
    assert all(text in shown for text in texts[1:]) and texts[0] not in shown
    assert 'name="confirm_open_items" value="1"' in box.group(0)
    assert "Vi vet nog." in asked.text  # what was typed is kept

    moved = await post_form(client, url, form | CONFIRMED)
    assert moved.status_code == 303
    assert (await stored_project(project.id)).current_step == "undersoka"
    assert await StepMove.count() == 1


async def test_a_forward_move_with_the_checklist_done_or_a_move_back_is_not_asked(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    every = set(_keys(catalogue, "ringa-in"))
    await steps.save_checklist(project, "ringa-in", every, catalogue, ACTOR)
    url = f"/projekt/{project.id}/steg"

    assert (await post_form(client, url, {"to_step": "undersoka"})).status_code == 303
    back = await post_form(client, url, {"to_step": "ringa-in", "reason": "Omtag."})
    assert back.status_code == 303
    assert (await stored_project(project.id)).current_step == "ringa-in"


async def test_an_iterations_forward_decision_asks_the_same_question(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    url = f"/projekt/{project.id}/iterationer"

    asked = await post_form(client, url, iteration_form(decision="forward"), headers=HTMX)

    assert asked.status_code == 200
    assert asked.headers["hx-reswap"] == "outerHTML show:#iteration-confirm:top"
    assert 'id="iteration-confirm"' in asked.text and 'id="move-confirm"' not in asked.text
    assert all(text in text_of(asked.text) for text in _texts(catalogue, "undersoka"))
    assert await Iteration.count() == 0
    assert (await stored_project(project.id)).current_step == "undersoka"

    saved = await post_form(client, url, iteration_form(decision="forward", **CONFIRMED))
    assert saved.status_code == 303
    assert await Iteration.count() == 1
    assert (await stored_project(project.id)).current_step == "fokusera"

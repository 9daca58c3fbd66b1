"""Logging an iteration: storing it, carrying out the decision, and refusing what is wrong."""

import json
from typing import Any

import httpx
import pytest

from tests.factories import CONFIRMED, make_project, stored_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import today
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Iteration, Project, StepMove

HTMX = {"HX-Request": "true"}


def iteration_form(**overrides: str) -> dict[str, str]:
    """What a user types into the iteration form."""
    values = {
        "started_on": "2026-03-02",
        "ended_on": "2026-03-20",
        "summary": "Intervjuade tolv sökande och fyra handläggare.",
        "methods": "16 intervjuer",
        "learnings": "Få visste vilka ritningar som krävs.",
        "decision": "continue",
    }
    values.update(overrides)
    return values


async def _actions(project_id: int) -> list[str]:
    rows = await (
        ChangeLogEntry.select(ChangeLogEntry.action)
        .where(ChangeLogEntry.entity_id == project_id)
        .order_by(ChangeLogEntry.id)
    )
    return [row["action"] for row in rows]


async def _assert_nothing_stored(project: Project) -> None:
    assert await Iteration.count() == 0
    assert await StepMove.count() == 0
    after = await stored_project(project.id)
    assert after.current_step == project.current_step
    assert after.status == project.status
    assert await _actions(project.id) == ["created"]


async def test_a_valid_iteration_is_stored_in_the_current_step(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")

    response = await post_form(client, f"/projekt/{project.id}/iterationer", iteration_form())

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}#historik"
    iterations = await Iteration.select().where(Iteration.project == project.id)
    assert len(iterations) == 1
    stored = iterations[0]
    assert stored["step"] == "undersoka"
    assert stored["summary"] == "Intervjuade tolv sökande och fyra handläggare."
    assert stored["methods"] == "16 intervjuer"
    assert stored["learnings"] == "Få visste vilka ritningar som krävs."
    assert stored["started_on"].isoformat() == "2026-03-02"
    assert stored["ended_on"].isoformat() == "2026-03-20"
    assert stored["decision"] == "continue"
    assert stored["created_by"] == "Testanvändare"
    unchanged = await stored_project(project.id)
    assert unchanged.current_step == "undersoka"
    assert unchanged.status == "ongoing"
    assert await StepMove.count() == 0
    assert await _actions(project.id) == ["created", "iteration_logged"]

    page = await client.get(f"/projekt/{project.id}")
    assert "Iterationen är sparad." in text_of(page.text)
    assert "Iteration 1 i Undersöka" in text_of(page.text)
    again = await client.get(f"/projekt/{project.id}")
    assert "Iterationen är sparad." not in text_of(again.text)  # a flash is shown once


async def test_going_forward_moves_to_the_next_step(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")

    response = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        iteration_form(decision="forward", **CONFIRMED),
    )

    assert response.status_code == 303
    assert (await stored_project(project.id)).current_step == "fokusera"
    iteration = await Iteration.select().first()
    assert iteration is not None and iteration["step"] == "undersoka"
    moves = await StepMove.select().where(StepMove.project == project.id)
    assert [(m["from_step"], m["to_step"]) for m in moves] == [("undersoka", "fokusera")]
    assert await _actions(project.id) == ["created", "iteration_logged", "step_moved"]
    page = await client.get(response.headers["location"])
    assert "Iterationen är sparad. Projektet är nu i steget Fokusera." in text_of(page.text)


async def test_going_back_with_a_step_and_a_reason_moves_back_and_keeps_the_reason(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    form = iteration_form(
        decision="back", back_to="undersoka", reason="Vi har bara intervjuat personal."
    )

    response = await post_form(client, f"/projekt/{project.id}/iterationer", form)

    assert response.status_code == 303
    assert (await stored_project(project.id)).current_step == "undersoka"
    move = await StepMove.select().first()
    assert move is not None
    assert (move["from_step"], move["to_step"]) == ("fokusera", "undersoka")
    assert move["reason"] == "Vi har bara intervjuat personal."
    page = await client.get(f"/projekt/{project.id}")
    assert "Skäl: Vi har bara intervjuat personal." in text_of(page.text)


@pytest.mark.parametrize(
    ("extra", "field_id", "message"),
    [
        (
            {"reason": "Vi saknar underlag."},
            "it-back_to",
            "Välj vilket steg projektet går tillbaka till.",
        ),
        (
            {"back_to": "undersoka"},
            "it-reason",
            "Skriv varför projektet går tillbaka till steget Undersöka.",
        ),
        (
            {"back_to": "undersoka", "reason": "   "},
            "it-reason",
            "Skriv varför projektet går tillbaka till steget Undersöka.",
        ),
        (
            {"back_to": "testa-ideer", "reason": "Vi hoppar fram."},
            "it-back_to",
            "Välj ett steg som kommer före det nuvarande.",
        ),
        (
            {"back_to": "fokusera", "reason": "Samma steg."},
            "it-back_to",
            "Välj ett steg som kommer före det nuvarande.",
        ),
        ({"back_to": "hemligt", "reason": "Okänt."}, "it-back_to", "Välj ett av stegen i listan."),
    ],
)
async def test_going_back_needs_an_earlier_step_and_a_reason(
    client: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
    extra: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    project = await make_project(catalogue, current_step="fokusera")

    response = await post_form(
        client, f"/projekt/{project.id}/iterationer", iteration_form(decision="back", **extra)
    )

    assert response.status_code == 422
    assert field_error(response.text, field_id) == message
    assert "Rätta felet nedan" in text_of(response.text)
    assert (
        field_value(response.text, "it-summary") == "Intervjuade tolv sökande och fyra handläggare."
    )
    assert 'id="it-decision-back" name="decision" value="back" checked' in response.text
    await _assert_nothing_stored(project)


async def test_going_forward_from_the_last_step_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    last = list(catalogue)[-1]
    assert last.key == "forverkliga"
    project = await make_project(catalogue, current_step=last.key)

    response = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        iteration_form(decision="forward", **CONFIRMED),
    )

    assert response.status_code == 422
    assert (
        field_error(response.text, "it-decision")
        == "Projektet är redan i sista steget. Välj ett annat beslut."
    )
    await _assert_nothing_stored(project)


@pytest.mark.parametrize(("decision", "status"), [("pause", "paused"), ("stop", "closed")])
async def test_pausing_or_stopping_changes_the_status(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, decision: str, status: str
) -> None:
    project = await make_project(catalogue, current_step="ta-fram-ideer")

    response = await post_form(
        client, f"/projekt/{project.id}/iterationer", iteration_form(decision=decision)
    )

    assert response.status_code == 303
    after = await stored_project(project.id)
    assert after.status == status
    assert after.current_step == "ta-fram-ideer"
    log = await (
        ChangeLogEntry.select()
        .where(ChangeLogEntry.entity_id == project.id)
        .order_by(ChangeLogEntry.id)
        .output(load_json=True)
    )
    assert [entry["action"] for entry in log] == ["created", "iteration_logged", "updated"]
    assert log[-1]["changes"] == {"status": ["ongoing", status]}
    page = await client.get(f"/projekt/{project.id}")
    label = {"paused": "Pausad", "closed": "Avslutad"}[status]
    assert f'<span class="tag tag--{status}">{label}</span>' in page.text


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"started_on": "2026-02-30"},
            "it-started_on",
            "Startdatum finns inte eller har fel form. Skriv datumet som ÅÅÅÅ-MM-DD, "
            "till exempel 2026-03-15.",
        ),
        (
            {"started_on": "2 mars"},
            "it-started_on",
            "Startdatum finns inte eller har fel form. Skriv datumet som ÅÅÅÅ-MM-DD, "
            "till exempel 2026-03-15.",
        ),
        (
            {"ended_on": "20260320"},
            "it-ended_on",
            "Slutdatum finns inte eller har fel form. Skriv datumet som ÅÅÅÅ-MM-DD, "
            "till exempel 2026-03-15.",
        ),
        ({"started_on": ""}, "it-started_on", "Skriv när iterationen började."),
        (
            {"started_on": "2026-03-20", "ended_on": "2026-03-19"},
            "it-ended_on",
            "Slutdatum kan inte vara före startdatum.",
        ),
        ({"summary": "  "}, "it-summary", "Beskriv vad ni gjorde."),
        ({"decision": "glömma"}, "it-decision", "Välj vad ni beslutade."),
    ],
)
async def test_bad_input_is_explained_and_what_was_typed_is_kept(
    client: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
    changes: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    form = iteration_form(learnings="Svårt att <hitta> rätt & snabbt", **changes)

    response = await post_form(client, f"/projekt/{project.id}/iterationer", form)

    assert response.status_code == 422
    assert field_error(response.text, field_id) == message
    for name in ("started_on", "ended_on", "methods", "learnings"):
        assert field_value(response.text, f"it-{name}") == form[name]
    # The form's own page, naming the project it is for.
    assert '<h1 id="iteration-heading">Logga en iteration</h1>' in response.text
    assert f'<a href="/projekt/{project.id}">{project.title}</a>' in response.text
    await _assert_nothing_stored(project)


async def test_an_htmx_request_gets_the_same_behaviour(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    url = f"/projekt/{project.id}/iterationer"
    from_the_form = {**HTMX, "HX-Target": "logga"}

    refused = await post_form(
        client, url, iteration_form(decision="back", back_to="undersoka"), headers=from_the_form
    )
    assert refused.status_code == 422
    assert (
        field_error(refused.text, "it-reason")
        == "Skriv varför projektet går tillbaka till steget Undersöka."
    )
    # Only the form's section, swapped in place (on its page or on the project's page).
    assert refused.text.lstrip().startswith('<section class="panel" id="logga"')
    assert 'id="main"' not in refused.text
    await _assert_nothing_stored(project)

    accepted = await post_form(
        client, url, iteration_form(decision="forward", **CONFIRMED), headers=from_the_form
    )
    # htmx is told to load the project's page in place of #main, near where the form was.
    assert accepted.status_code == 200
    assert json.loads(accepted.headers["hx-location"]) == {
        "path": f"/projekt/{project.id}",
        "target": "#main",
        "swap": "outerHTML show:#logga:top",
    }
    assert (await stored_project(project.id)).current_step == "ta-fram-ideer"
    assert await Iteration.count() == 1
    page = await client.get(f"/projekt/{project.id}", headers={**HTMX, "HX-Target": "main"})
    assert "Projektet är nu i steget Ta fram idéer." in text_of(page.text)


async def test_a_post_with_the_token_in_the_htmx_header_is_accepted(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    token = client.cookies["tracker-csrf"]

    response = await client.post(
        f"/projekt/{project.id}/iterationer",
        data=iteration_form(),
        headers={**HTMX, "x-csrftoken": token},
    )

    assert response.status_code == 200 and "hx-location" in response.headers
    assert await Iteration.count() == 1


async def test_without_the_security_token_nothing_is_stored(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")

    response = await client.post(
        f"/projekt/{project.id}/iterationer", data=iteration_form(decision="forward", **CONFIRMED)
    )

    assert response.status_code == 403
    await _assert_nothing_stored(project)


@pytest.mark.parametrize("project_id", ["4711", "0", "99999999999"])
async def test_an_iteration_for_an_unknown_project_is_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, project_id: str
) -> None:
    await make_project(catalogue)

    response = await post_form(client, f"/projekt/{project_id}/iterationer", iteration_form())

    assert response.status_code == 404
    assert "Sidan finns inte" in text_of(response.text)
    assert await Iteration.count() == 0


async def test_iterations_are_numbered_and_counted(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}/iterationer"
    forms: list[dict[str, Any]] = [
        iteration_form(summary="Första varvet."),
        iteration_form(summary="Andra varvet.", decision="forward", **CONFIRMED),
        # after the move: an iteration dated before it belongs to the step it left
        iteration_form(summary="Tredje varvet.", started_on=today().isoformat(), ended_on=""),
    ]
    for form in forms:
        assert (await post_form(client, url, form)).status_code == 303

    page = text_of((await client.get(f"/projekt/{project.id}")).text)

    assert "Iterationer 3" in page
    assert page.index("Iteration 3 i Undersöka") < page.index("Iteration 2 i Ringa in")
    assert page.index("Iteration 2 i Ringa in") < page.index("Iteration 1 i Ringa in")


async def test_a_nul_character_in_the_summary_never_breaks_the_form(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/iterationer", iteration_form(summary="Kopierat\x00text")
    )

    assert response.status_code in (303, 422)

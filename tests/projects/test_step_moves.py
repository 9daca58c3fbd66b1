"""Moving a project between steps, and ticking off a step's checklist."""

import re

import httpx
import pytest

from tests.factories import CONFIRMED, change_log, make_project, stored_project
from tests.support import field_error, post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import ChecklistMark, StepMove


def _current_step(html: str) -> str:
    match = re.search(
        r'aria-current="step">.*?<span class="stepper__name">(.*?)</span>', html, flags=re.S
    )
    assert match, "no current step on the page"
    return match.group(1)


def _progress(html: str) -> str:
    match = re.search(r'id="checklist-progress">(.*?)</p>', html)
    assert match, "no checklist progress on the page"
    return match.group(1)


def _ticked(html: str) -> set[str]:
    return set(re.findall(r'name="done" value="([^"]+)" checked', html))


@pytest.mark.parametrize("to_step", ["undersoka", "testa-ideer", "forverkliga"])
async def test_moving_forward_needs_no_reason(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, to_step: str
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")

    response = await post_form(
        client, f"/projekt/{project.id}/steg", {"to_step": to_step, "reason": "", **CONFIRMED}
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}"
    assert (await stored_project(project.id)).current_step == to_step
    moves = await StepMove.select().where(StepMove.project == project.id)
    assert [(m["from_step"], m["to_step"], m["reason"]) for m in moves] == [
        ("ringa-in", to_step, "")
    ]
    assert moves[0]["moved_by"] == "Testanvändare"
    log = await change_log(project.id)
    assert [entry["action"] for entry in log] == ["created", "step_moved"]
    assert log[-1]["changes"] == {"current_step": ["ringa-in", to_step]}

    page = await client.get(response.headers["location"])
    name = catalogue.name_of(to_step)
    assert f"Projektet är nu i steget {name}." in text_of(page.text)
    assert _current_step(page.text) == name


async def test_moving_back_without_a_reason_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")

    response = await post_form(
        client, f"/projekt/{project.id}/steg", {"to_step": "undersoka", "reason": "  "}
    )

    assert response.status_code == 422
    assert (
        field_error(response.text, "move-reason")
        == "Skriv varför projektet går tillbaka till steget Undersöka."
    )
    assert '<option value="undersoka" selected>' in response.text  # the choice is kept
    assert "steg 3 av 6: Fokusera" in text_of(response.text)  # the form's page says where it is
    assert (await stored_project(project.id)).current_step == "fokusera"
    assert await StepMove.count() == 0
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_moving_back_with_a_reason_keeps_the_reason_and_shows_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    reason = "Vi har bara intervjuat personal, inte brukarna."

    response = await post_form(
        client, f"/projekt/{project.id}/steg", {"to_step": "ringa-in", "reason": reason}
    )

    assert response.status_code == 303
    assert (await stored_project(project.id)).current_step == "ringa-in"
    move = await StepMove.select().first()
    assert move is not None and move["reason"] == reason
    page = await client.get(f"/projekt/{project.id}")
    history = text_of(page.text)
    assert "Tillbaka från Fokusera till Ringa in" in history
    assert f"Skäl: {reason}" in history


@pytest.mark.parametrize(
    ("to_step", "field_id", "message"),
    [
        ("hemligt", "move-to_step", "Välj ett av stegen i listan."),
        ("", "move-to_step", "Välj ett av stegen i listan."),
        ("Fokusera", "move-to_step", "Välj ett av stegen i listan."),
        ("undersoka", "move-to_step", "Projektet är redan i steget Undersöka."),
    ],
)
async def test_an_unknown_or_the_same_step_is_refused(
    client: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
    to_step: str,
    field_id: str,
    message: str,
) -> None:
    project = await make_project(catalogue, current_step="undersoka")

    response = await post_form(
        client, f"/projekt/{project.id}/steg", {"to_step": to_step, "reason": "Därför."}
    )

    assert response.status_code == 422
    assert field_error(response.text, field_id) == message
    assert (await stored_project(project.id)).current_step == "undersoka"
    assert await StepMove.count() == 0
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_moving_an_unknown_project_is_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id + 1}/steg", {"to_step": "undersoka", "reason": ""}
    )

    assert response.status_code == 404
    assert await StepMove.count() == 0


# --- The checklist -------------------------------------------------------------------------


async def test_ticking_items_stores_them_and_shows_the_progress(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    phase = catalogue.get("ringa-in")
    assert phase is not None
    first, second = phase.checklist[0], phase.checklist[2]

    response = await post_form(
        client,
        f"/projekt/{project.id}/checklista",
        [("step", "ringa-in"), ("done", first.key), ("done", second.key)],
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}#checklista"
    marks = await ChecklistMark.select().where(ChecklistMark.done.eq(True))
    assert {(m["step"], m["item_key"]) for m in marks} == {
        ("ringa-in", first.key),
        ("ringa-in", second.key),
    }
    page = await client.get(f"/projekt/{project.id}")
    assert "Checklistan är sparad." in text_of(page.text)
    assert _progress(page.text) == f"2 av {len(phase.checklist)} klara"
    assert _ticked(page.text) == {first.key, second.key}
    log = await change_log(project.id)
    assert [entry["action"] for entry in log] == ["created", "checklist"]
    assert first.text in log[-1]["summary"] and second.text in log[-1]["summary"]


async def test_unticking_an_item_works(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    phase = catalogue.get("ringa-in")
    assert phase is not None
    keys = [item.key for item in phase.checklist[:3]]
    url = f"/projekt/{project.id}/checklista"
    await post_form(client, url, [("step", "ringa-in"), *[("done", key) for key in keys]])

    response = await post_form(client, url, [("step", "ringa-in"), ("done", keys[1])])

    assert response.status_code == 303
    marks = await ChecklistMark.select().where(ChecklistMark.done.eq(True))
    assert [m["item_key"] for m in marks] == [keys[1]]
    page = await client.get(f"/projekt/{project.id}")
    assert _progress(page.text) == f"1 av {len(phase.checklist)} klara"
    assert _ticked(page.text) == {keys[1]}

    # Unticking everything: the browser sends no "done" at all.
    await post_form(client, url, {"step": "ringa-in"})
    page = await client.get(f"/projekt/{project.id}")
    assert _progress(page.text) == f"0 av {len(phase.checklist)} klara"
    assert _ticked(page.text) == set()
    assert [e["action"] for e in await change_log(project.id)] == [
        "created",
        "checklist",
        "checklist",
        "checklist",
    ]


async def test_saving_the_same_ticks_again_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    phase = catalogue.get("undersoka")
    assert phase is not None
    form = [("step", "undersoka"), ("done", phase.checklist[0].key)]
    url = f"/projekt/{project.id}/checklista"
    await post_form(client, url, form)
    await client.get(f"/projekt/{project.id}")  # reads the first flash
    before = await change_log(project.id)
    updated_before = (await stored_project(project.id)).updated_at

    response = await post_form(client, url, form)

    assert response.status_code == 303
    assert await change_log(project.id) == before
    assert (await stored_project(project.id)).updated_at == updated_before
    assert await ChecklistMark.count() == 1
    page = await client.get(f"/projekt/{project.id}")
    assert "Checklistan var redan sparad." in text_of(page.text)
    assert _progress(page.text) == f"1 av {len(phase.checklist)} klara"


async def test_an_unknown_step_in_the_checklist_is_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    for step in ("hemligt", ""):
        response = await post_form(
            client,
            f"/projekt/{project.id}/checklista",
            [("step", step), ("done", "utmaning-formulerad")],
        )
        assert response.status_code == 404
        assert "Sidan finns inte" in text_of(response.text)
    assert await ChecklistMark.count() == 0
    assert [e["action"] for e in await change_log(project.id)] == ["created"]


async def test_an_unknown_item_is_ignored(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    phase = catalogue.get("ringa-in")
    assert phase is not None
    known = phase.checklist[0].key
    url = f"/projekt/{project.id}/checklista"

    only_unknown = await post_form(client, url, [("step", "ringa-in"), ("done", "finns-inte")])
    assert only_unknown.status_code == 303
    assert await ChecklistMark.count() == 0
    assert [e["action"] for e in await change_log(project.id)] == ["created"]

    response = await post_form(
        client, url, [("step", "ringa-in"), ("done", "finns-inte"), ("done", known)]
    )

    assert response.status_code == 303
    marks = await ChecklistMark.select()
    assert [m["item_key"] for m in marks] == [known]
    page = await client.get(f"/projekt/{project.id}")
    assert _progress(page.text) == f"1 av {len(phase.checklist)} klara"


async def test_ticks_belong_to_their_step(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    ringa_in = catalogue.get("ringa-in")
    undersoka = catalogue.get("undersoka")
    assert ringa_in is not None and undersoka is not None
    await post_form(
        client,
        f"/projekt/{project.id}/checklista",
        [("step", "ringa-in"), *[("done", item.key) for item in ringa_in.checklist]],
    )
    await post_form(client, f"/projekt/{project.id}/steg", {"to_step": "undersoka", **CONFIRMED})

    page = await client.get(f"/projekt/{project.id}")
    assert _progress(page.text) == f"0 av {len(undersoka.checklist)} klara"

    await post_form(
        client, f"/projekt/{project.id}/steg", {"to_step": "ringa-in", "reason": "Omtag."}
    )
    page = await client.get(f"/projekt/{project.id}")
    assert _progress(page.text) == f"{len(ringa_in.checklist)} av {len(ringa_in.checklist)} klara"


async def test_ticking_for_an_unknown_project_is_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client,
        f"/projekt/{project.id + 1}/checklista",
        [("step", "ringa-in"), ("done", "utmaning-formulerad")],
    )

    assert response.status_code == 404
    assert await ChecklistMark.count() == 0


async def test_a_step_move_can_be_dated_back_but_not_ahead_or_before_the_project_started(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    from datetime import date

    from tracker.clock import today

    project = await make_project(catalogue, current_step="ringa-in")
    url = f"/projekt/{project.id}/steg"
    ahead = date.fromordinal(today().toordinal() + 1).isoformat()
    refused = await post_form(client, url, {"to_step": "undersoka", "moved_on": ahead})
    assert refused.status_code == 422
    assert "kan inte ligga i framtiden" in (field_error(refused.text, "move-moved_on") or "")
    early = date.fromordinal(project.start_date.toordinal() - 1).isoformat()
    refused = await post_form(client, url, {"to_step": "undersoka", "moved_on": early})
    assert refused.status_code == 422
    assert "då projektet startade" in (field_error(refused.text, "move-moved_on") or "")
    assert (await stored_project(project.id)).current_step == "ringa-in"

    on = project.start_date.isoformat()
    moved = await post_form(client, url, {"to_step": "undersoka", "moved_on": on, **CONFIRMED})
    assert moved.status_code == 303
    rows = await StepMove.select(StepMove.moved_on).where(StepMove.project == project.id)
    assert [str(row["moved_on"]) for row in rows] == [on]
    assert (await change_log(project.id))[-1]["changes"]["moved_on"] == [None, on]

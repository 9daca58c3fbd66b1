"""Mitt arbete: the signed-in start page lists the user's records and what waits for them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.reports.factories import make_report
from tracker.accounts.memberships import add_member
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.collaborations import follow_ups as collaboration_follow_ups
from tracker.collaborations.forms import FollowUpInput
from tracker.db import QUERIES
from tracker.dialogues.rules import State
from tracker.insights.publication import services as publication
from tracker.insights.publication.rules import PageText
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import steps as project_steps

Client = Callable[[Principal], httpx.AsyncClient]


def _waiting(html: str) -> list[str]:
    """Each line under "Väntar på mig" as its text, in order."""
    section = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    lines = re.findall(r'<li class="work-item[^"]*">(.*?)</li>', section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in lines]


async def test_the_start_page_lists_my_records_and_not_others(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    await make_project(catalogue, title="Robins projekt", actor=robin)
    await make_project(catalogue, title="Kims projekt", actor=kim)
    await make_dialogue(title="Robins dialog", actor=robin)
    await make_collaboration(title="Robins samverkan", actor=robin)

    response = await client_as(robin).get("/")

    assert response.status_code == 200
    mine = response.text.split('id="mine-heading"', 1)[1].split('id="guide-heading"')[0]
    assert "Robins projekt" in mine and "Robins dialog" in mine and "Robins samverkan" in mine
    assert "Kims projekt" not in mine
    assert "<h1>Mitt arbete</h1>" in response.text


async def test_waiting_work_is_listed_earliest_first_with_links(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    on = today()
    overdue = await make_dialogue(
        title="Trygg park",
        state=State.DECIDED,
        feedback_due=on - timedelta(days=3),
        actor=robin,
    )
    await make_dialogue(
        title="Given återkoppling", state=State.FED_BACK, feedback_due=on, actor=robin
    )
    collaboration = await make_collaboration(
        title="Läxhjälp", renewal_date=on + timedelta(days=30), actor=robin
    )
    await collaboration_follow_ups.add_follow_up(
        collaboration, FollowUpInput(on + timedelta(days=2), "Halvårsavstämning"), robin
    )
    await make_project(catalogue, title="Ny busslinje", actor=robin)
    await make_report(robin, title="Återrapport 2026", report_date=on + timedelta(days=60))

    response = await client_as(robin).get("/")

    lines = _waiting(response.text)
    assert lines[0].startswith(f"{(on - timedelta(days=3)).isoformat()} försenad Återkoppling")
    assert "Trygg park" in lines[0]
    assert "Halvårsavstämning – Läxhjälp" in lines[1]
    assert "Förnyelse" in lines[2] and "Läxhjälp" in lines[2]
    assert not any("Given återkoppling" in line for line in lines)
    assert "Rapportutkast" in lines[3] and "Återrapport 2026" in lines[3]
    ringa_in = catalogue.first
    for item in ringa_in.checklist:  # nothing ticked yet: every item of the current step
        assert any(item.text in line and "Ny busslinje" in line for line in lines)
    assert f'href="/dialoger/{overdue.id}#aterkoppling"' in response.text
    assert f'href="/samverkan/{collaboration.id}#uppfoljningar"' in response.text


async def test_ticked_checklist_items_leave_the_list(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, title="Ny busslinje", actor=robin)
    first = catalogue.first.checklist[0]

    await project_steps.save_checklist(project, catalogue.first.key, {first.key}, catalogue, robin)
    lines = _waiting((await client_as(robin).get("/")).text)

    assert not any(first.text in line for line in lines)
    assert any(catalogue.first.checklist[1].text in line for line in lines)


async def test_a_page_in_review_waits_for_the_chosen_reviewers_only(
    client_as: Client,
) -> None:
    robin, kim, alva = await personas.robin(), await personas.kim(), await personas.alva()
    dialogue = await make_dialogue(title="Skolvägen", actor=robin)
    await add_member("dialogue", dialogue.id, kim.id, robin, label="dialogen")
    text = PageText("Ni sa – vi gjorde", "Intro", "Ni sa", "Vi gjorde", "")
    await publication.save_page(dialogue.id, text, robin)
    await publication.request_review(dialogue.id, robin, reviewer_ids=[str(kim.id)])

    robins = _waiting((await client_as(robin).get("/")).text)
    kims = _waiting((await client_as(kim).get("/")).text)
    alvas = _waiting((await client_as(alva).get("/")).text)  # an administrator not asked
    readers = _waiting((await client_as(await personas.lo()).get("/")).text)

    assert not any("Granskning" in line for line in robins)
    assert any("Granskning" in line and "Skolvägen" in line for line in kims)
    assert not any("Granskning" in line for line in alvas)
    assert readers == []

    # Sent back to draft, the request is over: it leaves the reviewer's list.
    await publication.send_back(dialogue.id, "", robin)
    kims = _waiting((await client_as(kim).get("/")).text)
    assert not any("Granskning" in line for line in kims)


async def test_an_empty_start_page_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert "Inget väntar på dig just nu." in response.text
    assert "Du är inte medlem i något projekt" in response.text


async def test_the_start_page_issues_a_bounded_number_of_queries(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    user = client_as(robin)

    async def grow(offset: int, count: int) -> None:
        for n in range(offset, offset + count):
            await make_project(catalogue, title=f"Projekt {n}", actor=robin)
            await make_dialogue(
                title=f"Dialog {n}",
                state=State.DECIDED,
                feedback_due=date(2026, 5, 1 + n % 20),
                actor=robin,
            )
            collaboration = await make_collaboration(title=f"Samverkan {n}", actor=robin)
            await collaboration_follow_ups.add_follow_up(
                collaboration, FollowUpInput(date(2026, 6, 1), f"Punkt {n}"), robin
            )

    async def count() -> int:
        QUERIES.reset()
        assert (await user.get("/")).status_code == 200
        return QUERIES.count

    await grow(0, 2)
    small = await count()
    await grow(2, 8)
    assert await count() == small
    assert small <= 14

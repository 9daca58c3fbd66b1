"""The gap views page shows leadership exactly the broken links, and an empty state for each."""

from datetime import date

import httpx

from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.support import text_of
from tracker.insights.changes import services as change_services
from tracker.phases.catalogue import PhaseCatalogue


async def test_an_empty_chain_has_nothing_broken(client: httpx.AsyncClient) -> None:
    page = await client.get("/kedjan")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Inga brutna löften" in text
    assert "Ingen återkoppling är försenad." in text


async def test_each_broken_link_is_listed(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await make_dialogue(
        state="held",
        title="Lovade inflytande",
        level_promised="inflytande",
        feedback_due=date(2027, 6, 30),
    )
    await make_dialogue(state="decided", title="Sen återkoppling", feedback_due=date(2026, 4, 30))
    await change_services.create_change(
        project_id=project.id,
        title="Förändring utan grund",
        description="",
        status_on=date(2026, 1, 1),
        actor=ACTOR,
    )

    text = text_of((await client.get("/kedjan")).text)

    assert "Utlovat inflytande utan resultat (1)" in text
    assert "Lovade inflytande" in text
    assert "Försenad återkoppling (1)" in text and "Sen återkoppling" in text
    assert "Förändring utan grund" in text


async def test_readers_see_the_gaps_and_visitors_must_sign_in(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get("/kedjan")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/logga-in")

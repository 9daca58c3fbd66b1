"""Two people edit the same insight, or change the same change's status: a stale form never
overwrites a newer save (409), and what the user wrote is kept."""

from collections.abc import Callable

import httpx

from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.insights.tables import ChangeStatusEvent, Insight
from tracker.phases.catalogue import PhaseCatalogue

from .factories import change_in, evidence_from, insight_on

ClientAs = Callable[[Principal], httpx.AsyncClient]


async def test_a_stale_insight_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    dialogue = await make_dialogue()
    insight_id = await insight_on([await evidence_from(dialogue.id)])
    url = f"/insikter/{insight_id}"
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    assert (await post_form(other, url, {**theirs, "target_group": "Elever"})).status_code == 303
    refused = await post_form(client, url, {**mine, "statement": "Skolvägen känns otrygg"})

    assert refused.status_code == 409
    assert "Målgrupp Elever" in text_of(refused.text)
    assert field_value(refused.text, "in-statement") == "Skolvägen känns otrygg"
    again = await post_form(client, url, form_of(refused.text, url))
    assert again.status_code == 303
    stored = await Insight.objects().get(Insight.id == insight_id)
    assert stored is not None
    assert (stored.statement, stored.target_group) == ("Skolvägen känns otrygg", "Elever")


async def test_a_status_change_from_a_stale_page_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change_id = await change_in(project.id)
    page, url = (
        f"/forandringar/{change_id}",
        f"/projekt/{project.id}/forandringar/{change_id}/status",
    )
    stale = form_of((await client.get(page)).text, url)

    first = {**stale, "status": "testing", "status_on": "2026-03-02"}
    assert (await post_form(client, url, first)).status_code == 303
    second = await post_form(client, url, {**stale, "status": "testing", "status_on": "2026-03-05"})

    assert second.status_code == 409
    assert "Någon annan har just ändrat statusen" in text_of(second.text)
    assert field_value(second.text, "st-status_on") == "2026-03-05"
    assert await ChangeStatusEvent.count() == 2  # created, and the first move only

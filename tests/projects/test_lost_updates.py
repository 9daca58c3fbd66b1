"""Two people edit the same project: a stale form never overwrites a newer save (409), the
other person's changes are shown beside the user's own, and the user can save on top."""

from collections.abc import Callable

import httpx

from tests.factories import make_project
from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import ChecklistMark, Project


async def test_a_stale_edit_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient,
    client_as: Callable[..., httpx.AsyncClient],
    admin_user: Principal,
    catalogue: PhaseCatalogue,
) -> None:
    project = await make_project(catalogue, title="Trygg start", lead="Utvecklare")
    url = f"/projekt/{project.id}/redigera"
    other = client_as(admin_user)  # a second browser
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    saved = await post_form(other, url, {**theirs, "title": "Trygg start i hemtjänsten"})
    assert saved.status_code == 303
    refused = await post_form(client, url, {**mine, "lead": "Projektledare"})

    assert refused.status_code == 409
    page = text_of(refused.text)
    assert "Någon annan har sparat ändringar" in page
    assert "Titel Trygg start i hemtjänsten" in page  # what the other person changed
    stored = await Project.objects().get(Project.id == project.id)
    assert stored is not None
    assert (stored.title, stored.lead) == ("Trygg start i hemtjänsten", "Utvecklare")
    # The form shown again holds the user's change on top of the other person's.
    assert field_value(refused.text, "title") == "Trygg start i hemtjänsten"
    assert field_value(refused.text, "lead") == "Projektledare"
    assert "Spara mina ändringar ovanpå" in page

    again = await post_form(client, url, form_of(refused.text, url))

    assert again.status_code == 303
    stored = await Project.objects().get(Project.id == project.id)
    assert stored is not None
    assert (stored.title, stored.lead) == ("Trygg start i hemtjänsten", "Projektledare")


async def test_the_same_form_posted_twice_after_a_save_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg start")
    url = f"/projekt/{project.id}/redigera"
    form = form_of((await client.get(url)).text, url)

    assert (await post_form(client, url, {**form, "title": "Första"})).status_code == 303
    second = await post_form(client, url, {**form, "title": "Andra"})

    assert second.status_code == 409
    stored = await Project.objects().get(Project.id == project.id)
    assert stored is not None and stored.title == "Första"


async def test_a_checklist_page_opened_before_a_tick_does_not_untick_it(
    client: httpx.AsyncClient,
    client_as: Callable[..., httpx.AsyncClient],
    admin_user: Principal,
    catalogue: PhaseCatalogue,
) -> None:
    project = await make_project(catalogue)
    page, action = f"/projekt/{project.id}", f"/projekt/{project.id}/checklista"
    form = form_of((await client.get(page)).text, action)
    stale = form_of((await client_as(admin_user).get(page)).text, action)
    items = [value.partition(":")[0] for value in form["shown"]]

    assert (await post_form(client, action, {**form, "done": [items[0]]})).status_code == 303
    assert (await post_form(client, action, {**stale, "done": [items[1]]})).status_code == 303

    marks = await ChecklistMark.select(ChecklistMark.item_key).where(
        (ChecklistMark.project == project.id) & ChecklistMark.done.eq(True)
    )
    assert {mark["item_key"] for mark in marks} == {items[0], items[1]}

"""Two people edit the same collaboration or organisation: a stale form never overwrites a
newer save (409), and the user's changes can be saved on top of the other person's."""

from collections.abc import Callable

import httpx

from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.collaborations.tables import Collaboration, CollaborationOrganisation, Organisation

from .factories import make_collaboration, make_organisation

ClientAs = Callable[[Principal], httpx.AsyncClient]


async def test_a_stale_collaboration_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    first, second = (
        await make_organisation(),
        await make_organisation(name="Röda korset", org_number=""),
    )
    collaboration = await make_collaboration([first.id])
    url = f"/samverkan/{collaboration.id}/redigera"
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    both = {**theirs, "organisation_ids": [str(first.id), str(second.id)]}
    assert (await post_form(other, url, both)).status_code == 303
    refused = await post_form(client, url, {**mine, "goal": "Fler elever läser."})

    assert refused.status_code == 409
    assert "Röda korset" in text_of(refused.text)
    assert field_value(refused.text, "goal") == "Fler elever läser."
    again = await post_form(client, url, form_of(refused.text, url))

    assert again.status_code == 303
    stored = await Collaboration.objects().get(Collaboration.id == collaboration.id)
    assert stored is not None and stored.goal == "Fler elever läser."
    parties = await CollaborationOrganisation.count().where(
        CollaborationOrganisation.collaboration == collaboration.id
    )
    assert parties == 2  # the other person's new party is kept


async def test_a_stale_organisation_form_is_refused(
    client: httpx.AsyncClient, client_as: ClientAs, admin_user: Principal
) -> None:
    organisation = await make_organisation()
    url = f"/organisationer/{organisation.id}/redigera"
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    assert (await post_form(other, url, {**theirs, "notes": "Ny kontakt."})).status_code == 303
    refused = await post_form(client, url, {**mine, "activity_area": "Idrott"})

    assert refused.status_code == 409
    stored = await Organisation.objects().get(Organisation.id == organisation.id)
    assert stored is not None and (stored.notes, stored.activity_area) == (
        "Ny kontakt.",
        organisation.activity_area,
    )
    again = await post_form(client, url, form_of(refused.text, url))
    assert again.status_code == 303
    stored = await Organisation.objects().get(Organisation.id == organisation.id)
    assert stored is not None and (stored.notes, stored.activity_area) == ("Ny kontakt.", "Idrott")

"""Two people edit the same "Ni sa – vi gjorde" draft: a stale form never overwrites a newer
save (409), and the user's text can be saved on top of the other person's."""

from collections.abc import Callable

import httpx

from tests.dialogues.factories import make_dialogue
from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.insights.publication import services as publication


async def test_a_stale_draft_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    admin_user: Principal,
) -> None:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/ni-sa-vi-gjorde"
    first = form_of((await client.get(url)).text, url)
    assert (await post_form(client, url, first)).status_code == 303  # the first draft
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    assert (
        await post_form(other, url, {**theirs, "intro": "Tack för era svar."})
    ).status_code == 303
    refused = await post_form(client, url, {**mine, "internal_note": "Kolla med nämnden."})

    assert refused.status_code == 409
    assert "Tack för era svar." in text_of(refused.text)
    assert field_value(refused.text, "internal_note") == "Kolla med nämnden."
    again = await post_form(client, url, form_of(refused.text, url))
    assert again.status_code == 303
    page = await publication.get_page(dialogue.id)
    assert page is not None
    assert (page["intro"], page["internal_note"]) == ("Tack för era svar.", "Kolla med nämnden.")

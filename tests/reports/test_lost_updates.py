"""Two people edit the same report draft: a stale form never overwrites a newer save (409),
and the user's text can be saved on top of the other person's."""

from collections.abc import Callable

import httpx

from tests.support import field_value, form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.reports import services

from .factories import make_report


async def test_a_stale_draft_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    admin_user: Principal,
) -> None:
    report = await make_report()
    url = f"/rapporter/{report.id}/redigera"
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    saved = await post_form(other, url, {**theirs, "handlaggare": "Kim Nyberg, utredare"})
    assert saved.status_code == 303
    refused = await post_form(client, url, {**mine, "summary": "Dialogerna gav resultat."})

    assert refused.status_code == 409
    assert "Kim Nyberg, utredare" in text_of(refused.text)
    assert field_value(refused.text, "summary") == "Dialogerna gav resultat."
    again = await post_form(client, url, form_of(refused.text, url))

    assert again.status_code == 303
    stored = await services.get_report(report.id)
    draft = await services.get_version(report.id, 1)
    assert stored is not None and draft is not None
    assert stored.handlaggare == "Kim Nyberg, utredare"
    assert services.narrative_of(draft)["summary"] == "Dialogerna gav resultat."

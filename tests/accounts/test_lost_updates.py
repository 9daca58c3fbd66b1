"""Two administrators edit the same account: a stale form never overwrites a newer save."""

from collections.abc import Callable

import httpx

from tests import personas
from tests.support import form_of, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account


async def test_a_stale_account_form_is_refused_and_can_be_saved_on_top(
    client: httpx.AsyncClient,
    client_as: Callable[[Principal], httpx.AsyncClient],
    admin_user: Principal,
) -> None:
    robin = await personas.robin()
    url = f"/admin/konton/{robin.id}"
    other = client_as(admin_user)
    mine = form_of((await client.get(url)).text, url)
    theirs = form_of((await other.get(url)).text, url)

    assert (await post_form(other, url, {**theirs, "role": "reader"})).status_code == 303
    refused = await post_form(client, url, {**mine, "name": "Robin Redaktörsson"})

    assert refused.status_code == 409
    assert "Roll Läsare" in text_of(refused.text)
    stored = await Account.objects().get(Account.id == robin.id)
    assert stored is not None and (stored.name, stored.role) == ("Robin Redaktör", "reader")
    again = await post_form(client, url, form_of(refused.text, url))
    assert again.status_code == 303
    stored = await Account.objects().get(Account.id == robin.id)
    assert stored is not None and (stored.name, stored.role) == ("Robin Redaktörsson", "reader")

"""The member picker of every record page (its "Lägg till medlem" form, on its own page)
offers only editors who are not members yet."""

from __future__ import annotations

import re

import httpx
import pytest

from tests import personas
from tests.projects.test_members import PAGES, _record, members_section
from tests.support import post_form
from tracker.phases.catalogue import PhaseCatalogue


def picker_options(html: str) -> list[str]:
    """The accounts the picker offers (by id), without its empty choice."""
    select = re.search(r'<select[^>]*name="account_id".*?</select>', html, flags=re.S)
    if select is None:
        return []
    return [value for value in re.findall(r'<option value="([^"]*)"', select.group(0)) if value]


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_a_member_is_no_longer_offered(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    kim, robin = await personas.kim(), await personas.robin()
    _, url = await _record(kind, catalogue)
    before = picker_options((await client.get(f"{url}/medlemmar/ny")).text)

    added = await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})
    after = (await client.get(f"{url}/medlemmar/ny")).text

    assert str(kim.id) in before
    assert added.status_code == 303
    assert "Kim Redaktör" in members_section((await client.get(url)).text)
    assert str(kim.id) not in picker_options(after)
    assert str(robin.id) in picker_options(after)  # another editor still is


async def test_with_every_editor_a_member_the_picker_is_gone(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    kim = await personas.kim()
    _, url = await _record("projekt", catalogue)
    await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})

    html = (await client.get(url)).text
    form = (await client.get(f"{url}/medlemmar/ny")).text

    assert f'href="{url}/medlemmar/ny"' not in html
    assert "Det finns inga redaktörer att lägga till." in members_section(html)
    assert picker_options(form) == []
    assert "Det finns inga redaktörer att lägga till." in form

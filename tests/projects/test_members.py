"""The members section, made once for the pages of projects, dialogues and collaborations:
it reads the same on each, and a refused member is explained beside the field on each."""

from __future__ import annotations

import httpx
import pytest

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import field_error, post_form, text_of
from tracker.accounts.tables import Membership
from tracker.phases.catalogue import PhaseCatalogue

PAGES = {
    "projekt": ("projektet", "/projekt"),
    "dialog": ("dialogen", "/dialoger"),
    "samverkan": ("samverkan", "/samverkan"),
}


async def _record_url(kind: str, catalogue: PhaseCatalogue) -> str:
    maker = {
        "projekt": lambda: make_project(catalogue),
        "dialog": make_dialogue,
        "samverkan": make_collaboration,
    }[kind]
    return f"{PAGES[kind][1]}/{(await maker()).id}"


def members_section(html: str) -> str:
    return text_of(html.split('id="medlemmar"')[1].split("</section>")[0])


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_every_record_page_says_what_members_are(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    await personas.kim()
    url = await _record_url(kind, catalogue)

    section = members_section((await client.get(url)).text)

    assert (
        f"Medlemmar är redaktörer som får ändra {PAGES[kind][0]}. "
        "Administratörer får alltid ändra." in section
    )
    assert "Inga medlemmar ännu." in section
    assert "Lägg till en redaktör" in section


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_with_no_editor_to_add_a_refused_member_is_explained_beside_the_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    lo = await personas.lo()  # a reader: never a member
    url = await _record_url(kind, catalogue)

    response = await post_form(client, f"{url}/medlemmar", {"account_id": str(lo.id)})

    assert response.status_code == 422
    assert field_error(response.text, "account_id") == "Välj en redaktör i listan."
    assert "Det finns inga redaktörer att lägga till." in members_section(response.text)
    assert await Membership.count() == 0

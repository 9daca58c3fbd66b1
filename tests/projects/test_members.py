"""The members section, made once for the pages of projects, dialogues and collaborations:
it reads the same on each, and "Lägg till medlem" opens its form on demand, on a page of its
own that works without JavaScript and that htmx loads in place (issue 14). A refused member is
explained beside the field, on the form's page."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.support import field_error, post_form, text_of
from tracker.accounts.tables import Membership
from tracker.collaborations import register as collaboration_register
from tracker.dialogues import register as dialogue_register
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register

PAGES = {
    "projekt": ("projektet", "/projekt", "Projekt"),
    "dialog": ("dialogen", "/dialoger", "Dialoger"),
    "samverkan": ("samverkan", "/samverkan", "Samverkan"),
}
ARCHIVE = {
    "projekt": project_register.set_archived,
    "dialog": dialogue_register.set_archived,
    "samverkan": collaboration_register.set_archived,
}
HTMX = {"HX-Request": "true", "HX-Target": "ny-medlem"}


async def _record(kind: str, catalogue: PhaseCatalogue) -> tuple[Any, str]:
    maker = {
        "projekt": lambda: make_project(catalogue),
        "dialog": make_dialogue,
        "samverkan": make_collaboration,
    }[kind]
    record = await maker()
    return record, f"{PAGES[kind][1]}/{record.id}"


def members_section(html: str) -> str:
    return html.split('id="medlemmar"')[1].split("</section>")[0]


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_every_record_page_says_what_members_are_and_opens_the_form_on_demand(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    await personas.kim()
    _, url = await _record(kind, catalogue)

    section = members_section((await client.get(url)).text)

    assert (
        f"Medlemmar är redaktörer som får ändra {PAGES[kind][0]}. "
        "Administratörer får alltid ändra." in text_of(section)
    )
    assert "Inga medlemmar ännu." in text_of(section)
    link = re.search(rf'<a class="button[^"]*" href="{url}/medlemmar/ny"[^>]*>(.*?)</a>', section)
    assert link and link.group(1) == "Lägg till medlem"
    assert f'hx-get="{url}/medlemmar/ny" hx-target="#ny-medlem"' in link.group(0)
    assert "<select" not in section and f'action="{url}/medlemmar"' not in section


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_the_member_form_has_its_own_page_and_htmx_gets_only_the_form(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    kim = await personas.kim()
    record, url = await _record(kind, catalogue)

    own = await client.get(f"{url}/medlemmar/ny")
    assert own.status_code == 200
    assert "<h1>Lägg till medlem</h1>" in own.text
    assert f'<form method="post" action="{url}/medlemmar"' in own.text
    assert f'<a href="{url}">{record.title}</a>' in own.text  # the way back
    assert f'<a href="{PAGES[kind][1]}">{PAGES[kind][2]}</a>' in own.text
    assert f'<option value="{kim.id}">{kim.name} ({kim.email})</option>' in own.text

    fragment = await client.get(f"{url}/medlemmar/ny", headers=HTMX)
    assert fragment.text.lstrip().startswith('<div class="panel" id="ny-medlem"')
    assert "<h1" not in fragment.text and f'hx-post="{url}/medlemmar"' in fragment.text


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_a_refused_member_comes_back_on_the_forms_page_and_a_saved_one_on_the_record(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    kim = await personas.kim()
    lo = await personas.lo()  # a reader: never a member
    _, url = await _record(kind, catalogue)

    refused = await post_form(client, f"{url}/medlemmar", {"account_id": str(lo.id)})
    assert refused.status_code == 422
    assert "<h1>Lägg till medlem</h1>" in refused.text
    assert field_error(refused.text, "account_id") == "Välj en redaktör i listan."

    saved = await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)})
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}#medlemmar"
    page = (await client.get(url)).text
    assert "Medlemmen är tillagd." in text_of(page)
    assert kim.name in text_of(members_section(page))

    # From the form opened in place, htmx is told to load the record's page.
    await post_form(client, f"{url}/medlemmar/{kim.id}/ta-bort", {})
    again = await post_form(client, f"{url}/medlemmar", {"account_id": str(kim.id)}, headers=HTMX)
    assert again.status_code == 200
    assert json.loads(again.headers["hx-location"])["path"] == url
    assert await Membership.count() == 1


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_with_no_editor_to_add_the_page_and_the_form_say_so(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    lo = await personas.lo()
    _, url = await _record(kind, catalogue)

    page = (await client.get(url)).text
    assert "Det finns inga redaktörer att lägga till." in text_of(members_section(page))
    assert f'href="{url}/medlemmar/ny"' not in page

    response = await post_form(client, f"{url}/medlemmar", {"account_id": str(lo.id)})
    assert response.status_code == 422
    assert field_error(response.text, "account_id") == "Välj en redaktör i listan."
    assert "Det finns inga redaktörer att lägga till." in text_of(response.text)
    assert await Membership.count() == 0


@pytest.mark.parametrize("kind", sorted(PAGES))
async def test_an_archived_record_offers_no_member_form_and_refuses_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, kind: str
) -> None:
    await personas.kim()
    record, url = await _record(kind, catalogue)
    await ARCHIVE[kind](record, True, ACTOR)

    page = (await client.get(url)).text

    assert f'href="{url}/medlemmar/ny"' not in page
    assert (await client.get(f"{url}/medlemmar/ny")).status_code == 409

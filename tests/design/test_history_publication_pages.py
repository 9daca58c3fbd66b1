"""Publishing a project's design history through the real app (issue 18): the author sends it
for review naming a colleague, cannot approve it, the colleague approves from the project's
page, it is published as a sealed version that signed-out visitors read with its pictures –
never internal evidence nor the internal note – and it can be taken off the public page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from litestar import Litestar

from tests.design.history_publication_factories import make_reviewer, publish_history
from tests.design.test_history_pages import (
    INTERNAL_NOTE,
    PUBLIC_QUOTE,
    _evidence,
    _project_with_history,
)
from tests.factories import ACTOR
from tests.support import app_client, field_error, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for
from tracker.design import history_publication as rules
from tracker.design import history_publication_services as publication
from tracker.mail.tables import OutboxMessage
from tracker.phases.catalogue import PhaseCatalogue

ClientAs = Callable[[Principal], httpx.AsyncClient]
INTRO = "Så tog vi fram det nya sms:et om bygglov tillsammans med sökande."
TEAM_NOTE = "Kontrollera att bilderna får visas innan vi publicerar."


def staff(project_id: int, step: str = "") -> str:
    return f"/projekt/{project_id}/designhistorik/publicering" + (f"/{step}" if step else "")


def seen_of(html: str) -> str:
    match = re.search(r'name="seen" value="([^"]*)"', html)
    assert match, "no form with the snapshot's stamp on the page"
    return match.group(1)


@pytest.fixture
async def visitor(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """Someone who is not signed in."""
    async with app_client(app) as http:
        yield http


async def test_the_history_is_reviewed_by_someone_else_and_published_without_internal_evidence(
    client: httpx.AsyncClient,
    client_as: ClientAs,
    visitor: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
) -> None:
    project_id, made = await _project_with_history(catalogue)
    picture = f"/designhistorik/{project_id}/bilder/{made['version_id']}"
    assert (await visitor.get(f"/designhistorik/{project_id}")).status_code == 404
    assert (await visitor.get(picture)).status_code == 404

    saved = await post_form(client, staff(project_id), {"intro": INTRO, "internal_note": TEAM_NOTE})
    assert saved.status_code == 303
    reviewer = await make_reviewer()
    page = await client.get(staff(project_id))
    assert f'value="{reviewer.id}"' in page.text
    asked = await post_form(client, staff(project_id, "granskning"), {"reviewers": [reviewer.id]})
    assert asked.status_code == 303

    # The project's page shows the state and who was asked; the author cannot approve.
    project_page = await client.get(f"/projekt/{project_id}")
    text = text_of(project_page.text)
    assert "Väntar på granskning" in text and "Ombedda att granska: Gun Granskare" in text
    assert "Godkänn historiken" not in text
    draft = await publication.get(project_id)
    own = await post_form(
        client, staff(project_id, "godkann"), {"seen": publication.stamp_of(draft)}
    )
    assert own.status_code == 409
    assert "någon annan behöver granska" in text_of(own.text)

    # The colleague asked is mailed, and the request waits in their Mitt arbete.
    mailed = await OutboxMessage.select(
        OutboxMessage.account_id, OutboxMessage.subject, OutboxMessage.link
    ).where(OutboxMessage.kind == "review_requested")
    assert [(row["account_id"], row["link"]) for row in mailed] == [
        (reviewer.id, staff(project_id))
    ]
    assert mailed[0]["subject"].startswith("Granska designhistoriken för ")
    colleague = client_as(reviewer)
    work = text_of((await colleague.get("/")).text)
    assert "Granska designhistoriken" in work
    assert "Granska designhistoriken" not in text_of((await client.get("/")).text)
    from_project = await colleague.get(f"/projekt/{project_id}")
    assert "Godkänn historiken" in from_project.text
    approved = await post_form(
        colleague, staff(project_id, "godkann"), {"seen": seen_of(from_project.text)}
    )
    assert approved.status_code == 303
    review_page = await colleague.get(staff(project_id))
    published = await post_form(
        colleague, staff(project_id, "publicera"), {"seen": seen_of(review_page.text)}
    )
    assert published.status_code == 303

    public = await visitor.get(f"/designhistorik/{project_id}")
    assert public.status_code == 200
    shown = text_of(public.text)
    assert INTRO in shown and PUBLIC_QUOTE in shown and "Version 1, publicerad" in shown
    assert INTERNAL_NOTE not in public.text and TEAM_NOTE not in public.text
    assert "Internt" not in shown and 'href="/tester/' not in public.text
    assert f'src="{picture}"' in public.text
    image = await visitor.get(picture)
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/")
    # Asked again each time, so it is gone once the history is unpublished.
    assert image.headers["cache-control"] == "private, no-cache"
    assert image.headers["x-content-type-options"] == "nosniff"
    assert (await visitor.get(f"/designhistorik/{project_id}/version/1")).status_code == 200
    assert (await visitor.get(f"/designhistorik/{project_id}/version/2")).status_code == 404

    # Sealed: the change log holds the version's SHA-256.
    version = await publication.latest_version(project_id)
    assert version is not None
    logged = [
        c for c in await changes_for("project", project_id) if c["action"] == "history_published"
    ]
    assert logged and rules.version_digest(version) in str(logged[0]["changes"])

    # Taken off the public page: the page and its pictures are gone for visitors.
    gone = await post_form(client, staff(project_id, "avpublicera"), {})
    assert gone.status_code == 303
    assert (await visitor.get(f"/designhistorik/{project_id}")).status_code == 404
    assert (await visitor.get(f"/designhistorik/{project_id}/version/1")).status_code == 404
    assert (await visitor.get(picture)).status_code == 404


async def test_a_history_changed_since_approval_is_not_published(
    client: httpx.AsyncClient, client_as: ClientAs, catalogue: PhaseCatalogue
) -> None:
    project_id, made = await _project_with_history(catalogue)
    reviewer = await make_reviewer()
    await post_form(client, staff(project_id, "granskning"), {"reviewers": [reviewer.id]})
    colleague = client_as(reviewer)
    page = await colleague.get(staff(project_id))
    await post_form(colleague, staff(project_id, "godkann"), {"seen": seen_of(page.text)})
    await _evidence(made["test_id"], "Ett nytt citat efter granskningen.", internal=False)

    refused = await post_form(
        colleague, staff(project_id, "publicera"), {"seen": seen_of(page.text)}
    )
    assert refused.status_code == 409
    assert "har ändrats sedan den granskades" in text_of(refused.text)
    assert await publication.latest_version(project_id) is None


async def test_asking_no_one_to_review_says_so_next_to_the_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project_id, _ = await _project_with_history(catalogue)
    await make_reviewer()
    refused = await post_form(client, staff(project_id, "granskning"), {})
    assert refused.status_code == 422
    assert field_error(refused.text, "reviewers") == "Välj minst en kollega som ska granska texten."


async def test_unknown_ids_and_pictures_outside_the_snapshot_are_404(
    client: httpx.AsyncClient, visitor: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    assert (await client.get(staff(999_999))).status_code == 404
    assert (await visitor.get("/designhistorik/999999")).status_code == 404
    assert (await visitor.get("/designhistorik/99999999999999999999")).status_code == 404
    project_id, made = await _project_with_history(catalogue)
    await publish_history(project_id, ACTOR, catalogue)
    other_id, other = await _project_with_history(catalogue)
    # A picture of another project's (unpublished) history is not served under this one.
    assert (
        await visitor.get(f"/designhistorik/{project_id}/bilder/{other['version_id']}")
    ).status_code == 404
    assert (
        await visitor.get(f"/designhistorik/{other_id}/bilder/{made['version_id']}")
    ).status_code == 404
    # The staff's own picture address stays for signed-in users.
    assert (await visitor.get(f"/prototypbilder/{made['version_id']}")).status_code in (
        302,
        303,
        401,
    )

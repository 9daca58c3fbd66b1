"""A project's design history published through the services (issue 18): sent for review by
the author, approved by an administrator made for it, published by the author."""

from __future__ import annotations

from secrets import token_hex

from tests.personas import make_account
from tracker.accounts.permissions import Principal
from tracker.design import history_publication_services as publication
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register


async def make_reviewer() -> Principal:
    return await make_account("Gun Granskare", "admin", email=f"gun-{token_hex(4)}@kommun.example")


async def publish_history(
    project_id: int, author: Principal, catalogue: PhaseCatalogue, intro: str = ""
) -> int:
    """Publish the history as it is now; returns the version's number."""
    project = await register.get_project(project_id)
    assert project is not None
    await publication.save(project_id, {"intro": intro, "internal_note": ""}, author)
    snapshot, _ = await publication.current_snapshot(project, intro, catalogue)
    reviewer = await make_reviewer()
    await publication.request_review(project_id, snapshot, author, reviewer_ids=[str(reviewer.id)])
    await publication.approve(project_id, reviewer, None)
    return await publication.publish(project_id, project.title, snapshot, author, None)

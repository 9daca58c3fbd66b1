"""Storing the design history's publication (issue 18): the draft, the review steps
(tracker.publishing's workflow on the publication's tables), publishing a sealed version and
taking it off the public page, each written to the change log on the project; and reading the
published versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.design import history_publication as rules
from tracker.design import history_views
from tracker.design.history_tables import (
    HistoryPublication,
    HistoryPublicationReviewer,
    HistoryPublicationVersion,
)
from tracker.mail import notices
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.publishing.integrity import broken_versions
from tracker.publishing.reviewers import recipients
from tracker.publishing.rules import PageState, PublicationRefused
from tracker.publishing.workflow import Draft, Entry, Publication


def stamp_of(draft: Draft | None) -> str:
    """What a form sends back to say which snapshot the user read."""
    return str(draft["snapshot_digest"]) if draft else ""


PUBLICATION = Publication(
    draft=HistoryPublication,
    version=HistoryPublicationVersion,
    reviewer=HistoryPublicationReviewer,
    owner="project",
    asked_on="publication",
    entity=rules.ENTITY,  # the project's members review; the steps show in its history
    name="designhistoriken",
    full_name="den publika designhistoriken",
    ask_whom=rules.ASK_WHOM,
    nothing_to_approve="Designhistoriken är inte skickad för granskning.",
    changed_since_seen="Designhistoriken har ändrats sedan du öppnade sidan. Läs den igen och "
    "försök på nytt.",
    stamp=stamp_of,
    digest=rules.version_digest,
    review_from_published=True,  # the history changes while its text stays: no draft between
)
get = PUBLICATION.get
candidates = PUBLICATION.candidates
versions = PUBLICATION.versions
latest_version = PUBLICATION.latest_version


async def _log(actor: Principal, project_id: int, entry: Entry, action: str) -> None:
    await record_change(
        actor=actor,
        entity_type=rules.ENTITY,
        entity_id=project_id,
        action=action,
        summary=entry.summary,
        changes=entry.changes,
    )


async def _insert(
    project_id: int, values: dict[str, str], actor: Principal, stamp: datetime
) -> Draft:
    await HistoryPublication.insert(
        HistoryPublication(
            project=project_id,
            intro=values["intro"],
            internal_note=values["internal_note"],
            state=PageState.DRAFT,
            snapshot="",
            snapshot_digest="",
            public=False,
            edited_at=stamp,
            edited_by=actor.name,
            edited_by_id=actor.id,
            review_requested_by="",
            approved_by="",
            created_at=stamp,
        )
    )
    draft = await get(project_id)
    assert draft is not None
    return draft


async def save(project_id: int, values: dict[str, str], actor: Principal) -> bool:
    """Save the introduction and the internal note; False if nothing changed. A new
    introduction needs a new review; the internal note never does."""
    stamp = now()
    async with write_transaction():
        draft = await get(project_id)
        before = {k: draft[k] for k in values} if draft else {k: "" for k in values}
        changed = {rules.FIELD_KEYS[k]: [before[k], v] for k, v in values.items() if before[k] != v}
        if not changed:
            return False
        if draft is None:
            await _insert(project_id, values, actor, stamp)
        else:
            update: dict[Any, Any] = {getattr(HistoryPublication, k): v for k, v in values.items()}
            if values["intro"] != draft["intro"] and draft["state"] != PageState.DRAFT:
                update |= PUBLICATION.back_to_draft()
                await PUBLICATION.close(draft["id"], stamp)
            await HistoryPublication.update(update).where(HistoryPublication.id == draft["id"])
        entry = Entry("Sparade utkastet till den publika designhistoriken.", changed)
        await _log(actor, project_id, entry, action="history_draft_saved")
    return True


async def request_review(
    project_id: int, snapshot: str, actor: Principal, *, reviewer_ids: Iterable[str]
) -> list[str]:
    """Send the history as it is now (`snapshot`) for review by the chosen colleagues."""
    stamp = now()
    async with write_transaction():
        draft = await get(project_id)
        if draft is None:
            draft = await _insert(project_id, {"intro": "", "internal_note": ""}, actor, stamp)
        if problem := rules.submit_problem(draft["state"]):
            raise PublicationRefused(problem)
        sent = {
            HistoryPublication.snapshot: snapshot,
            HistoryPublication.snapshot_digest: rules.snapshot_digest(snapshot),
            HistoryPublication.edited_at: stamp,
            HistoryPublication.edited_by: actor.name,
            HistoryPublication.edited_by_id: actor.id,
        }
        chosen, entry = await PUBLICATION.request_review(
            project_id, draft, actor, reviewer_ids, stamp, sent
        )
        await _log(actor, project_id, entry, action="history_review_requested")
        project = await Project.select(Project.title).where(Project.id == project_id).first()
        title = project["title"] if project else ""
        await notices.history_review_requested(project_id, title, actor, recipients(chosen))
    return [row["name"] for row in chosen]


async def approve(project_id: int, actor: Principal, seen: str | None) -> None:
    async with write_transaction():
        entry = await PUBLICATION.approve(project_id, actor, seen)
        await _log(actor, project_id, entry, action="history_approved")


async def send_back(project_id: int, reason: str, actor: Principal) -> None:
    async with write_transaction():
        entry = await PUBLICATION.send_back(project_id, reason, actor)
        await _log(actor, project_id, entry, action="history_review_returned")


async def publish(
    project_id: int, title: str, current: str, actor: Principal, seen: str | None
) -> int:
    """Publish the approved snapshot as the next version, if the history (`current`) is still
    the one approved; returns its number. Its SHA-256 goes into the change log."""
    stamp = now()
    async with write_transaction():
        draft = await get(project_id)
        if draft is None:
            raise PublicationRefused(rules.publish_problem(None, "", "") or "")
        if problem := rules.publish_problem(draft["state"], draft["snapshot"], current):
            raise PublicationRefused(problem)
        PUBLICATION.check_seen(draft, seen)
        public = {"title": title, "snapshot": draft["snapshot"]}
        number, entry = await PUBLICATION.publish(
            project_id, draft, public, actor, stamp, {HistoryPublication.public: True}
        )
        # rules.PUBLISHED_ACTION, written out for the log words
        await _log(actor, project_id, entry, action="history_published")
    return number


async def unpublish(project_id: int, actor: Principal) -> None:
    """Take the history off the public page (the versions are kept; a new publication needs
    a new review)."""
    async with write_transaction():
        draft = await get(project_id)
        if problem := rules.unpublish_problem(bool(draft and draft["public"])):
            raise PublicationRefused(problem)
        assert draft is not None
        hidden = PUBLICATION.back_to_draft() | {HistoryPublication.public: False}
        await HistoryPublication.update(hidden).where(HistoryPublication.id == draft["id"])
        entry = Entry(
            "Tog bort designhistoriken från den publika sidan.", {"publicerad": ["ja", "nej"]}
        )
        await _log(actor, project_id, entry, action="history_unpublished")


async def asked(draft: Draft | None) -> list[dict[str, Any]]:
    """The colleagues asked in the open request, by name."""
    return await PUBLICATION.asked(draft["id"] if draft else None)


async def current_snapshot(
    project: Project, intro: str, catalogue: PhaseCatalogue
) -> tuple[str, Any]:
    """The history as visitors would read it now: stored form and the History shown."""
    history = await history_views.project_history(project.id, catalogue, shared=True)
    stored = rules.snapshot_json(rules.snapshot_of(project.title, intro, history))
    return stored, history


async def snapshot_now(project: Project, catalogue: PhaseCatalogue) -> str:
    """The history as visitors would read it now, with the saved introduction, as stored."""
    draft = await get(project.id)
    return (await current_snapshot(project, draft["intro"] if draft else "", catalogue))[0]


# --- published versions ---------------------------------------------------------------------


async def public_version(project_id: int, number: int | None) -> dict[str, Any] | None:
    """The version visitors may read: only while the history is on the public page."""
    draft = await get(project_id)
    if draft is None or not draft["public"]:
        return None
    if number is None:
        return await latest_version(project_id)
    return await PUBLICATION.version_number(project_id, number)


async def picture_is_public(project_id: int, version_id: int) -> bool:
    """Whether a prototype picture belongs to a version on the public page."""
    draft = await get(project_id)
    if draft is None or not draft["public"]:
        return False
    rows = await HistoryPublicationVersion.select(HistoryPublicationVersion.snapshot).where(
        HistoryPublicationVersion.project == project_id
    )
    return any(version_id in rules.picture_ids(row["snapshot"]) for row in rows)


async def broken() -> tuple[int, list[str], int]:
    """(published history versions checked, those that differ from what was published, those
    published before digests were logged): for `tracker verify`."""
    return await broken_versions(
        "history_publication_version",
        rules.VERSION_FIELDS,
        rules.ENTITY,
        "history_published",
        rules.version_digest,
        lambda row: f"Designhistoriken för projekt {row['project']}, version {row['number']}",
    )

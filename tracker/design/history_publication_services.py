"""Storing the design history's publication (issue 18): the draft, the review steps,
publishing a sealed version and taking it off the public page, each written to the change log
on the project; and reading the published versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tracker.accounts.memberships import members_of
from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Account
from tracker.audit.services import record_change
from tracker.clock import now, today
from tracker.db import write_transaction
from tracker.design import history_publication as rules
from tracker.design import history_views
from tracker.design.history_tables import (
    HistoryPublication,
    HistoryPublicationReviewer,
    HistoryPublicationVersion,
)
from tracker.insights.publication.reviewers import chosen_reviewers, may_review
from tracker.insights.publication.rules import (
    STATE_LABELS,
    PageState,
    PublicationRefused,
    ReviewersRefused,
    return_problem,
)
from tracker.mail import notices
from tracker.mail.outbox import Recipient
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project

Draft = dict[str, Any]


async def get(project_id: int) -> Draft | None:
    return await HistoryPublication.select().where(HistoryPublication.project == project_id).first()


def stamp_of(draft: Draft | None) -> str:
    """What a form sends back to say which snapshot the user read."""
    return str(draft["snapshot_digest"]) if draft else ""


def _check_seen(draft: Draft, seen: str | None) -> None:
    if seen is not None and seen != stamp_of(draft):
        raise PublicationRefused(
            "Designhistoriken har ändrats sedan du öppnade sidan. Läs den igen och försök på nytt."
        )


async def _log(
    actor: Principal, project_id: int, action: str, summary: str, **changes: Any
) -> None:
    await record_change(
        actor=actor,
        entity_type=rules.ENTITY,
        entity_id=project_id,
        action=action,
        summary=summary,
        changes=changes,
    )


_BACK_TO_DRAFT: dict[Any, Any] = {
    HistoryPublication.state: PageState.DRAFT,
    HistoryPublication.review_requested_at: None,
    HistoryPublication.review_requested_by: "",
    HistoryPublication.approved_at: None,
    HistoryPublication.approved_by: "",
}


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
                update |= _BACK_TO_DRAFT
                await close_requests(draft["id"], stamp)
            await HistoryPublication.update(update).where(HistoryPublication.id == draft["id"])
        await _log(
            actor,
            project_id,
            "history_draft_saved",
            "Sparade utkastet till den publika designhistoriken.",
            **changed,
        )
    return True


async def candidates(
    project_id: int, requester: Principal, last_editor_id: int | None
) -> list[dict[str, Any]]:
    """Who may be asked to review: administrators and editors who are members of the project,
    never the requester nor the last editor (the rule of "Ni sa – vi gjorde")."""
    members = {row["account_id"] for row in await members_of(rules.ENTITY, project_id)}
    rows = await (
        Account.select(Account.id, Account.name, Account.email, Account.role)
        .where(Account.active.eq(True) & Account.role.is_in([Role.ADMIN, Role.EDITOR]))
        .order_by(Account.name)
    )
    return [row for row in rows if may_review(row, members, requester.id, last_editor_id)]


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
        possible = await candidates(project_id, actor, draft["edited_by_id"])
        chosen, problem = chosen_reviewers(reviewer_ids, possible)
        if problem:
            raise ReviewersRefused(problem)
        await HistoryPublication.update(
            {
                HistoryPublication.state: PageState.IN_REVIEW,
                HistoryPublication.snapshot: snapshot,
                HistoryPublication.snapshot_digest: rules.snapshot_digest(snapshot),
                HistoryPublication.edited_at: stamp,
                HistoryPublication.edited_by: actor.name,
                HistoryPublication.edited_by_id: actor.id,
                HistoryPublication.review_requested_at: stamp,
                HistoryPublication.review_requested_by: actor.name,
            }
        ).where(HistoryPublication.id == draft["id"])
        for row in chosen:
            await HistoryPublicationReviewer.insert(
                HistoryPublicationReviewer(
                    publication=draft["id"],
                    account_id=row["id"],
                    name=row["name"],
                    requested_at=stamp,
                    requested_by=actor.name,
                )
            )
        names = [row["name"] for row in chosen]
        await _log(
            actor,
            project_id,
            "history_review_requested",
            "Bad " + ", ".join(names) + " granska den publika designhistoriken.",
            läge=[STATE_LABELS[draft["state"]], STATE_LABELS[PageState.IN_REVIEW]],
            granskare=[None, ", ".join(names)],
        )
        project = await Project.select(Project.title).where(Project.id == project_id).first()
        await notices.history_review_requested(
            project_id,
            project["title"] if project else "",
            actor,
            [Recipient(row["id"], row["email"], row["name"]) for row in chosen],
        )
    return names


async def approve(project_id: int, actor: Principal, seen: str | None) -> None:
    async with write_transaction():
        draft = await get(project_id)
        if draft is None:
            raise PublicationRefused("Designhistoriken är inte skickad för granskning.")
        if problem := rules.approve_history_problem(draft["state"], draft["edited_by_id"], actor):
            raise PublicationRefused(problem)
        _check_seen(draft, seen)
        await HistoryPublication.update(
            {
                HistoryPublication.state: PageState.APPROVED,
                HistoryPublication.approved_at: now(),
                HistoryPublication.approved_by: actor.name,
            }
        ).where(HistoryPublication.id == draft["id"])
        await _log(
            actor,
            project_id,
            "history_approved",
            "Granskade och godkände designhistoriken för publicering.",
            läge=[STATE_LABELS[PageState.IN_REVIEW], STATE_LABELS[PageState.APPROVED]],
        )


async def send_back(project_id: int, reason: str, actor: Principal) -> None:
    async with write_transaction():
        draft = await get(project_id)
        if problem := return_problem(draft["state"] if draft else None):
            raise PublicationRefused(problem)
        assert draft is not None
        await HistoryPublication.update(_BACK_TO_DRAFT).where(HistoryPublication.id == draft["id"])
        await close_requests(draft["id"], now())
        await _log(
            actor,
            project_id,
            "history_review_returned",
            "Skickade tillbaka den publika designhistoriken till utkast."
            + (f" Skäl: {reason}" if reason else ""),
            läge=[STATE_LABELS[draft["state"]], STATE_LABELS[PageState.DRAFT]],
        )


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
        _check_seen(draft, seen)
        latest = await latest_version(project_id)
        number = (latest["number"] if latest else 0) + 1
        values: dict[str, Any] = {
            "project": project_id,
            "number": number,
            "title": title,
            "snapshot": draft["snapshot"],
            "published_on": today(),
            "published_by": actor.name,
            "approved_by": draft["approved_by"],
        }
        await HistoryPublicationVersion.insert(
            HistoryPublicationVersion(**values, published_at=stamp)
        )
        await HistoryPublication.update(
            {HistoryPublication.state: PageState.PUBLISHED, HistoryPublication.public: True}
        ).where(HistoryPublication.id == draft["id"])
        await close_requests(draft["id"], stamp)
        await _log(
            actor,
            project_id,
            "history_published",  # rules.PUBLISHED_ACTION, written out for the log words
            f"Publicerade designhistoriken, version {number} (godkänd av {draft['approved_by']}).",
            version=[latest["number"] if latest else None, number],
            sha256=[None, rules.version_digest(values)],
        )
    return number


async def unpublish(project_id: int, actor: Principal) -> None:
    """Take the history off the public page (the versions are kept; a new publication needs
    a new review)."""
    async with write_transaction():
        draft = await get(project_id)
        if problem := rules.unpublish_problem(bool(draft and draft["public"])):
            raise PublicationRefused(problem)
        assert draft is not None
        await HistoryPublication.update(_BACK_TO_DRAFT | {HistoryPublication.public: False}).where(
            HistoryPublication.id == draft["id"]
        )
        await _log(
            actor,
            project_id,
            "history_unpublished",
            "Tog bort designhistoriken från den publika sidan.",
            publicerad=["ja", "nej"],
        )


async def close_requests(publication_id: int, stamp: datetime) -> None:
    await HistoryPublicationReviewer.update({HistoryPublicationReviewer.closed_at: stamp}).where(
        (HistoryPublicationReviewer.publication == publication_id)
        & HistoryPublicationReviewer.closed_at.is_null()
    )


async def asked(draft: Draft | None) -> list[dict[str, Any]]:
    """The colleagues asked in the open request, by name."""
    if draft is None:
        return []
    return await (
        HistoryPublicationReviewer.select(
            HistoryPublicationReviewer.account_id, HistoryPublicationReviewer.name
        )
        .where(
            (HistoryPublicationReviewer.publication == draft["id"])
            & HistoryPublicationReviewer.closed_at.is_null()
        )
        .order_by(HistoryPublicationReviewer.name)
    )


async def current_snapshot(
    project: Project, intro: str, catalogue: PhaseCatalogue
) -> tuple[str, Any]:
    """The history as visitors would read it now: stored form and the History shown."""
    history = await history_views.project_history(project.id, catalogue, shared=True)
    stored = rules.snapshot_json(rules.snapshot_of(project.title, intro, history))
    return stored, history


# --- published versions ---------------------------------------------------------------------


async def versions(project_id: int) -> list[dict[str, Any]]:
    """Every published version's number and date, newest first (no snapshots)."""
    return await (
        HistoryPublicationVersion.select(
            HistoryPublicationVersion.number,
            HistoryPublicationVersion.published_on,
            HistoryPublicationVersion.published_by,
            HistoryPublicationVersion.approved_by,
        )
        .where(HistoryPublicationVersion.project == project_id)
        .order_by(HistoryPublicationVersion.number, ascending=False)
    )


async def latest_version(project_id: int) -> dict[str, Any] | None:
    return await (
        HistoryPublicationVersion.select()
        .where(HistoryPublicationVersion.project == project_id)
        .order_by(HistoryPublicationVersion.number, ascending=False)
        .first()
    )


async def public_version(project_id: int, number: int | None) -> dict[str, Any] | None:
    """The version visitors may read: only while the history is on the public page."""
    draft = await get(project_id)
    if draft is None or not draft["public"]:
        return None
    if number is None:
        return await latest_version(project_id)
    return await (
        HistoryPublicationVersion.select()
        .where(
            (HistoryPublicationVersion.project == project_id)
            & (HistoryPublicationVersion.number == number)
        )
        .first()
    )


async def picture_is_public(project_id: int, version_id: int) -> bool:
    """Whether a prototype picture belongs to a version on the public page."""
    draft = await get(project_id)
    if draft is None or not draft["public"]:
        return False
    rows = await HistoryPublicationVersion.select(HistoryPublicationVersion.snapshot).where(
        HistoryPublicationVersion.project == project_id
    )
    return any(version_id in rules.picture_ids(row["snapshot"]) for row in rows)

"""Storing the "Ni sa – vi gjorde" page: saving the draft, the review steps and publishing
(tracker.publishing's workflow on the page's tables), each written to the change log on the
dialogue; and reading the published versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import update_versioned, write_transaction
from tracker.insights.publication.integrity import version_digest
from tracker.insights.publication.rules import (
    ASK_WHOM,
    ENTITY,
    FIELD_KEYS,
    PUBLIC_FIELDS,
    PageText,
    publish_problem,
    submit_problem,
    text_of_page,
)
from tracker.insights.publication.tables import (
    FeedbackPage,
    FeedbackPageReviewer,
    FeedbackPageVersion,
)
from tracker.mail import notices
from tracker.publishing.reviewers import recipients
from tracker.publishing.rules import PageState, PublicationRefused
from tracker.publishing.workflow import Entry, Publication


def stamp_of(page: dict[str, Any] | None) -> str:
    """What a form sends back to say which text the user saw."""
    value = page["edited_at"] if page else None
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


PAGE = Publication(
    draft=FeedbackPage,
    version=FeedbackPageVersion,
    reviewer=FeedbackPageReviewer,
    owner="dialogue",
    asked_on="page",
    entity=ENTITY,  # the dialogue's members review; the steps show in its history
    name="Ni sa – vi gjorde",
    full_name="Ni sa – vi gjorde",
    ask_whom=ASK_WHOM,
    nothing_to_approve="Det finns inget utkast att granska.",
    changed_since_seen="Texten har ändrats sedan du öppnade sidan. Läs den nya texten och "
    "försök igen.",
    stamp=stamp_of,
    digest=version_digest,
)
get_page = PAGE.get


async def save_page(
    dialogue_id: int, text: PageText, actor: Principal, read_version: int | None = None
) -> bool:
    """Save the draft; False if nothing changed. Changing the public text needs a new review.
    StaleVersion when someone saved the draft since `read_version` was read."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        before = asdict(text_of_page(page)) if page else {}
        after = asdict(text)
        changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changed:
            return False
        public_changed = any(name in changed for name in PUBLIC_FIELDS)
        values: dict[Any, Any] = {getattr(FeedbackPage, k): v for k, v in after.items()}
        if public_changed:
            values |= PAGE.back_to_draft() | {
                FeedbackPage.edited_at: stamp,
                FeedbackPage.edited_by: actor.name,
                FeedbackPage.edited_by_id: actor.id,
            }
        if page is None:
            await FeedbackPage.insert(
                FeedbackPage(
                    dialogue=dialogue_id,
                    **after,
                    state=PageState.DRAFT,
                    edited_at=stamp,
                    edited_by=actor.name,
                    edited_by_id=actor.id,
                    review_requested_by="",
                    approved_by="",
                    created_at=stamp,
                )
            )
        else:
            await update_versioned(FeedbackPage, page["id"], read_version, values)
            if public_changed:
                await PAGE.close(page["id"], stamp)
        summary = "Sparade utkastet till Ni sa – vi gjorde."
        if page is not None and public_changed and page["state"] != PageState.DRAFT:
            summary += " Texten ändrades, så den behöver granskas igen."
        changes = {FIELD_KEYS[k]: pair for k, pair in changed.items()}
        await _log(actor, dialogue_id, Entry(summary, changes), action="feedback_page_saved")
    return True


async def request_review(
    dialogue_id: int,
    actor: Principal,
    seen: str | None = None,
    *,
    reviewer_ids: Iterable[str],
) -> list[str]:
    """Ask the chosen colleagues (account ids as posted) to review; returns their names.
    ReviewersRefused when none, or someone who may not review, is chosen."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := submit_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        PAGE.check_seen(page, seen)
        chosen, entry = await PAGE.request_review(dialogue_id, page, actor, reviewer_ids, stamp)
        await _log(actor, dialogue_id, entry, action="review_requested")
        await notices.review_requested(dialogue_id, actor, recipients(chosen))
    return [row["name"] for row in chosen]


async def approve(dialogue_id: int, actor: Principal, seen: str | None = None) -> None:
    async with write_transaction():
        entry = await PAGE.approve(dialogue_id, actor, seen)
        await _log(actor, dialogue_id, entry, action="approved")


async def send_back(dialogue_id: int, reason: str, actor: Principal) -> None:
    async with write_transaction():
        entry = await PAGE.send_back(dialogue_id, reason, actor)
        await _log(actor, dialogue_id, entry, action="review_returned")


async def publish(dialogue_id: int, actor: Principal, seen: str | None = None) -> int:
    """Publish the approved text as the next version; returns its number."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := publish_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        PAGE.check_seen(page, seen)
        public = text_of_page(page).public_part()
        number, entry = await PAGE.publish(dialogue_id, page, public, actor, stamp)
        await _log(actor, dialogue_id, entry, action="published")
    return number


async def _log(actor: Principal, dialogue_id: int, entry: Entry, action: str) -> None:
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=dialogue_id,
        action=action,
        summary=entry.summary,
        changes=entry.changes,
    )


# --- published versions (every version's number and date, newest first; the latest; one) ---

versions = PAGE.versions
latest_version = PAGE.latest_version
version = PAGE.version_number

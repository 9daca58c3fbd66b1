"""Storing the "Ni sa – vi gjorde" page: saving the draft, the review steps and publishing,
each written to the change log on the dialogue; and reading the published versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now, today
from tracker.db import update_versioned, write_transaction
from tracker.insights.publication import reviewers
from tracker.insights.publication.integrity import version_digest
from tracker.insights.publication.rules import (
    ENTITY,
    FIELD_KEYS,
    PUBLIC_FIELDS,
    STATE_LABELS,
    PageState,
    PageText,
    PublicationRefused,
    ReviewersRefused,
    approve_problem,
    publish_problem,
    return_problem,
    submit_problem,
    text_of_page,
)
from tracker.insights.publication.tables import FeedbackPage, FeedbackPageVersion
from tracker.mail import notices
from tracker.mail.outbox import Recipient

# --- services -------------------------------------------------------------------------------


async def get_page(dialogue_id: int) -> dict[str, Any] | None:
    return await FeedbackPage.select().where(FeedbackPage.dialogue == dialogue_id).first()


def stamp_of(page: dict[str, Any] | None) -> str:
    """What a form sends back to say which text the user saw."""
    value = page["edited_at"] if page else None
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


def _check_seen(page: dict[str, Any], seen: str | None) -> None:
    if seen is not None and seen != stamp_of(page):
        raise PublicationRefused(
            "Texten har ändrats sedan du öppnade sidan. Läs den nya texten och försök igen."
        )


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
            values |= {
                FeedbackPage.state: PageState.DRAFT,
                FeedbackPage.edited_at: stamp,
                FeedbackPage.edited_by: actor.name,
                FeedbackPage.edited_by_id: actor.id,
                FeedbackPage.review_requested_at: None,
                FeedbackPage.review_requested_by: "",
                FeedbackPage.approved_at: None,
                FeedbackPage.approved_by: "",
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
                await reviewers.close(page["id"], stamp)
        summary = "Sparade utkastet till Ni sa – vi gjorde."
        if page is not None and public_changed and page["state"] != PageState.DRAFT:
            summary += " Texten ändrades, så den behöver granskas igen."
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="feedback_page_saved",
            summary=summary,
            changes={FIELD_KEYS[k]: pair for k, pair in changed.items()},
        )
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
        _check_seen(page, seen)
        possible = await reviewers.candidates(dialogue_id, actor, page["edited_by_id"])
        chosen, problem = reviewers.chosen_reviewers(reviewer_ids, possible)
        if problem:
            raise ReviewersRefused(problem)
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.IN_REVIEW,
                FeedbackPage.review_requested_at: stamp,
                FeedbackPage.review_requested_by: actor.name,
            }
        ).where(FeedbackPage.id == page["id"])
        await reviewers.ask(page["id"], chosen, actor, stamp)
        names = [row["name"] for row in chosen]
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="review_requested",
            summary="Bad " + ", ".join(names) + " granska Ni sa – vi gjorde.",
            changes={
                "läge": [STATE_LABELS[PageState.DRAFT], STATE_LABELS[PageState.IN_REVIEW]],
                "granskare": [None, ", ".join(names)],
            },
        )
        await notices.review_requested(
            dialogue_id,
            actor,
            [Recipient(row["id"], row["email"], row["name"]) for row in chosen],
        )
    return names


async def approve(dialogue_id: int, actor: Principal, seen: str | None = None) -> None:
    async with write_transaction():
        page = await get_page(dialogue_id)
        if page is None:
            raise PublicationRefused("Det finns inget utkast att granska.")
        if problem := approve_problem(page["state"], page["edited_by_id"], actor):
            raise PublicationRefused(problem)
        _check_seen(page, seen)
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.APPROVED,
                FeedbackPage.approved_at: now(),
                FeedbackPage.approved_by: actor.name,
            }
        ).where(FeedbackPage.id == page["id"])
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="approved",
            summary="Granskade och godkände Ni sa – vi gjorde för publicering.",
            changes={"läge": [STATE_LABELS[PageState.IN_REVIEW], STATE_LABELS[PageState.APPROVED]]},
        )


async def send_back(dialogue_id: int, reason: str, actor: Principal) -> None:
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := return_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        await FeedbackPage.update(
            {
                FeedbackPage.state: PageState.DRAFT,
                FeedbackPage.review_requested_at: None,
                FeedbackPage.review_requested_by: "",
                FeedbackPage.approved_at: None,
                FeedbackPage.approved_by: "",
            }
        ).where(FeedbackPage.id == page["id"])
        await reviewers.close(page["id"], now())
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="review_returned",
            summary="Skickade tillbaka Ni sa – vi gjorde till utkast."
            + (f" Skäl: {reason}" if reason else ""),
            changes={"läge": [STATE_LABELS[page["state"]], STATE_LABELS[PageState.DRAFT]]},
        )


async def publish(dialogue_id: int, actor: Principal, seen: str | None = None) -> int:
    """Publish the approved text as the next version; returns its number."""
    stamp = now()
    async with write_transaction():
        page = await get_page(dialogue_id)
        if problem := publish_problem(page["state"] if page else None):
            raise PublicationRefused(problem)
        assert page is not None
        _check_seen(page, seen)
        latest = await latest_version(dialogue_id)
        number = (latest["number"] if latest else 0) + 1
        values: dict[str, Any] = {
            "dialogue": dialogue_id,
            "number": number,
            **text_of_page(page).public_part(),
            "published_on": today(),
            "published_by": actor.name,
            "approved_by": page["approved_by"],
        }
        await FeedbackPageVersion.insert(FeedbackPageVersion(**values, published_at=stamp))
        await FeedbackPage.update({FeedbackPage.state: PageState.PUBLISHED}).where(
            FeedbackPage.id == page["id"]
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue_id,
            action="published",
            summary=f"Publicerade Ni sa – vi gjorde, version {number} "
            f"(godkänd av {page['approved_by']}).",
            changes={
                "version": [latest["number"] if latest else None, number],
                "sha256": [None, version_digest(values)],
            },
        )
    return number


# --- published versions ---------------------------------------------------------------------


async def versions(dialogue_id: int) -> list[dict[str, Any]]:
    """Every published version's number and date, newest first (no texts)."""
    return await (
        FeedbackPageVersion.select(
            FeedbackPageVersion.number,
            FeedbackPageVersion.published_on,
            FeedbackPageVersion.published_by,
            FeedbackPageVersion.approved_by,
        )
        .where(FeedbackPageVersion.dialogue == dialogue_id)
        .order_by(FeedbackPageVersion.number, ascending=False)
    )


async def latest_version(dialogue_id: int) -> dict[str, Any] | None:
    return await (
        FeedbackPageVersion.select()
        .where(FeedbackPageVersion.dialogue == dialogue_id)
        .order_by(FeedbackPageVersion.number, ascending=False)
        .first()
    )


async def version(dialogue_id: int, number: int) -> dict[str, Any] | None:
    return await (
        FeedbackPageVersion.select()
        .where(
            (FeedbackPageVersion.dialogue == dialogue_id) & (FeedbackPageVersion.number == number)
        )
        .first()
    )

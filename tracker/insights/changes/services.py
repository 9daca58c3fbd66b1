"""Service changes (tjänsteförändringar): proposing one, moving it through its statuses, and
linking it to the insights it builds on. Every link and status is a row that records who made
it and when, and each step is written to the change log."""

from __future__ import annotations

from datetime import date

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import StaleVersion, update_versioned, write_transaction
from tracker.insights.link_history import keep_removed
from tracker.insights.rules import (
    CHANGE_STATUS_LABELS,
    ChangeStatus,
    check_status_change,
    check_strength,
)
from tracker.insights.services import INSIGHT
from tracker.insights.tables import ChangeInsight, ChangeStatusEvent, ServiceChange

CHANGE = "service_change"


async def create_change(
    *, project_id: int, title: str, description: str, status_on: date, actor: Principal
) -> int:
    stamp = now()
    async with write_transaction():
        change = ServiceChange(
            project=project_id,
            title=title,
            description=description,
            status=ChangeStatus.IDEA,
            status_on=status_on,
            closed_reason="",
            created_at=stamp,
            updated_at=stamp,
        )
        await change.save()
        await ChangeStatusEvent.insert(
            ChangeStatusEvent(
                change=change.id,
                status=ChangeStatus.IDEA,
                status_on=status_on,
                reason="",
                recorded_at=stamp,
                recorded_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=CHANGE,
            entity_id=change.id,
            action="created",
            summary=f"Föreslog tjänsteförändringen ”{title}”.",
        )
    return int(change.id)


async def set_change_status(
    change_id: int,
    target: str,
    on: date | None,
    reason: str,
    actor: Principal,
    version: int | None = None,
) -> None:
    """Move a change to a new status with its date (ChainRefused when the rules say no;
    StaleVersion when its status changed since `version` was read)."""
    async with write_transaction():
        row = (
            await ServiceChange.select(
                ServiceChange.status, ServiceChange.status_on, ServiceChange.version
            )
            .where(ServiceChange.id == change_id)
            .first()
        )
        if row is None:
            raise LookupError(change_id)
        if version is not None and row["version"] != version:
            raise StaleVersion(change_id)  # the page showed another status: a conflict first
        check_status_change(row["status"], target, on, reason, row["status_on"])
        assert on is not None
        await update_versioned(
            ServiceChange,
            change_id,
            version,
            {
                ServiceChange.status: target,
                ServiceChange.status_on: on,
                ServiceChange.closed_reason: reason.strip()
                if target == ChangeStatus.CLOSED
                else "",
                ServiceChange.updated_at: now(),
            },
        )
        await ChangeStatusEvent.insert(
            ChangeStatusEvent(
                change=change_id,
                status=target,
                status_on=on,
                reason=reason.strip(),
                recorded_at=now(),
                recorded_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=CHANGE,
            entity_id=change_id,
            action="state_changed",
            summary=f"Ändrade status till {CHANGE_STATUS_LABELS[target].lower()} "
            f"({on.isoformat()}).",
            changes={"status": [row["status"], target]},
        )


async def address_insight(
    change_id: int, insight_id: int, strength: int | None, actor: Principal
) -> bool:
    """The change addresses the insight, motivated by it this strongly (1–3)."""
    strength = check_strength(strength)
    async with write_transaction():
        if await ChangeInsight.exists().where(
            (ChangeInsight.change == change_id) & (ChangeInsight.insight == insight_id)
        ):
            return False
        await ChangeInsight.insert(
            ChangeInsight(
                change=change_id,
                insight=insight_id,
                strength=strength,
                linked_at=now(),
                linked_by=actor.name,
            )
        )
        for entity_type, entity_id in ((CHANGE, change_id), (INSIGHT, insight_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="linked",
                summary="Förändringen bygger på insikten.",
                changes={"link": [None, f"change:{change_id}-insight:{insight_id}:{strength}"]},
            )
    return True


async def stop_addressing(change_id: int, insight_id: int, actor: Principal) -> bool:
    """The change no longer builds on the insight; the removed link stays in the change log."""
    async with write_transaction():
        row = (
            await ChangeInsight.select(ChangeInsight.id, ChangeInsight.strength)
            .where((ChangeInsight.change == change_id) & (ChangeInsight.insight == insight_id))
            .first()
        )
        if row is None:
            return False
        for entity_type, entity_id in ((CHANGE, change_id), (INSIGHT, insight_id)):
            await record_change(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action="unlinked",
                summary="Förändringen bygger inte längre på insikten.",
                changes={
                    "link": [f"change:{change_id}-insight:{insight_id}:{row['strength']}", None]
                },
            )
        await keep_removed(ChangeInsight, row["id"], now(), actor.name)
        await ChangeInsight.delete().where(ChangeInsight.id == row["id"])
    return True

"""Writing a service change's promised effects and their follow-ups, each change written to the
change log in the same transaction (on the effect, and its creation on the change too)."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import update_versioned, write_transaction
from tracker.design.effect_forms import EffectInput, FollowUpInput
from tracker.design.effect_labels import EFFECT_LABELS
from tracker.design.effect_rules import format_value
from tracker.design.tables import EffectFollowUp, ServiceEffect
from tracker.kinds import SERVICE_CHANGE, SERVICE_EFFECT

FIELDS = (
    "indicator",
    "method",
    "measured_by",
    "unit",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
)


def _dates_text(dates: list[Any]) -> str:
    return ", ".join(day.isoformat() for day in sorted(dates))


def effect_values(data: EffectInput) -> dict[str, Any]:
    return {key: getattr(data, key) for key in FIELDS}


async def create_effect(change_id: int, data: EffectInput, actor: Principal) -> int:
    stamp = now()
    effect = ServiceEffect(
        change=change_id, **effect_values(data), created_at=stamp, created_by=actor.name
    )
    effect.updated_at = stamp
    async with write_transaction():
        await effect.save()
        await _plan(effect.id, data.follow_up_dates)
        logged = {**effect_values(data), "follow_up_dates": _dates_text(data.follow_up_dates)}
        await record_change(
            actor=actor,
            entity_type=SERVICE_EFFECT.key,
            entity_id=effect.id,
            action="created",
            summary=f"Skapade effektmålet för förändring {change_id}.",
            changes=diff({}, logged),
            at=stamp,
        )
        await record_change(
            actor=actor,
            entity_type=SERVICE_CHANGE.key,
            entity_id=change_id,
            action="effect_added",
            summary=f"Lade till effektmålet {data.indicator}.",
            at=stamp,
        )
    return int(effect.id)


async def _plan(effect_id: int, dates: list[Any]) -> None:
    if dates:
        await EffectFollowUp.insert(
            *[EffectFollowUp(effect=effect_id, planned_on=day) for day in dates]
        )


async def planned_dates(effect_id: int) -> list[Any]:
    """The follow-ups planned and not yet measured."""
    rows = await EffectFollowUp.select(EffectFollowUp.planned_on).where(
        (EffectFollowUp.effect == effect_id) & EffectFollowUp.value.is_null()
    )
    return sorted(row["planned_on"] for row in rows)


async def update_effect(
    effect: dict[str, Any], data: EffectInput, actor: Principal, version: int | None
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if the effect was saved since `version`. The planned
    follow-ups not yet measured become the dates in the form."""
    before_dates = await planned_dates(effect["id"])
    values = effect_values(data)
    changes = diff(
        {**{key: effect[key] for key in values}, "follow_up_dates": _dates_text(before_dates)},
        {**values, "follow_up_dates": _dates_text(data.follow_up_dates)},
    )
    if not changes:
        return changes
    async with write_transaction():
        await update_versioned(
            ServiceEffect, effect["id"], version, {**values, "updated_at": now()}
        )
        if "follow_up_dates" in changes:
            planned: Any = (EffectFollowUp.effect == effect["id"]) & EffectFollowUp.value.is_null()
            if data.follow_up_dates:  # NOT IN () is refused, and NOT IN (NULL) matches nothing
                planned &= EffectFollowUp.planned_on.not_in(data.follow_up_dates)
            await EffectFollowUp.delete().where(planned)
            await _plan(effect["id"], [d for d in data.follow_up_dates if d not in before_dates])
        await record_change(
            actor=actor,
            entity_type=SERVICE_EFFECT.key,
            entity_id=effect["id"],
            action="updated",
            summary="Ändrade " + ", ".join(EFFECT_LABELS[key] for key in changes) + ".",
            changes=changes,
        )
    return changes


async def record_follow_up(effect_id: int, data: FollowUpInput, actor: Principal) -> int:
    """The measurement fulfils the earliest planned follow-up not yet measured, or is a
    follow-up of its own (planned on the day it was measured) when none is planned."""
    stamp = now()
    values: dict[Any, Any] = {
        EffectFollowUp.measured_on: data.measured_on,
        EffectFollowUp.value: data.value,
        EffectFollowUp.comment: data.comment,
        EffectFollowUp.recorded_at: stamp,
        EffectFollowUp.recorded_by: actor.name,
    }
    async with write_transaction():
        planned = await (
            EffectFollowUp.select(EffectFollowUp.id, EffectFollowUp.planned_on)
            .where((EffectFollowUp.effect == effect_id) & EffectFollowUp.value.is_null())
            .order_by(EffectFollowUp.planned_on)
            .first()
        )
        if planned:
            follow_up_id = int(planned["id"])
            await EffectFollowUp.update(values).where(EffectFollowUp.id == follow_up_id)
            planned_on = planned["planned_on"]
        else:
            row = EffectFollowUp(effect=effect_id, planned_on=data.measured_on)
            await row.save()
            follow_up_id = int(row.id)
            await EffectFollowUp.update(values).where(EffectFollowUp.id == follow_up_id)
            planned_on = data.measured_on
        await record_change(
            actor=actor,
            entity_type=SERVICE_EFFECT.key,
            entity_id=effect_id,
            action="follow_up_recorded",
            summary=f"Följde upp effektmålet (planerat {planned_on.isoformat()}).",
            changes=diff(
                {},
                {
                    "measured_on": data.measured_on,
                    "value": format_value(data.value),
                    "comment": data.comment,
                },
            ),
            at=stamp,
        )
        await ServiceEffect.update({ServiceEffect.updated_at: stamp}).where(
            ServiceEffect.id == effect_id
        )
    return follow_up_id

"""Build service changes with promised effects through the real services."""

from __future__ import annotations

from datetime import date

from tests.factories import ACTOR
from tests.insights.factories import change_in
from tracker.accounts.permissions import Principal
from tracker.design import effects
from tracker.design.effect_forms import EffectInput, FollowUpInput


def effect_input(**overrides: object) -> EffectInput:
    values: dict[str, object] = {
        "indicator": "Kompletta ansökningar",
        "method": "Andel kompletta ansökningar per månad i ärendesystemet.",
        "measured_by": "Bygglovsenheten",
        "unit": "%",
        "baseline_value": 60.0,
        "baseline_on": date(2026, 1, 15),
        "target_value": 80.0,
        "target_on": date(2026, 9, 30),
        "follow_up_dates": [date(2026, 4, 15), date(2026, 9, 30)],
    }
    return EffectInput(**{**values, **overrides})  # type: ignore[arg-type]


async def make_effect(change_id: int, actor: Principal = ACTOR, **overrides: object) -> int:
    return await effects.create_effect(change_id, effect_input(**overrides), actor)


async def follow_up(
    effect_id: int, value: float, on: date = date(2026, 4, 16), actor: Principal = ACTOR
) -> int:
    return await effects.record_follow_up(effect_id, FollowUpInput(on, value, ""), actor)


async def make_change_with_effect(
    project_id: int, actor: Principal = ACTOR, change: int | None = None
) -> dict[str, int]:
    """A change of the project (or `change`) with one effect, followed up once."""
    change = change or await change_in(project_id, actor=actor)
    effect = await make_effect(change, actor)
    await follow_up(effect, 70.0, actor=actor)
    return {"change_id": change, "effect_id": effect}

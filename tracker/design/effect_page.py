"""Rendering the effect pages, with any form shown again with its errors."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Template

from tracker.audit.services import changes_for
from tracker.clock import today
from tracker.design.effect_rules import format_value
from tracker.design.effect_views import Effect, effect_page
from tracker.design.effects import planned_dates
from tracker.design.page import editing
from tracker.kinds import SERVICE_EFFECT
from tracker.web.forms import Fields
from tracker.web.http import form_value
from tracker.web.versions import versioned


async def effect_values(effect: Effect) -> dict[str, str]:
    """The effect edit form's fields as stored now."""
    row = effect.row
    values = {
        key: form_value(row[key])
        for key in ("indicator", "method", "measured_by", "unit", "baseline_on", "target_on")
    }
    values |= {key: format_value(row[key]) for key in ("baseline_value", "target_value")}
    dates = await planned_dates(row["id"])
    return values | {"follow_up_dates": "\n".join(day.isoformat() for day in dates)}


async def effect_edit_fields(effect: Effect) -> Fields:
    return Fields(versioned(await effect_values(effect), effect.row["version"]))


async def render_effect_form(
    change: dict[str, Any],
    fields: Fields,
    *,
    effect: Effect | None = None,
    status: int = 200,
    conflict: Any = None,
) -> Template:
    """The form for a new effect of `change`, or for changing `effect`."""
    context = {"change": change, "effect": effect, "fields": fields, "conflict": conflict}
    return Template("design/effect_form.html", context=context, status_code=status)


async def render_effect(
    request: Request[Any, Any, Any], effect_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    effect = await effect_page(effect_id)
    if effect is None:
        raise NotFoundException()
    context: dict[str, Any] = {
        "effect": effect,
        "today": today(),
        **await editing(request, effect.row["project"], effect.row["archived_at"]),
        "follow_up_fields": forms.get("follow_up_fields") or Fields({}),
        "history": await changes_for(SERVICE_EFFECT.key, effect_id),
    }
    return Template("design/effect.html", context=context, status_code=status)

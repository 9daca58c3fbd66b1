"""A dialogue's page: its own parts, and the panels the areas above fill in (its partners, the
changes its feedback can report, its evidence and insights). Any handler that shows the page
again with a form's errors renders it from here."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.clock import today
from tracker.dialogues import labels, register
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.records import dialogue_records
from tracker.dialogues.rules import LEVEL_LOCKED_STATES, RECORDING_STATES, TRANSITIONS
from tracker.dialogues.tables import Dialogue
from tracker.shared.record_routes import members_context
from tracker.web.forms import Fields
from tracker.web.http import form_value
from tracker.web.panels import panel_context
from tracker.web.versions import Conflict

FORM_NAMES = ("transition", "session", "document", "feedback")


async def dialogue_or_404(dialogue_id: FromPath[int]) -> Dialogue:
    """The dialogue of the path's `dialogue_id`, 404 if there is none; the dialogue
    controller's handlers get it as the dependency `dialogue`."""
    dialogue = await register.get_dialogue(dialogue_id)
    if dialogue is None:
        raise NotFoundException()
    return dialogue


async def render_dialogue(
    request: Request[Any, Any, Any],
    dialogue: Dialogue,
    *,
    target: str = "",
    status: int = 200,
    **forms: Fields,
) -> Template:
    """The page, with the forms in `forms` (by their names, e.g. feedback_fields) shown again."""
    access = await members_context(
        request, register.ENTITY, dialogue.id, archived=dialogue.archived_at is not None
    )
    can_edit = access["can_edit"]
    records = await dialogue_records(dialogue)
    context: dict[str, Any] = access | {
        "dialogue": dialogue,
        "records": records,
        "next_states": TRANSITIONS.get(dialogue.state, ()),
        "target": target,
        "today": today(),
    }
    for name in FORM_NAMES:
        context[f"{name}_fields"] = forms.get(f"{name}_fields") or Fields({})
    context["blank_fields"] = Fields({})
    context["methods"] = register.methods_of(dialogue)
    context |= await panel_context(
        request, register.ENTITY, dialogue, can_edit=can_edit, forms=forms
    )
    context["level_locked"] = dialogue.state in LEVEL_LOCKED_STATES
    context["can_record"] = dialogue.state in RECORDING_STATES
    return Template("dialogues/detail.html", context=context, status_code=status)


async def render_dialogue_by_id(
    request: Request[Any, Any, Any], dialogue_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    dialogue = await dialogue_or_404(dialogue_id)
    return await render_dialogue(request, dialogue, target="", status=status, **forms)


async def dialogue_found(dialogue_id: int) -> str | None:
    """ "" when the dialogue exists (a source of evidence at any time), None when it does not."""
    return "" if await register.get_dialogue(dialogue_id) is not None else None


EDIT_KEYS = tuple(
    key
    for key in labels.FIELD_LABELS
    if key not in ("methods", "level_achieved", "results_summary")
)


def stored_values(dialogue: Dialogue, lists: DialogueLists) -> dict[str, str]:
    """The edit form's fields as the dialogue holds them now (`methods`: the ticked ones)."""
    suggested = {method for level in lists.levels for method in level.methods}
    methods = register.methods_of(dialogue)
    return {key: form_value(getattr(dialogue, key)) for key in EDIT_KEYS} | {
        "methods": "\n".join(sorted(method for method in methods if method in suggested)),
        "other_methods": ", ".join(method for method in methods if method not in suggested),
    }


def ticked_methods(values: dict[str, str]) -> list[str]:
    return [method for method in values.get("methods", "").split("\n") if method]


def edit_form(
    dialogue: Dialogue,
    fields: Fields,
    methods: list[str] | None = None,
    conflict: Conflict | None = None,
    status: int = 200,
) -> Template:
    """The edit form, with a conflict's list of the other person's changes when there is one."""
    return Template(
        "dialogues/form.html",
        context={
            "fields": fields,
            "dialogue": dialogue,
            "methods": ticked_methods(fields.raw) if methods is None else methods,
            "level_locked": dialogue.state in LEVEL_LOCKED_STATES,
            "conflict": conflict,
        },
        status_code=status,
    )

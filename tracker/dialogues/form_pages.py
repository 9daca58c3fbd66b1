"""A dialogue's forms that open on demand from its page (issue 14): registering a session, a
document and feedback, the state's moves with fields, and changing the level achieved and the
results. Each is a page of its own (GET), which works without JavaScript; htmx loads the same
page's block in place on the dialogue's page (tracker/web/fragments.py). A refused post (and
a stale one, with what someone else changed) shows the form's page again; a save goes back to
the dialogue's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.dialogues import labels, register
from tracker.dialogues.page import dialogue_or_404
from tracker.dialogues.rules import RECORDING_STATES
from tracker.dialogues.tables import Dialogue
from tracker.kinds import DIALOGUE
from tracker.shared.form_page import form_page
from tracker.web.forms import Fields
from tracker.web.panels import panel_context
from tracker.web.versions import Conflict, save_or_conflict, versioned


@dataclass(frozen=True, slots=True)
class FormPage:
    path: str  # under the dialogue's page
    template: str
    fields: str  # the name of its fields in the template
    near: str  # the section of the dialogue's page the form opens in


FORM_PAGES = {
    "session": FormPage("tillfallen/ny", "dialogues/session.html", "session_fields", "tillfallen"),
    "document": FormPage("dokument/ny", "dialogues/document.html", "document_fields", "resultat"),
    "feedback": FormPage(
        "aterkoppling/ny", "dialogues/feedback.html", "feedback_fields", "aterkoppling"
    ),
    # The state's form with fields (the board's answers, its decision, the information
    # meeting); the moves that are one button stay on the dialogue's page.
    "transition": FormPage("overgang", "dialogues/transition.html", "transition_fields", "process"),
    # The page's one-field forms, saved at the version they were read from.
    "level": FormPage("niva", "dialogues/level.html", "level_fields", "niva"),
    "results": FormPage("resultat", "dialogues/results.html", "results_fields", "resultat"),
}

# The stored field each one-field form changes.
PAGE_FIELDS = {"level": "level_achieved", "results": "results_summary"}

# The moves made with the transition page's form: the state, and the targets its form posts.
FORM_MOVES = {
    "inquiry": ("", "proposal", "no_dialogue"),
    "proposal": ("", "decided"),
    "no_dialogue": ("", "information_meeting"),
}


def first_values(dialogue: Dialogue, which: str) -> Fields:
    """A form as it first opens: a one-field form holds the stored value and its version."""
    key = PAGE_FIELDS.get(which)
    if key is None:
        return Fields({})
    return Fields(versioned({key: getattr(dialogue, key) or ""}, dialogue.version))


def moved_by_form_page(state: str, target: str) -> bool:
    """Whether a transition post came from the transition page's form (so its errors are
    shown there), not from a one-button move on the dialogue's page."""
    return target in FORM_MOVES.get(state, ())


async def render_form_page(
    request: Request[Any, Any, Any],
    dialogue: Dialogue,
    which: str,
    fields: Fields | None = None,
    *,
    status: int = 200,
    target: str = "",
    conflict: Conflict | None = None,
) -> Template:
    """The page of one of the dialogue's forms, empty or as typed with its errors; an htmx
    request gets only the form, to show in place on the dialogue's page."""
    page = FORM_PAGES[which]
    shown = first_values(dialogue, which) if fields is None else fields
    context: dict[str, Any] = {}
    if which == "feedback":  # the partners and changes it may name come from the areas above
        context |= await panel_context(
            request, register.ENTITY, dialogue, can_edit=True, forms={page.fields: shown}
        )
    context |= {
        "dialogue": dialogue,
        page.fields: shown,
        "can_record": dialogue.state in RECORDING_STATES,
        "target": target,
        "blank_fields": Fields({}),
        "conflict": conflict,
    }
    url = DIALOGUE.url(dialogue.id) or ""
    return form_page(page.template, DIALOGUE.key, dialogue.title, url, context, status=status)


async def save_page_field(
    request: Request[Any, Any, Any],
    dialogue: Dialogue,
    raw: dict[str, str],
    which: str,
    value: Any,
    actor: Principal,
) -> bool | Template:
    """Save one of the page's one-field forms (`which`: results or level) at the version it
    was read from: whether anything changed, or its page again (409) when someone else changed
    the same field meanwhile, with their change beside what the user typed."""
    key = PAGE_FIELDS[which]

    async def reload() -> tuple[dict[str, str], int]:
        current = await dialogue_or_404(dialogue.id)
        return {key: getattr(current, key) or ""}, current.version

    async def save(version: int | None) -> bool:
        setter = register.set_results if which == "results" else register.set_level_achieved
        return await setter(dialogue, value, actor, version)

    saved = await save_or_conflict(raw, save, reload, labels.FIELD_LABELS)
    if not isinstance(saved, Conflict):
        return saved
    current = await dialogue_or_404(dialogue.id)
    return await render_form_page(request, current, which, saved.fields, status=409, conflict=saved)


def _form_route(which: str) -> Any:
    page = FORM_PAGES[which]

    @get(
        f"/dialoger/{{dialogue_id:int}}/{page.path}",
        name=f"dialogues:{which}_form",
        opt=edit(register.ENTITY, "dialogue_id"),
        dependencies={"dialogue": Provide(dialogue_or_404)},
    )
    async def open_form(request: Request, dialogue: NamedDependency[Dialogue]) -> Template:
        return await render_form_page(request, dialogue, which)

    return open_form


ROUTES = [_form_route(which) for which in FORM_PAGES]

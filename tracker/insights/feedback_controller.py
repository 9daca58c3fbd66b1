"""Registering feedback on a dialogue's page. The form names the partner who carried it and
the service changes it reported, which belong to the areas above dialogues, so the route is
here with the chain; it shows the form's own page again when the form has errors."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.di import NamedDependency

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.collaborations.links import collaborations_of_dialogue
from tracker.dialogues.form_pages import render_form_page
from tracker.dialogues.forms import FeedbackInput, read_feedback_form
from tracker.dialogues.records import first_session_on
from tracker.dialogues.rules import recording_problem
from tracker.dialogues.tables import Dialogue
from tracker.insights import deps
from tracker.insights.changes.views import changes_from_dialogue
from tracker.insights.feedback import add_feedback
from tracker.kinds import DIALOGUE
from tracker.web.forms import Fields
from tracker.web.http import plain, saved_on_demand


@post(
    "/dialoger/{dialogue_id:int}/aterkoppling",
    name="dialogues:add_feedback",
    opt=edit(DIALOGUE.key, "dialogue_id"),
    dependencies=deps.DIALOGUE,
)
async def add_dialogue_feedback(
    request: Request, dialogue: NamedDependency[Dialogue], actor: NamedDependency[Principal]
) -> Response[Any]:
    partners = [row["id"] for row in await collaborations_of_dialogue(dialogue.id)]
    form = await request.form()
    raw = plain(form)
    data, fields = read_feedback_form(raw, partners, await first_session_on(dialogue.id))
    offered = {str(row["id"]) for row in await changes_from_dialogue(dialogue.id)}
    named = form.getall("change_ids", [])
    fields.raw["change_ids"] = ",".join(named)
    if not set(named) <= offered:
        fields.error("change_ids", "Välj bland förändringarna i listan.")
        data = None

    async def add(data: FeedbackInput) -> str:
        await add_feedback(dialogue, data, actor, [int(n) for n in dict.fromkeys(named)])
        return f"/dialoger/{dialogue.id}#aterkoppling"

    async def refuse(fields: Fields, status: int) -> Response[Any]:
        return await render_form_page(request, dialogue, "feedback", fields, status=status)

    answer = await once.submit_once(
        request,
        actor,
        raw,
        (data, fields),
        refuse,
        add,
        "Återkopplingen är sparad.",
        conflict=recording_problem(dialogue.state, "Återkoppling"),
    )
    return saved_on_demand(request, answer, near="aterkoppling")


ROUTES: list[Any] = [add_dialogue_feedback]

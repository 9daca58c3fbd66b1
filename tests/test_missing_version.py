"""An edit form posted without the version it was read from is refused (409) with the form,
what was typed and a message, and nothing is saved: no form can skip the stale-version check.
The app's own writes (a step changing a project's status) still save without one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests import personas
from tests.collaborations.factories import make_collaboration, make_organisation
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.factories import change_in, evidence_from, insight_on
from tests.reports.factories import make_report
from tests.support import form_of, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.phases.catalogue import PhaseCatalogue
from tracker.web.versions import SEEN, VERSION

MESSAGE = "formuläret saknade uppgift om vilken version du utgick från"

# (page to read the form from, the form's action, a field and a new value to post)
Form = tuple[str, str, str, str]


async def _project(catalogue: PhaseCatalogue) -> Form:
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}/redigera"
    return url, url, "lead", "Ny ledare"


async def _dialogue(catalogue: PhaseCatalogue) -> Form:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/redigera"
    return url, url, "board", "Kultur- och fritidsnämnden"


async def _results(catalogue: PhaseCatalogue) -> Form:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/resultat"  # the form's own page (issue 14)
    return url, url, "results_summary", "Fler bänkar önskas."


async def _level(catalogue: PhaseCatalogue) -> Form:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}/niva"  # the form's own page (issue 14)
    return url, url, "level_achieved", "konsultation"


async def _collaboration(catalogue: PhaseCatalogue) -> Form:
    collaboration = await make_collaboration([(await make_organisation()).id])
    url = f"/samverkan/{collaboration.id}/redigera"
    return url, url, "goal", "Fler elever läser."


async def _organisation(catalogue: PhaseCatalogue) -> Form:
    organisation = await make_organisation()
    url = f"/organisationer/{organisation.id}/redigera"
    return url, url, "notes", "Ny kontakt."


async def _insight(catalogue: PhaseCatalogue) -> Form:
    insight_id = await insight_on([await evidence_from((await make_dialogue()).id)])
    url = f"/insikter/{insight_id}"
    return url, url, "statement", "Skolvägen känns otrygg"


async def _change(catalogue: PhaseCatalogue) -> Form:
    project = await make_project(catalogue)
    change_id = await change_in(project.id)
    action = f"/projekt/{project.id}/forandringar/{change_id}/status"
    return f"/forandringar/{change_id}", action, "status_on", "2026-03-02"


async def _report(catalogue: PhaseCatalogue) -> Form:
    report = await make_report()
    url = f"/rapporter/{report.id}/redigera"
    return url, url, "summary", "Dialogerna gav resultat."


async def _feedback_page(catalogue: PhaseCatalogue) -> Form:
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/ni-sa-vi-gjorde"
    return url, url, "intro", "Tack för era svar."


async def _account(catalogue: PhaseCatalogue) -> Form:
    url = f"/admin/konton/{(await personas.robin()).id}"
    return url, url, "name", "Robin Redaktörsson"


FORMS: dict[str, Callable[[PhaseCatalogue], Awaitable[Form]]] = {
    "project": _project,
    "dialogue": _dialogue,
    "dialogue results": _results,
    "dialogue level achieved": _level,
    "collaboration": _collaboration,
    "organisation": _organisation,
    "insight": _insight,
    "change status": _change,
    "report": _report,
    "feedback page": _feedback_page,
    "account": _account,
}


@pytest.mark.parametrize("form", FORMS)
async def test_an_edit_form_without_its_version_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, form: str
) -> None:
    page, action, field, value = await FORMS[form](catalogue)
    if form == "feedback page":  # the first draft, so that there is a version to edit
        first = form_of((await client.get(page)).text, action)
        assert (await post_form(client, action, first)).status_code == 303
    if form == "change status":
        await post_form(client, action, {})  # the form names the next status itself
    filled = form_of((await client.get(page)).text, action)
    assert VERSION in filled, "the form carries its version"
    posted = {**filled, field: value}
    if form == "change status":
        posted["status"] = "testing"
    entries = await ChangeLogEntry.count()

    refused = await post_form(
        client, action, {k: v for k, v in posted.items() if k not in (VERSION, SEEN)}
    )

    assert refused.status_code == 409
    assert MESSAGE in text_of(refused.text)
    assert await ChangeLogEntry.count() == entries, "nothing is saved"
    again = form_of(refused.text, action)
    assert again.get(VERSION), "the form shown again carries the version to save at"
    if form != "change status":  # the status form starts afresh from the stored change
        assert again[field] == value, "what was typed is kept"
    saved = await post_form(client, action, {**posted, **again})
    assert saved.status_code == 303
    assert await ChangeLogEntry.count() > entries

"""The dialogue pages: register, create, view, edit, the governance process, sessions,
results, feedback, checklist, links to projects, and the feedback ledger."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from tracker.accounts import once
from tracker.accounts.guard import CREATE, edit
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.dialogues import governance, labels, ledger, records
from tracker.dialogues import register as dialogue_register
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.filters import SORTS, read_filters, read_ledger_filters
from tracker.dialogues.form_pages import ROUTES as FORM_PAGE_ROUTES
from tracker.dialogues.form_pages import moved_by_form_page, render_form_page, save_page_field
from tracker.dialogues.forms import (
    DialogueInput,
    SessionInput,
    read_dialogue_form,
    read_document_form,
    read_level_form,
    read_session_form,
    read_transition_form,
)
from tracker.dialogues.links import PROJECTS
from tracker.dialogues.page import (
    dialogue_or_404,
    edit_form,
    render_dialogue,
    stored_values,
    ticked_methods,
)
from tracker.dialogues.rules import (
    STATE_LABELS,
    State,
    TransitionRefused,
    after_inquiry,
    check_target,
    level_achieved_problem,
    level_promised_problem,
    recording_problem,
)
from tracker.dialogues.tables import Dialogue
from tracker.shared.link_routes import LinkPage, link_routes
from tracker.shared.record_routes import (
    ArchivePage,
    MemberPage,
    RecordPage,
    archive_routes,
    member_routes,
)
from tracker.shared.registration import unique_or_refused
from tracker.web.forms import Fields
from tracker.web.http import checklist_wanted, edit_saved, plain, saved_on_demand, see_other
from tracker.web.pagination import register_page
from tracker.web.versions import Conflict, save_or_conflict, versioned

EDIT = edit(dialogue_register.ENTITY, "dialogue_id")


def dialogue_url(dialogue_id: int, anchor: str = "") -> str:
    return f"/dialoger/{dialogue_id}" + (f"#{anchor}" if anchor else "")


class DialogueController(Controller):
    path = "/dialoger"
    # The record of the path's id, for the handlers that ask for it by name; 404 if unknown.
    dependencies = MappingProxyType({"dialogue": Provide(dialogue_or_404)})

    @get("/", name="dialogues:list")
    async def register(
        self, request: Request, dialogue_lists: NamedDependency[DialogueLists]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_filters(params, dialogue_lists)
        return register_page(
            "dialogues/list.html",
            params,
            await dialogue_register.list_dialogues(filters),
            filters,
            boards=await dialogue_register.boards(),
            by_level=await dialogue_register.count_by_level(),
            sorts=SORTS,
        )

    @get("/aterkoppling", name="dialogues:ledger")
    async def feedback_ledger(
        self, request: Request, dialogue_lists: NamedDependency[DialogueLists]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_ledger_filters(params, dialogue_lists)
        return register_page(
            "dialogues/ledger.html",
            params,
            await ledger.ledger(filters),
            filters,
            boards=await dialogue_register.boards(),
            today=today(),
        )

    @get("/ny", name="dialogues:new", opt=CREATE)
    async def new_dialogue(self) -> Template:
        fields = Fields({"kind": "citizen", "idea_source": "politician"})
        return Template(
            "dialogues/form.html", context={"fields": fields, "dialogue": None, "methods": []}
        )

    @post("/", name="dialogues:create", opt=CREATE)
    async def create_dialogue(
        self,
        request: Request,
        dialogue_lists: NamedDependency[DialogueLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        raw = plain(form)
        methods = form.getall("methods") if "methods" in form else []

        def refuse(fields: Fields, status: int) -> Template:
            return Template(
                "dialogues/form.html",
                context={"fields": fields, "dialogue": None, "methods": methods},
                status_code=status,
            )

        async def create(data: DialogueInput) -> str:
            return dialogue_url((await dialogue_register.create_dialogue(data, actor)).id)

        read = await unique_or_refused(
            read_dialogue_form(raw, methods, dialogue_lists), Dialogue, "dialogen"
        )
        return await once.submit_once(
            request, actor, raw, read, refuse, create, "Dialogen är registrerad som idé."
        )

    @get("/{dialogue_id:int}", name="dialogues:detail")
    async def dialogue_page(
        self, request: Request, dialogue: NamedDependency[Dialogue]
    ) -> Template:
        return await render_dialogue(request, dialogue)

    @get("/{dialogue_id:int}/redigera", name="dialogues:edit", opt=EDIT)
    async def edit_dialogue(
        self, dialogue: NamedDependency[Dialogue], dialogue_lists: NamedDependency[DialogueLists]
    ) -> Template:
        values = stored_values(dialogue, dialogue_lists)
        return edit_form(dialogue, Fields(versioned(values, dialogue.version)))

    @post("/{dialogue_id:int}/redigera", name="dialogues:update", opt=EDIT)
    async def update_dialogue(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        dialogue_lists: NamedDependency[DialogueLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        chosen = form.getall("methods") if "methods" in form else []
        raw = plain(form) | {"methods": "\n".join(sorted(chosen))}
        data, fields = await unique_or_refused(
            read_dialogue_form(raw, chosen, dialogue_lists), Dialogue, "dialogen", dialogue.id
        )
        if data is not None and (
            problem := level_promised_problem(
                dialogue.state, dialogue.level_promised, data.level_promised
            )
        ):
            fields.error("level_promised", problem)
            data = None
        if data is None:
            return edit_form(dialogue, fields, chosen, status=422)

        async def reload() -> tuple[dict[str, str], int]:
            current = await dialogue_or_404(dialogue.id)
            return stored_values(current, dialogue_lists), current.version

        saved = await save_or_conflict(
            raw,
            lambda version: dialogue_register.update_dialogue(dialogue, data, actor, version),
            reload,
            labels.FIELD_LABELS | {"other_methods": "andra metoder"},
        )
        if isinstance(saved, Conflict):
            return edit_form(
                dialogue, saved.fields, ticked_methods(saved.merged), saved, status=409
            )
        return edit_saved(request, saved, dialogue_url(dialogue.id))

    @post("/{dialogue_id:int}/overgang", name="dialogues:transition", opt=EDIT)
    async def change_state(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        dialogue_lists: NamedDependency[DialogueLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        target = raw.get("target", "")
        values, fields = read_transition_form(raw, dialogue.state, dialogue_lists)
        if dialogue.state == State.INQUIRY and None not in (
            values.get("needs_knowledge"),
            values.get("open_to_influence"),
        ):
            # The board's two answers decide the way on: a dialogue, or the information path.
            target = after_inquiry(values["needs_knowledge"], values["open_to_influence"])

        async def refuse(shown: Fields, status: int) -> Template:
            if moved_by_form_page(dialogue.state, target):  # the form's page, as typed
                return await render_form_page(
                    request, dialogue, "transition", shown, status=status, target=target
                )
            return await render_dialogue(
                request, dialogue, transition_fields=shown, target=target, status=status
            )

        if raw.get("seen_state", dialogue.state) != dialogue.state:
            fields.error("form", governance.STALE_MESSAGE)
            return await refuse(fields, 409)
        try:
            if target or dialogue.state != State.INQUIRY:
                # A move the state forbids is a conflict, whatever else the form holds.
                check_target(dialogue.state, target)
        except TransitionRefused as refused:
            conflict = Fields(raw)
            conflict.error("form", refused.message)
            return await refuse(conflict, 409)
        if not fields.ok:
            return await refuse(fields, 422)
        try:
            await governance.transition(dialogue, target, values, actor)
        except TransitionRefused as refused:
            fields.error(refused.field or "form", refused.message)
            return await refuse(fields, 422 if refused.field else 409)
        flash(request, f"Dialogen är nu i läget {STATE_LABELS[target]}.", category="success")
        return saved_on_demand(
            request, see_other(dialogue_url(dialogue.id, "process")), near="process"
        )

    @post("/{dialogue_id:int}/niva", name="dialogues:level", opt=EDIT)
    async def achieved_level(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        dialogue_lists: NamedDependency[DialogueLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        level, fields = read_level_form(raw, dialogue_lists)
        if problem := level_achieved_problem(dialogue.state):
            # The state forbids it, whatever was chosen: a conflict, not a typing mistake.
            fields.errors.clear()
            fields.error("level_achieved", problem)
            return await render_form_page(request, dialogue, "level", fields, status=409)
        if not fields.ok:
            return await render_form_page(request, dialogue, "level", fields, status=422)
        saved = await save_page_field(request, dialogue, raw, "level", level, actor)
        if isinstance(saved, Template):
            return saved
        flash(request, "Uppnådd nivå är sparad.", category="success")
        return saved_on_demand(request, see_other(dialogue_url(dialogue.id, "niva")), near="niva")

    @post("/{dialogue_id:int}/tillfallen", name="dialogues:add_session", opt=EDIT)
    async def add_session(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())

        async def add(data: SessionInput) -> str:
            await records.add_session(dialogue, data, actor)
            return dialogue_url(dialogue.id, "tillfallen")

        async def refuse(fields: Fields, status: int) -> Template:
            return await render_form_page(request, dialogue, "session", fields, status=status)

        answer = await once.submit_once(
            request,
            actor,
            raw,
            read_session_form(raw),
            refuse,
            add,
            "Dialogtillfället är sparat.",
            conflict=recording_problem(dialogue.state, "Dialogtillfällen"),
        )
        return saved_on_demand(request, answer, near="tillfallen")

    @post("/{dialogue_id:int}/resultat", name="dialogues:results", opt=EDIT)
    async def save_results(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        fields = Fields(raw)
        summary = fields.free_text("results_summary", max_length=10000)
        if not fields.ok:
            return await render_form_page(request, dialogue, "results", fields, status=422)

        saved = await save_page_field(request, dialogue, raw, "results", summary, actor)
        if isinstance(saved, Template):
            return saved
        back = edit_saved(
            request, saved, dialogue_url(dialogue.id, "resultat"), "Resultatet är sparat."
        )
        return saved_on_demand(request, back, near="resultat")

    @post("/{dialogue_id:int}/dokument", name="dialogues:add_document", opt=EDIT)
    async def add_document(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())

        async def add(values: dict[str, Any]) -> str:
            await records.add_document(dialogue, values, actor)
            return dialogue_url(dialogue.id, "resultat")

        async def refuse(fields: Fields, status: int) -> Template:
            return await render_form_page(request, dialogue, "document", fields, status=status)

        read = read_document_form(raw)
        answer = await once.submit_once(
            request, actor, raw, read, refuse, add, "Dokumentet är tillagt."
        )
        return saved_on_demand(request, answer, near="resultat")

    @post("/{dialogue_id:int}/checklista", name="dialogues:checklist", opt=EDIT)
    async def save_checklist(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        dialogue_lists: NamedDependency[DialogueLists],
        actor: NamedDependency[Principal],
    ) -> Redirect:
        form = await request.form()
        phase = str(form.get("phase", ""))
        keys: list[str] = next(
            (
                [item.key for item in p.checklist]
                for p in dialogue_lists.checklist
                if p.key == phase
            ),
            [],
        )
        wanted = checklist_wanted(form, keys)
        done = {key for key, ticked in wanted.items() if ticked}
        try:
            changed = await governance.save_checklist(
                dialogue, phase, done, dialogue_lists, actor, only=wanted.keys()
            )
        except LookupError as missing:
            raise NotFoundException() from missing
        flash(
            request,
            "Checklistan är sparad." if changed else "Checklistan var redan sparad.",
            category="success",
        )
        return see_other(dialogue_url(dialogue.id, "checklista"))


PAGE = RecordPage(
    dialogue_register.ENTITY,
    "dialogues",
    "/dialoger",
    "dialogue_id",
    dialogue_or_404,
)
RECORD_ROUTES = [
    *link_routes(LinkPage(PAGE, PROJECTS, "projekt", "projekt")),
    *FORM_PAGE_ROUTES,
    *member_routes(MemberPage(PAGE, lambda dialogue: f"dialogen {dialogue.title}")),
    *archive_routes(
        ArchivePage(
            PAGE,
            EDIT,
            "dialogues/archive.html",
            dialogue_register.set_archived,
            archived="Dialogen är arkiverad. Den syns inte längre i registret men finns kvar.",
            restored="Dialogen är återställd från arkivet.",
        )
    ),
]

"""The "Ni sa – vi gjorde" pages: drafted from the chain, reviewed, published read-only.

Staff: /dialoger/{id}/ni-sa-vi-gjorde (any signed-in user reads it; administrators and the
dialogue's members edit, review and publish). Public: /ni-sa-vi-gjorde/{id} (the latest
published version) and /ni-sa-vi-gjorde/{id}/version/{n}, open to everyone without sign-in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.accounts import memberships as accounts
from tracker.accounts.guard import PUBLIC, READ, current_user, edit
from tracker.accounts.permissions import Principal
from tracker.dialogues import register as dialogues
from tracker.dialogues.tables import Dialogue
from tracker.insights.deps import DIALOGUE
from tracker.insights.publication import address, rules
from tracker.insights.publication import services as publication
from tracker.insights.publication.draft import draft_from_chain
from tracker.insights.publication.public_page import public_page
from tracker.municipality import Municipality
from tracker.publishing import answers
from tracker.publishing.rules import (
    REVIEWING,
    STATE_LABELS,
    PageState,
)
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, plain
from tracker.web.versions import Conflict, save_or_conflict, versioned

EDIT = edit(dialogues.ENTITY, "dialogue_id")
FROM_CHAIN = "fran-kedjan"  # ?fran-kedjan=1 fills the form with a new draft from the chain


def staff_url(dialogue_id: int) -> str:
    return f"/dialoger/{dialogue_id}/ni-sa-vi-gjorde"


def public_url(dialogue_id: int, number: int | None = None) -> str:
    return f"/ni-sa-vi-gjorde/{dialogue_id}" + (f"/version/{number}" if number else "")


async def _may_edit(user: Principal | None, dialogue_id: int) -> bool:
    return await accounts.may_edit(user, dialogues.ENTITY, dialogue_id)


def _stored(page: dict[str, Any]) -> dict[str, str]:
    """The draft's text as stored now, as the form shows it."""
    return dict(rules.fields_of(rules.text_of_page(page)).raw)


async def _render(
    request: Request,
    dialogue: Dialogue,
    *,
    fields: Fields | None = None,
    problem: str = "",
    status: int = 200,
    from_chain: bool = False,
    conflict: Conflict | None = None,
    review: Fields | None = None,
) -> Template:
    """The staff page: the draft (or a first draft from the chain), its state and versions."""
    user = current_user(request)
    page = await publication.get_page(dialogue.id)
    if fields is None:
        if page is None or from_chain:
            drafted = await draft_from_chain(dialogue.id, dialogue.title)
            fields = rules.fields_of(drafted)
            if page is not None:  # keep the internal note: it is not drafted
                fields.raw["internal_note"] = page["internal_note"]
        else:
            fields = rules.fields_of(rules.text_of_page(page))
        # The version the form is read from (0: no draft yet), and what it held.
        fields.raw |= versioned(_stored(page), page["version"]) if page else versioned({}, 0)
    can_edit = dialogue.archived_at is None and await _may_edit(user, dialogue.id)
    state = page["state"] if page else None
    may_ask = can_edit and user is not None and state == PageState.DRAFT
    return Template(
        "insights/publication.html",
        context={
            "dialogue": dialogue,
            "page": page,
            "state": state,
            "fields": fields,
            "problem": problem,
            "can_edit": can_edit,
            "from_chain": from_chain or page is None,
            "seen": publication.stamp_of(page),
            "conflict": conflict,
            "approve_problem": publication.PAGE.approve_problem(
                state, page["edited_by_id"] if page else None, user
            )
            if user is not None
            else None,
            "versions": await publication.versions(dialogue.id),
            "public_address": address.public_address(request, dialogue.id),
            "asked": await publication.PAGE.asked(page["id"])
            if page and state in REVIEWING
            else [],
            "candidates": await publication.PAGE.candidates(
                dialogue.id, user, page["edited_by_id"] if page else None
            )
            if may_ask and user is not None
            else [],
            "review": review or Fields({}),
            "page_state_labels": STATE_LABELS,
            "text_blocks": rules.text_blocks,
        },
        status_code=status,
    )


class PublicationController(Controller):
    path = "/dialoger/{dialogue_id:int}/ni-sa-vi-gjorde"
    dependencies: Mapping[str, Provide] | None = DIALOGUE  # 404 for an unknown dialogue

    @get("/", name="insights:feedback_page", opt=READ)
    async def staff_page(self, request: Request, dialogue: NamedDependency[Dialogue]) -> Template:
        from_chain = request.query_params.get(FROM_CHAIN) == "1"
        return await _render(request, dialogue, from_chain=from_chain)

    @get("/qr.svg", name="insights:feedback_page_qr", opt=READ)
    async def qr_code(
        self, request: Request, dialogue: NamedDependency[Dialogue]
    ) -> Response[bytes]:
        """The public page's address as a QR code, to print on posters."""
        svg = address.qr_svg(address.public_address(request, dialogue.id))
        name = f"ni-sa-vi-gjorde-{dialogue.id}-qr.svg"
        disposition = f'inline; filename="{name}"'
        return Response(
            svg, media_type="image/svg+xml", headers={"content-disposition": disposition}
        )

    @get("/forhandsvisning", name="insights:feedback_page_preview", opt=READ)
    async def preview(self, dialogue: NamedDependency[Dialogue]) -> Template:
        """The saved draft as residents would see it once published (never public itself)."""
        page = await publication.get_page(dialogue.id)
        if page is None:
            raise NotFoundException()
        published = await publication.versions(dialogue.id)
        shown = rules.text_of_page(page).public_part() | {
            "number": (published[0]["number"] if published else 0) + 1
        }
        return Template(
            "insights/publication_public.html",
            context={
                "version": shown,
                "versions": [],
                "dialogue_id": dialogue.id,
                "text_blocks": rules.text_blocks,
                "preview": True,
            },
        )

    @post("/", name="insights:feedback_page_save", opt=EDIT, status_code=303)
    async def save(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        text, fields = rules.read_page_form(raw)
        if text is None:
            return await _render(request, dialogue, fields=fields, status=422)

        async def reload() -> tuple[dict[str, str], int]:
            page = await publication.get_page(dialogue.id)
            return (_stored(page), page["version"]) if page else ({}, 0)

        changed = await save_or_conflict(
            raw,
            lambda read: publication.save_page(dialogue.id, text, actor, read),
            reload,
            rules.FIELD_KEYS,
        )
        if isinstance(changed, Conflict):
            return await _render(
                request, dialogue, fields=changed.fields, status=409, conflict=changed
            )
        return edit_saved(request, changed, staff_url(dialogue.id), "Utkastet är sparat.")

    @post("/granskning", name="insights:feedback_page_review", opt=EDIT, status_code=303)
    async def request_review(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        asked = answers.chosen(form)

        async def step() -> str:
            seen = str(form.get("seen", ""))
            names = await publication.request_review(dialogue.id, actor, seen, reviewer_ids=asked)
            return ", ".join(names)

        done = "Sidan är skickad för granskning till {result}. De får ett e-postmeddelande."
        return await _answer(request, dialogue, step, done, asked)

    @post("/godkann", name="insights:feedback_page_approve", opt=EDIT, status_code=303)
    async def approve(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        seen = plain(await request.form()).get("seen", "")
        step = partial(publication.approve, dialogue.id, actor, seen)
        return await _answer(request, dialogue, step, "Sidan är godkänd och kan publiceras.")

    @post("/tillbaka", name="insights:feedback_page_return", opt=EDIT, status_code=303)
    async def send_back(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        reason, problem = answers.read_reason(plain(await request.form()))
        if problem:
            return await _render(request, dialogue, problem=problem, status=422)
        step = partial(publication.send_back, dialogue.id, reason, actor)
        return await _answer(request, dialogue, step, "Sidan är tillbaka som utkast.")

    @post("/publicera", name="insights:feedback_page_publish", opt=EDIT, status_code=303)
    async def publish(
        self,
        request: Request,
        dialogue: NamedDependency[Dialogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        seen = plain(await request.form()).get("seen", "")
        step = partial(publication.publish, dialogue.id, actor, seen)
        done = "Version {result} är publicerad. Den publicerade texten ändras aldrig."
        return await _answer(request, dialogue, step, done)


async def _answer(
    request: Request,
    dialogue: Dialogue,
    step: Callable[[], Awaitable[Any]],
    done: str,
    asked: list[str] | None = None,
) -> Response[Any]:
    render = partial(_render, request, dialogue)
    return await answers.answer(request, step, render, done, staff_url(dialogue.id), asked)


class PublicFeedbackPageController(Controller):
    path = "/ni-sa-vi-gjorde"

    @get("/{dialogue_id:int}", name="insights:public_feedback_page", opt=PUBLIC)
    async def latest(
        self,
        request: Request,
        dialogue_id: FromPath[int],
        municipality: NamedDependency[Municipality],
    ) -> Response[Any]:
        return await public_page(request, municipality, dialogue_id, None)

    @get("/kommunlogga", name="insights:municipality_logo", opt=PUBLIC)
    async def logo(self, municipality: NamedDependency[Municipality]) -> Response[bytes]:
        """The municipality's logo (lists/municipality.toml) for the public pages' footer."""
        if municipality.logo is None:
            raise NotFoundException()
        kind = "png" if municipality.logo.suffix.lower() == ".png" else "jpeg"
        return Response(
            municipality.logo.read_bytes(),
            media_type=f"image/{kind}",
            headers={"cache-control": "public, max-age=3600"},
        )

    @get(
        "/{dialogue_id:int}/version/{version_number:int}",
        name="insights:public_feedback_version",
        opt=PUBLIC,
    )
    async def one_version(
        self,
        request: Request,
        dialogue_id: FromPath[int],
        version_number: FromPath[int],
        municipality: NamedDependency[Municipality],
    ) -> Response[Any]:
        return await public_page(request, municipality, dialogue_id, version_number)


ROUTES: list[Any] = [PublicationController, PublicFeedbackPageController]

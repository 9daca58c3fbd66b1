"""The chain's pages: insights, the theme list, the trail from a source, and where the chain is
broken (gap views)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker import data_version
from tracker.accounts import memberships as accounts
from tracker.accounts.guard import ADMIN, CREATE, READ, current_user
from tracker.accounts.permissions import Access, Principal, allowed
from tracker.audit.services import changes_for
from tracker.clock import today
from tracker.dialogues import ledger as dialogues
from tracker.dialogues.filters import LedgerFilters
from tracker.insights import gaps, services, themes
from tracker.insights.forms import read_insight_edit_form
from tracker.insights.rules import ChainRefused
from tracker.insights.views import (
    InsightDetail,
    insight_detail,
    list_insights,
    membership_records,
    read_insight_filters,
    source_trail,
    target_groups,
    theme_choices,
    use_targets,
)
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_data, record_id, see_other
from tracker.web.pagination import page_number
from tracker.web.panels import panel_context
from tracker.web.versions import Conflict, save_or_conflict, versioned

GAP_ROWS = 50  # rows shown per gap list; the total is shown too


async def _gap_lists() -> dict[str, Any]:
    return {
        "silent": await gaps.dialogues_without_insights(GAP_ROWS),
        "unused": await gaps.insights_never_used(GAP_ROWS),
        "unbacked": await gaps.changes_without_evidence(GAP_ROWS),
        "overdue": await dialogues.ledger(LedgerFilters(status="overdue"), size=100),
        "promises": await gaps.broken_promises(GAP_ROWS),
    }


@get("/kedjan", name="insights:gaps")
async def gap_views(request: Request) -> Template:
    """Five lists that tell where a citizen's input risks being lost, and those the areas above
    add (gaps.GAPS_PANEL): computed again only when the data (or the day, for what is overdue)
    has changed."""
    on = today()
    context: dict[str, Any] = {
        **await data_version.cached(("kedjan", on), _gap_lists),
        "shown": GAP_ROWS,
        "today": on,
    }
    context |= await panel_context(request, gaps.GAPS_PANEL, None, can_edit=False, forms={})
    return Template("insights/gaps.html", context=context)


# --- insights --------------------------------------------------------------------------------


@get("/insikter", name="insights:list")
async def insight_list(request: Request) -> Template:
    params = dict(request.query_params)
    filters = read_insight_filters(params)
    return Template(
        "insights/list.html",
        context={
            "page": await list_insights(filters, page_number(params.get("sida"))),
            "filters": filters,
            "params": params,
            "themes": await theme_choices(),
            "target_groups": await target_groups(),
        },
    )


def _insight_values(detail: Any) -> dict[str, str]:
    """The edit form's fields as the insight holds them now."""
    return {
        "statement": detail.insight["statement"],
        "target_group": detail.insight["target_group"],
        "themes": ", ".join(theme["name"] for theme in detail.themes),
    }


async def _render_insight(
    request: Request,
    insight_id: FromPath[int],
    *,
    status: int = 200,
    fields: Fields | None = None,
    conflict: Conflict | None = None,
) -> Template:
    detail = await insight_detail(insight_id)
    if detail is None:
        raise NotFoundException()
    insight = detail.insight
    return Template(
        "insights/insight.html",
        context={
            "detail": detail,
            "insight": insight,
            "can_edit": await _may_edit_insight(current_user(request), detail),
            "use_targets": await use_targets(current_user(request), insight_id)
            if insight["archived_at"] is None
            else [],
            "history": await changes_for(services.INSIGHT, insight_id),
            "fields": fields or Fields(versioned(_insight_values(detail), insight["version"])),
            "conflict": conflict,
        },
        status_code=status,
    )


@get("/insikter/{insight_id:int}", name="insights:detail")
async def insight_page(request: Request, insight_id: FromPath[int]) -> Template:
    return await _render_insight(request, insight_id)


async def _may_edit_insight(user: Principal | None, detail: InsightDetail) -> bool:
    """An insight belongs to its source's team: the members of a record whose evidence backs
    it, and administrators."""
    sources = [(row["source_type"], row["source_id"]) for row in detail.evidence]
    return await accounts.may_edit_one_of(user, await membership_records(sources))


@post("/insikter/{insight_id:int}", name="insights:update", opt=CREATE)
async def update_insight(
    request: Request, insight_id: FromPath[int], actor: NamedDependency[Principal]
) -> Response[Any]:
    detail = await insight_detail(insight_id)
    if detail is None:
        raise NotFoundException()
    if not await _may_edit_insight(actor, detail):
        raise PermissionDeniedException()
    raw = await form_data(request)
    data, fields = read_insight_edit_form(raw)
    if data is None:
        return await _render_insight(request, insight_id, status=422, fields=fields)

    async def reload() -> tuple[dict[str, str], int]:
        detail = await insight_detail(insight_id)
        if detail is None:
            raise NotFoundException()
        return _insight_values(detail), detail.insight["version"]

    changed = await save_or_conflict(
        raw,
        lambda version: services.update_insight(
            insight_id,
            statement=data.statement,
            target_group=data.target_group,
            themes=data.themes,
            actor=actor,
            version=version,
        ),
        reload,
        {"statement": "insikt", "target_group": "målgrupp", "themes": "teman"},
    )
    if isinstance(changed, Conflict):
        return await _render_insight(
            request, insight_id, status=409, fields=changed.fields, conflict=changed
        )
    return edit_saved(request, changed, f"/insikter/{insight_id}", "Insikten är sparad.")


# --- the trail from a source -----------------------------------------------------------------


async def _trail_page(source_type: str, source_id: int) -> Template:
    trail = await source_trail(source_type, source_id)
    if trail is None:
        raise NotFoundException()
    return Template("insights/trail.html", context={"trail": trail, "source_type": source_type})


@get("/dialoger/{dialogue_id:int}/kedjan", name="dialogues:trail")
async def dialogue_trail(dialogue_id: FromPath[int]) -> Template:
    return await _trail_page("dialogue", dialogue_id)


@get("/samverkan/{collaboration_id:int}/kedjan", name="collaborations:trail")
async def collaboration_trail(collaboration_id: FromPath[int]) -> Template:
    return await _trail_page("collaboration", collaboration_id)


# --- themes ----------------------------------------------------------------------------------


async def _render_themes(
    request: Request, *, status: int = 200, errors: dict[int, Fields] | None = None
) -> Template:
    return Template(
        "insights/themes.html",
        context={
            "themes": await themes.themes_with_counts(),
            "can_edit": allowed(current_user(request), Access.ADMIN),
            "errors": errors or {},
        },
        status_code=status,
    )


@get("/teman", name="insights:themes")
async def theme_list(request: Request) -> Template:
    return await _render_themes(request)


@get("/teman/forslag", name="insights:theme_suggestions", opt=READ)
async def theme_suggestions(request: Request) -> Template:
    """Existing theme names for what is typed in a field "Teman" (`q`, or the field's own
    name `themes` as htmx sends it), as the options of the field's `<datalist>`."""
    query = request.query_params
    typed = str(query.get("q") or query.get("themes") or "")
    suggestions = await themes.theme_suggestions(typed[:500])
    return Template("insights/_theme_suggestions.html", context={"suggestions": suggestions})


@post("/teman/{theme_id:int}/namn", name="insights:rename_theme", opt=ADMIN)
async def rename_theme(
    request: Request, theme_id: FromPath[int], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)
    fields = Fields(raw)
    try:
        await themes.rename_theme(theme_id, raw.get("name", ""), actor)
    except LookupError as missing:
        raise NotFoundException() from missing
    except ChainRefused as refused:
        fields.error("name", refused.message)
        return await _render_themes(request, status=422, errors={theme_id: fields})
    flash(request, "Temat har fått sitt nya namn.", "success")
    return see_other("/teman")


@post("/teman/{theme_id:int}/sla-ihop", name="insights:merge_theme", opt=ADMIN)
async def merge_theme(
    request: Request, theme_id: FromPath[int], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)
    fields = Fields(raw)
    into = record_id(raw.get("into", ""))
    try:
        if into is None:
            raise ChainRefused("Välj temat som det ska slås ihop med.", "into")
        moved = await themes.merge_themes(theme_id, into, actor)
    except LookupError as missing:
        if into is not None and missing.args and missing.args[0] == into:
            fields.error("into", "Välj temat som det ska slås ihop med.")
            return await _render_themes(request, status=422, errors={theme_id: fields})
        raise NotFoundException() from missing
    except ChainRefused as refused:
        fields.error("into", refused.message)
        return await _render_themes(request, status=422, errors={theme_id: fields})
    flash(request, f"Temana är ihopslagna. {moved} insikter flyttades.", "success")
    return see_other("/teman")


ROUTES: list[Any] = [
    gap_views,
    insight_list,
    insight_page,
    update_insight,
    dialogue_trail,
    collaboration_trail,
    theme_list,
    theme_suggestions,
    rename_theme,
    merge_theme,
]

"""The leadership overview: thin handlers over tracker.overview's functions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template

from tracker import data_version
from tracker.accounts.guard import READ
from tracker.clock import today
from tracker.collaborations.catalogue import CollaborationLists
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.register import boards
from tracker.insights.views import theme_choices
from tracker.overview import diagram, services, strands
from tracker.overview.flow import SETS, flow_counts, flow_ids
from tracker.overview.rules import quarters, read_filter
from tracker.phases.catalogue import PhaseCatalogue
from tracker.reports.figures import KIND_NOUNS, Lists

BAD_INPUT = 400


async def _choices() -> dict[str, Any]:
    return {
        "boards": [(board, board) for board in await boards()],
        "themes": [(str(theme["id"]), theme["name"]) for theme in await theme_choices()],
    }


@get("/oversikt", name="overview:page", opt=READ)
async def overview(
    request: Request,
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    on = today()
    fields, flow = read_filter(dict(request.query_params), on)
    context: dict[str, Any] = {"fields": fields, **await _choices()}
    if not fields.ok:
        return Template("overview/overview.html", context=context, status_code=BAD_INPUT)
    lists = Lists(catalogue, dialogue_lists, collaboration_lists)
    periods = quarters(on)

    async def figures() -> tuple[Any, Any]:  # about 130 queries: only after a change
        return await flow_counts(flow, on), await strands.by_quarter(periods, lists)

    counts, by_quarter = await data_version.cached(("oversikt", flow, on), figures)
    context |= {
        "flow": flow,
        "diagram": diagram.build(counts, flow),
        "strands": by_quarter,
        "quarters": periods,
    }
    return Template("overview/overview.html", context=context)


@get("/oversikt/poster", name="overview:records", opt=READ)
async def records_behind(
    request: Request,
    catalogue: NamedDependency[PhaseCatalogue],
    dialogue_lists: NamedDependency[DialogueLists],
    collaboration_lists: NamedDependency[CollaborationLists],
) -> Template:
    """The records behind one number of the overview: a figure of a strand or a band of the
    flow, for the period (and board and theme) in the address."""
    params = dict(request.query_params)
    on = today()
    fields, flow = read_filter(params, on)
    lists = Lists(catalogue, dialogue_lists, collaboration_lists)
    figure, band = str(params.get("figur", "")), str(params.get("mangd", ""))
    if figure not in strands.KEY_FIGURES and band not in SETS:
        raise NotFoundException()
    if not fields.ok:
        context = {"fields": fields, **await _choices()}
        return Template("overview/overview.html", context=context, status_code=BAD_INPUT)
    theme = ""
    if band:
        label, kind = SETS[band].label, SETS[band].kind
        if flow.theme is not None:
            names = {row["id"]: row["name"] for row in await theme_choices()}
            theme = str(names.get(flow.theme, ""))
        ids = await flow_ids(band, flow, on)
        back = "/oversikt?" + urlencode(flow.query()) + "#flodet"
    else:
        label, ids, kind = await strands.figure_ids(figure, flow.start, flow.end, lists)
        back = "/oversikt#strangarna"
    return Template(
        "overview/records.html",
        context={
            "label": label,
            "flow": flow,
            "band": band,
            "back": back,
            "theme": theme,
            "rows": await services.records(kind, ids, lists),
            "kind_noun": KIND_NOUNS.get(kind, "underlag"),
        },
    )


ROUTES = [overview, records_behind]

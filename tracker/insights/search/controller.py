"""Search across evidence, insights and service changes: the page `/sok` for staff."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from tracker.accounts.guard import READ
from tracker.insights.search.filters import KIND_PARAMS, filter_options, read_search_filters
from tracker.insights.search.results import search
from tracker.kinds import SOURCE_LABELS
from tracker.web.pagination import PAGE_SIZE, page_number


@get("/sok", name="insights:search", opt=READ)
async def search_page(request: Request[Any, Any, Any]) -> Template:
    """Search with filters; a filter value that cannot be used is left out with a message."""
    params = {key: str(value) for key, value in request.query_params.items()}
    options = await filter_options(params.get("projekt", "").strip())
    filters, notices = read_search_filters(params, options)
    query = params.get("q", "")
    results = await search(query, filters, page_number(params.get("sida")), PAGE_SIZE)
    # The links to other pages keep the filters that were used (not the refused ones).
    kept = {
        "q": results.query,
        "visa": next((k for k, v in KIND_PARAMS.items() if v == filters.kind), ""),
        "tema": filters.theme or "",
        "malgrupp": filters.target_group,
        "kalla": filters.source_type,
        "projekt": filters.project or "",
        "projektnamn": filters.project_name,
    }
    return Template(
        "insights/search.html",
        context={
            "results": results,
            "filters": filters,
            "options": options,
            "notices": notices,
            "params": {key: value for key, value in kept.items() if value},
            "source_labels": SOURCE_LABELS,
        },
    )


ROUTES: list[Any] = [search_page]

"""The chain's pages: where it is broken (gap views) – for leadership."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from tracker.clock import today
from tracker.dialogues import services as dialogues
from tracker.dialogues.filters import LedgerFilters
from tracker.insights import services


@get("/kedjan", name="insights:gaps")
async def gap_views() -> Template:
    """Five lists that tell where a citizen's input risks being lost."""
    overdue = await dialogues.ledger(LedgerFilters(status="overdue"), size=100)
    return Template(
        "insights/gaps.html",
        context={
            "silent": await services.dialogues_without_insights(),
            "unused": await services.insights_never_used(),
            "unbacked": await services.changes_without_evidence(),
            "overdue": overdue,
            "promises": await services.broken_promises(),
            "today": today(),
        },
    )

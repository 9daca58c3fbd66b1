"""Gap views: where the chain is broken. Each row carries `total`: how many rows there are in
all, when only the first `limit` are asked for."""

from __future__ import annotations

from typing import Any

from tracker.db import fetch_rows
from tracker.insights import counting
from tracker.insights.rules import PROMISING_LEVELS

# The key under which areas above this one add gap lists to /kedjan (tracker.web.panels): a
# test whose observations led to no insight is a gap too (tracker/design/panels.py).
GAPS_PANEL = "chain_gaps"


def _limit(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)}"


async def dialogues_without_insights(limit: int | None = None) -> list[dict[str, Any]]:
    """Dialogues that were held (Genomförd or Återkopplad) with no insight that counts."""
    return await fetch_rows(
        "SELECT d.id, d.title, d.board, d.state, COUNT(*) OVER () AS total FROM dialogue d "
        f"WHERE d.state IN ('held', 'fed_back') AND {counting.live('d')} "
        f"AND NOT {counting.dialogue_has_insight()} ORDER BY d.id" + _limit(limit)
    )


async def insights_never_used(limit: int | None = None) -> list[dict[str, Any]]:
    """Insights that no project (that counts) uses."""
    return await fetch_rows(
        "SELECT i.id, i.statement, COUNT(*) OVER () AS total FROM insight i "
        f"WHERE {counting.live('i')} AND NOT {counting.insight_used()} ORDER BY i.id"
        + _limit(limit)
    )


async def changes_without_evidence(limit: int | None = None) -> list[dict[str, Any]]:
    """Changes that address no insight backed by evidence (that counts)."""
    return await fetch_rows(
        "SELECT c.id, c.title, c.status, c.project, COUNT(*) OVER () AS total "
        f"FROM service_change c WHERE {counting.live_change()} "
        f"AND NOT {counting.change_backed()} ORDER BY c.id" + _limit(limit)
    )


async def broken_promises(limit: int | None = None) -> list[dict[str, Any]]:
    """Dialogues that promised Inflytande or Medbeslutande, were held, and led to no change."""
    levels = ", ".join(f"'{level}'" for level in PROMISING_LEVELS)  # constants, not input
    return await fetch_rows(
        "SELECT d.id, d.title, d.board, d.level_promised, d.level_achieved, "
        "COUNT(*) OVER () AS total FROM dialogue d "
        f"WHERE d.level_promised IN ({levels}) AND d.state IN ('held', 'fed_back') "
        f"AND {counting.live('d')} AND NOT {counting.dialogue_led_to_change()} ORDER BY d.id"
        + _limit(limit)
    )

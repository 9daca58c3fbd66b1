"""The records behind a number on the overview: titles and links, one statement."""

from __future__ import annotations

import json
from typing import Any

from tracker.db import fetch_rows, is_postgres
from tracker.kinds import record_url
from tracker.reports import figures
from tracker.reports.figures import Lists

EVIDENCE_TITLE = 160  # characters of an evidence text shown as its title


async def _evidence(ids: list[int]) -> list[dict[str, Any]]:
    base = "SELECT id, text, source_type, source_id FROM evidence"
    if is_postgres():
        rows = await fetch_rows(f"{base} WHERE id = ANY({{}}) ORDER BY id", list(ids))
    else:
        rows = await fetch_rows(
            f"{base} WHERE id IN (SELECT value FROM json_each({{}})) ORDER BY id", json.dumps(ids)
        )
    found = []
    for row in rows:
        text = str(row["text"])
        if len(text) > EVIDENCE_TITLE:
            text = text[: EVIDENCE_TITLE - 1] + "…"
        url = record_url(str(row["source_type"]), int(row["source_id"]))
        found.append({"id": int(row["id"]), "title": text, "url": url})
    return found


async def records(kind: str, ids: list[int], lists: Lists) -> list[dict[str, Any]]:
    """Title and link of each record (evidence links to its source's page)."""
    if not ids:
        return []
    if kind == "evidence":
        return await _evidence(ids)
    return await figures.records(kind, ids, lists)

"""Who may use the archive area's routes (read by tests/test_route_access.py via
tests/route_areas.py): delivering to the e-archive, and its pages, need the report right
(rapportansvarig, and administrators). The ids come from the areas before it (a draft report,
a dialogue that is not finished: the allowed answer is then 409, which still shows access)."""

from __future__ import annotations

from tracker.accounts.permissions import Principal

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/arkiv/rapporter/{report_id}/versioner/{number}"): "report",
    ("POST", "/arkiv/rapporter/{report_id}/versioner/{number}/leverera"): "report",
    ("GET", "/arkiv/{kind_slug}/{record_id}"): "report",
    ("POST", "/arkiv/{kind_slug}/{record_id}/leverera"): "report",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    return {"kind_slug": "dialoger", "record_id": ids["dialogue_id"]}  # type: ignore[dict-item]

"""Who may use this part's routes (read by tests/test_route_access.py via tests/route_areas.py).

Reading reports is for every signed-in user; creating, editing, freezing and new versions
need the report right (rapportansvarig, and administrators).
"""

from __future__ import annotations

from tests.reports.factories import make_report
from tracker.accounts.permissions import Principal

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/rapporter"): "read",
    ("GET", "/rapporter/dokument.css"): "read",
    ("GET", "/rapporter/{report_id}"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}/utskrift"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}/underlag/{figure_key}"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}/jamfor"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}/rapport.pdf"): "read",
    ("GET", "/rapporter/{report_id}/versioner/{number}/rapport.docx"): "read",
    ("GET", "/rapporter/ny"): "report",
    ("POST", "/rapporter"): "report",
    ("GET", "/rapporter/{report_id}/redigera"): "report",
    ("POST", "/rapporter/{report_id}/redigera"): "report",
    ("GET", "/rapporter/{report_id}/versioner/{number}/faststall"): "report",
    ("POST", "/rapporter/{report_id}/versioner/{number}/faststall"): "report",
    ("POST", "/rapporter/{report_id}/ny-version"): "report",
    ("GET", "/rapporter/{report_id}/registrering"): "report",
    ("POST", "/rapporter/{report_id}/registrering"): "report",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    report = await make_report()
    return {"report_id": int(report.id), "number": 1, "figure_key": "dialogues.active"}

"""Who may use the archive area's routes (read by tests/test_route_access.py via
tests/route_areas.py): delivering to the e-archive, and its page, need the report right
(rapportansvarig, and administrators). The report's ids come from tests.reports.access."""

from __future__ import annotations

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/arkiv/rapporter/{report_id}/versioner/{number}"): "report",
    ("POST", "/arkiv/rapporter/{report_id}/versioner/{number}/leverera"): "report",
}

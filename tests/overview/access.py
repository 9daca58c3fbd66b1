"""Who may use the leadership overview (read by tests/test_route_access.py through
tests/route_areas.py)."""

from __future__ import annotations

ACCESS: dict[tuple[str, str], str] = {
    # Any signed-in member of staff.
    ("GET", "/oversikt"): "read",
    ("GET", "/oversikt/poster"): "read",
}

"""Who may read the change log (read by tests/test_route_access.py through
tests/route_areas.py)."""

from __future__ import annotations

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/admin/logg"): "admin",
}

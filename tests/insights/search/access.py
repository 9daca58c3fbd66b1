"""Who may use this part's routes (read by tests/test_route_access.py via tests/route_areas.py)."""

ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/sok"): "read",  # staff search: every signed-in user
}

"""Who may use the residents' pages (read by tests/test_route_access.py)."""

from __future__ import annotations

ACCESS: dict[tuple[str, str], str] = {
    # Anyone: the published pages, their feeds and the accessibility statement.
    ("GET", "/ni-sa-vi-gjorde"): "public",
    ("GET", "/ni-sa-vi-gjorde/atom.xml"): "public",
    ("GET", "/ni-sa-vi-gjorde/{dialogue_id}/atom.xml"): "public",
    ("GET", "/tillganglighet"): "public",
    # Administrators keep the statement.
    ("GET", "/tillganglighet/redigera"): "admin",
    ("POST", "/tillganglighet/redigera"): "admin",
}

"""Who may use Mitt arbete, the calendar feed and the residents' pages (read by
tests/test_route_access.py through tests/route_areas.py)."""

from __future__ import annotations

ACCESS: dict[tuple[str, str], str] = {
    # Any signed-in user: their own start page.
    ("GET", "/"): "read",
    ("GET", "/projekt/tavla"): "read",
    ("GET", "/konto/kalender"): "read",
    ("POST", "/konto/kalender"): "read",
    ("POST", "/konto/kalender/aterkalla"): "read",
    # Anyone with the secret address (unknown ones are 404).
    ("GET", "/kalender/{file}"): "public",
}


async def path_ids(robin: object, ids: dict[str, int]) -> dict[str, object]:
    """The feed's file name: an address no one has (public, so it is answered 404, not 401)."""
    return {"file": "ingen-sadan-adress-finns-har-0000000000.ics"}

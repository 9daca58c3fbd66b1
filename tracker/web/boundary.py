"""The address is checked before anything else: ids the database cannot hold and text no one
types are refused with a 4xx, whatever the route does with them afterwards.

Typed form text is checked field by field in `tracker.web.forms.Fields`, with the message
beside the field; a query string or a path has no field, so its message is the page's.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler

from tracker.db import MAX_ID
from tracker.text import control_character_problem
from tracker.web.errors import Refused

ADDRESS_MESSAGE = (
    "Adressen innehåller ett osynligt styrtecken. Ta bort det ur adressen eller sökrutan och "
    "försök igen."
)


def _refused_text(values: Any) -> bool:
    return any(isinstance(v, str | PurePath) and control_character_problem(str(v)) for v in values)


async def boundary_guard(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Runs before the access guard on every route (static files too)."""
    for value in connection.path_params.values():
        if isinstance(value, int) and not isinstance(value, bool) and not 0 < value <= MAX_ID:
            raise NotFoundException(detail="Posten finns inte.")  # no record has such an id
    query = connection.query_params
    if _refused_text(connection.path_params.values()) or any(
        _refused_text((key, *query.getall(key))) for key in query
    ):
        raise Refused(detail=ADDRESS_MESSAGE)

"""The one guard every route passes: sign-in by default, the declared access otherwise.

A route says what it needs with `opt=…` from this module. A route that says nothing needs a
signed-in user for GET and an administrator for anything else, so a new route is never open
by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import HTTPScope

from tracker.accounts.memberships import is_member
from tracker.accounts.permissions import Access, Principal, allowed
from tracker.db import MAX_ID

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUTH_EXCLUDE_KEY = "exclude_from_auth"

PUBLIC: dict[str, Any] = {"access": Access.PUBLIC, AUTH_EXCLUDE_KEY: True}
CREATE: dict[str, Any] = {"access": Access.CREATE}
REPORT: dict[str, Any] = {"access": Access.REPORT}
ADMIN: dict[str, Any] = {"access": Access.ADMIN}
READ: dict[str, Any] = {"access": Access.READ}


def edit(record_type: str, path_parameter: str) -> dict[str, Any]:
    """Administrators, and editors who are members of the record named by the path."""
    return {"access": Access.EDIT, "record": (record_type, path_parameter)}


def route_access(handler: BaseRouteHandler, method: str) -> Access:
    declared = handler.opt.get("access")
    if declared is not None:
        return Access(declared)
    return Access.READ if method in SAFE_METHODS else Access.ADMIN


def signed_in_user(context: Mapping[str, Any]) -> Principal | None:
    """The signed-in user, for templates: `signed_in_user()`."""
    request = context.get("request")
    user = request.scope.get("user") if request is not None else None
    return user if isinstance(user, Principal) else None


def may(context: Mapping[str, Any], access: str) -> bool:
    """Whether the signed-in user has an access that needs no record, e.g. may("create")."""
    return allowed(signed_in_user(context), Access(access))


# What the templates call with their context, handed to the template engine by the app.
TEMPLATE_CALLABLES: dict[str, Callable[..., Any]] = {"signed_in_user": signed_in_user, "may": may}


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    user = connection.scope.get("user")
    return user if isinstance(user, Principal) else None


async def access_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    # The tracker has HTTP routes only, never websockets: every scope has a method.
    access = route_access(handler, cast(HTTPScope, connection.scope)["method"])
    if access is Access.PUBLIC:
        return
    user = current_user(connection)
    if user is None:
        raise NotAuthorizedException()
    member = False
    if access is Access.EDIT and not user.is_admin:
        record_type, parameter = handler.opt["record"]
        record_id = connection.path_params.get(parameter)
        # An id beyond the database's integer range cannot exist: no query, just no membership
        # (the route then answers 404 for an administrator, 403 for others).
        member = (
            isinstance(record_id, int)
            and 0 < record_id <= MAX_ID
            and await is_member(user, record_type, record_id)
        )
    if not allowed(user, access, is_member=member):
        raise PermissionDeniedException()

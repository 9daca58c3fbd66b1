"""The API answers errors in JSON (status_code and a Swedish detail), never with HTML pages or
a redirect to the sign-in page: a BI tool reads the status and the message."""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec

from tracker.api.schemas import ApiError

log = logging.getLogger("tracker")

MESSAGES = {
    400: "Frågan har ett ogiltigt värde. Kontrollera parametrarna.",
    401: "Du behöver vara inloggad. Skicka med inloggningens sessionscookie.",
    403: "Ditt konto får inte läsa det här.",
    404: "Det finns ingen sådan post.",
    405: "API:et går bara att läsa (GET).",
}


def _json(status: int, detail: str) -> Response[ApiError]:
    return Response(
        ApiError(status_code=status, detail=detail), status_code=status, media_type=MediaType.JSON
    )


def api_http_error(_: Request, exc: HTTPException) -> Response[ApiError]:
    status = exc.status_code
    detail = MESSAGES.get(status, MESSAGES[400])
    if isinstance(exc, ValidationException):
        detail = MESSAGES[400]
        extra = exc.extra if isinstance(exc.extra, list) else []
        names = [
            str(item.get("key")) for item in extra if isinstance(item, dict) and item.get("key")
        ]
        if names:
            detail = f"Ogiltigt värde för {', '.join(names)}. Kontrollera parametrarna."
    elif status == 404 and exc.detail and exc.detail != "Not Found":
        detail = str(exc.detail)
    return _json(status, detail)


def api_not_signed_in(request: Request, exc: NotAuthorizedException) -> Response[ApiError]:
    return _json(401, MESSAGES[401])


def api_server_error(request: Request, exc: Exception) -> Response[ApiError]:
    log.exception("Fel vid %s %s", request.method, request.url.path, exc_info=exc)
    return _json(500, "Något gick fel hos oss. Försök igen om en stund.")


EXCEPTION_HANDLERS = {
    NotAuthorizedException: api_not_signed_in,
    NotFoundException: api_http_error,
    HTTPException: api_http_error,
    Exception: api_server_error,
}

NOT_FOUND = {404: ResponseSpec(data_container=ApiError, description="Posten finns inte.")}
ERRORS = {
    400: ResponseSpec(data_container=ApiError, description="Ogiltig parameter."),
    401: ResponseSpec(data_container=ApiError, description="Inte inloggad."),
}

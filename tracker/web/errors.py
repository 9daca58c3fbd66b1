"""Error pages: Swedish, helpful, and never a stack trace."""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import urlencode

from asyncpg.exceptions import UniqueViolationError
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_500_INTERNAL_SERVER_ERROR

log = logging.getLogger("tracker")

MESSAGES = {
    400: ("Något i förfrågan var fel", "Kontrollera adressen eller formuläret och försök igen."),
    401: ("Du behöver logga in", "Logga in för att se sidan."),
    403: (
        "Du har inte behörighet",
        "Ditt konto får inte göra det här. Be en administratör om behörighet om du behöver den.",
    ),
    404: ("Sidan finns inte", "Kontrollera adressen, eller gå till projektlistan och sök där."),
    405: ("Det går inte att göra så här", "Gå tillbaka och använd knapparna på sidan."),
    409: ("Det gick inte att genomföra", "Uppgiften har ändrats. Ladda om sidan och försök igen."),
    413: (
        "Det du skickade är för stort",
        "Formuläret eller filen är större än vad som tas emot. Korta texten eller dela upp "
        "filen och försök igen.",
    ),
}
SERVER_ERROR = (
    "Något gick fel hos oss",
    "Ingenting av det du skrev har gått förlorat i databasen om du inte fick en bekräftelse. "
    "Försök igen om en stund.",
)


class Refused(HTTPException):
    """A 4xx whose detail is written for the user, in Swedish: the error page shows it."""

    status_code = 400


def _page(status: int, title: str, text: str) -> Template:
    return Template(
        template_name="errors/error.html",
        context={"status": status, "title": title, "text": text},
        status_code=status,
    )


CSRF_FAILED = (
    "Det gick inte att spara",
    "Sidan hade blivit för gammal eller saknade säkerhetsnyckel. Ladda om sidan och försök igen.",
)


def http_error(_: Request, exc: HTTPException) -> Response:
    title, text = MESSAGES.get(exc.status_code, MESSAGES[400])
    if exc.status_code == 403 and "csrf" in str(exc.detail).lower():
        title, text = CSRF_FAILED
    if isinstance(exc, Refused):
        text = exc.detail
    return _page(exc.status_code, title, text)


def not_signed_in(request: Request, exc: NotAuthorizedException) -> Response:
    """Someone not signed in: a page visit goes to the sign-in page and comes back after."""
    if request.method == "GET" and not request.headers.get("hx-request"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/logga-in?{urlencode({'nasta': target})}", status_code=303)
    response = http_error(request, exc)
    response.headers["HX-Redirect"] = "/logga-in"
    return response


def not_found(_: Request, exc: NotFoundException) -> Response:
    return http_error(_, exc)


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("Fel vid %s %s", request.method, request.url.path, exc_info=exc)
    return _page(HTTP_500_INTERNAL_SERVER_ERROR, *SERVER_ERROR)


ALREADY_SAVED = (
    "Det finns redan",
    "Någon annan sparade samma sak samtidigt, så det finns redan och ingenting nytt sparades. "
    "Ladda om sidan och kontrollera.",
)


def unique_conflict(request: Request, exc: Exception) -> Response:
    """Two saves of the same unique value at once (a name, a link, a membership, a version
    number): the database keeps one and refuses the other, which is a conflict, not a fault."""
    if isinstance(exc, sqlite3.IntegrityError) and not str(exc).startswith("UNIQUE"):
        return server_error(request, exc)
    log.info("Samtidig dubblett vid %s %s: %s", request.method, request.url.path, exc)
    return _page(HTTP_409_CONFLICT, *ALREADY_SAVED)


UNIQUE_ERRORS = (sqlite3.IntegrityError, UniqueViolationError)

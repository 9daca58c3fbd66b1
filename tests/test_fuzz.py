"""Hostile values in every form and every query string, as an administrator: never a 5xx, and
no control character ever reaches the database (issue 13).

The routes are read from the app's router, as tests/test_route_access.py does. Each page is
fetched with real ids and its forms are read from the HTML (the fields a browser would send);
a route no page shows a form for gets every field name seen anywhere. Each form and query
string is then sent once per hostile value, the values rotated over the fields, so every field
gets every value without trying combinations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.route_areas import area_ids
from tests.support import _table_names, post_form
from tests.test_route_access import ROUTES
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account
from tracker.db import fetch_rows

HOSTILE = (
    "a\x00b",
    "skola\x1b[31m\x7f\x85",
    "x" * 10_000,
    "-1",
    "99999999999999999999",  # beyond PostgreSQL's integer and SQLite's
    "\u202egnp.exe 🦄\ufeff ǅ ﷽ e\u0301 \u200b' OR 1=1 --<script>",
    "2026-02-30",
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SKIPPED_POSTS = {"/logga-ut"}  # signs the administrator out: nothing to find there
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_FIELD = re.compile(r"<(?:input|textarea|select)\b[^>]*\bname=\"([^\"]+)\"", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


PATTERNS = [(method, template, _pattern(template)) for method, template in ROUTES]


def _route_of(method: str, path: str) -> str | None:
    for wanted, template, pattern in PATTERNS:
        if wanted == method and pattern.match(path):
            return template
    return None


def forms_of(html: str, page: str) -> Iterable[tuple[str, str, list[str]]]:
    """(method, action path, field names) of each form on a page."""
    for attributes, body in _FORM.findall(html):
        attrs = dict(_ATTR.findall(attributes))
        method = attrs.get("method", "get").upper()
        action = urlsplit(unescape(attrs.get("action", "")) or page).path or page
        names = [n for n in dict.fromkeys(_FIELD.findall(body)) if n != "_csrf_token"]
        yield method, action, names


def _query_names(app: Litestar, template: str) -> list[str]:
    """The query parameters a handler declares (the API's filters)."""
    names: list[str] = []
    for route in app.routes:
        if route.path_format != template:
            continue
        for handler in getattr(route, "route_handlers", []):
            for name, field in handler.parsed_fn_signature.parameters.items():
                kwarg = getattr(field, "kwarg_definition", None)
                alias = getattr(kwarg, "query", None)
                if alias or (kwarg is not None and type(kwarg).__name__ == "ParameterKwarg"):
                    names.append(alias or name)
    return names


def rotated(names: list[str], round_: int) -> dict[str, str]:
    return {name: HOSTILE[(index + round_) % len(HOSTILE)] for index, name in enumerate(names)}


class Fuzzer:
    def __init__(self, http: httpx.AsyncClient, alva: Principal) -> None:
        self.http, self.alva = http, alva
        self.failures: list[str] = []
        self.requests = 0

    async def _signed_in_again(self, response: httpx.Response) -> None:
        location = response.headers.get("location", "")
        if response.status_code == 401 or location.startswith("/logga-in"):
            row = await Account.select(Account.session_version, Account.active).where(
                Account.id == self.alva.id
            )
            await Account.update({Account.active: True}).where(Account.id == self.alva.id)
            personas.sign_in(self.http, self.alva, row[0]["session_version"])

    async def send(self, method: str, path: str, fields: dict[str, str]) -> httpx.Response:
        self.requests += 1
        if method == "GET":
            response = await self.http.get(path, params=fields)
        else:
            response = await post_form(self.http, path, fields)
        if response.status_code >= 500:
            shown = ", ".join(f"{k}={v[:12]!r}" for k, v in list(fields.items())[:6])
            self.failures.append(f"{response.status_code} {method} {path} ({shown} …)")
        await self._signed_in_again(response)
        return response


async def _forms_by_route(
    fuzz: Fuzzer, pages: list[str]
) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """For each route a form posts or submits to: a real path and the union of its fields."""
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for page in pages:
        response = await fuzz.http.get(page)
        if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        for method, action, names in forms_of(response.text, page):
            template = _route_of(method, action)
            if template is None:
                continue
            path, known = found.get((method, template), (action, []))
            found[(method, template)] = (path, list(dict.fromkeys([*known, *names])))
    return found


@pytest.mark.slow
async def test_hostile_values_in_every_form_and_query_string_never_give_a_5xx(
    app: Litestar, client: httpx.AsyncClient, admin_user: Principal
) -> None:
    ids = await area_ids(await personas.robin(), {})
    fuzz = Fuzzer(client, admin_user)
    paths = {(method, template): template.format(**ids) for method, template in ROUTES}
    pages = [path for (method, _), path in paths.items() if method == "GET"]
    forms = await _forms_by_route(fuzz, pages)
    every_name = sorted({name for _, names in forms.values() for name in names})
    assert len(forms) > 40, "the pages' forms were not found"

    for (method, template), path in sorted(paths.items(), key=lambda item: item[0][0]):
        if path in SKIPPED_POSTS:
            continue
        form_path, names = forms.get((method, template), (path, []))
        if method == "GET":
            names = list(dict.fromkeys([*names, *_query_names(app, template)])) or ["q", "sida"]
        elif (method, template) not in forms:
            names = every_name
        for round_ in range(len(HOSTILE)):
            await fuzz.send(method, form_path if method != "GET" else path, rotated(names, round_))

    stored = await _control_characters_stored()
    assert not fuzz.failures, f"{len(fuzz.failures)} of {fuzz.requests}: " + "\n".join(
        fuzz.failures[:40]
    )
    assert not stored, f"control characters stored: {stored[:20]}"


async def _control_characters_stored() -> list[tuple[str, str, Any]]:
    found = []
    for table in _table_names():
        for row in await fetch_rows(f"SELECT * FROM {table}"):
            for column, value in row.items():
                if isinstance(value, str) and CONTROL.search(value):
                    found.append((table, column, value[:40]))
    return found

"""Small pieces every controller uses: reading posted forms and ids, and answering a post."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from litestar import Request, Response
from litestar.datastructures import FormMultiDict
from litestar.plugins.flash import flash
from litestar.response import Redirect

from tracker.db import MAX_ID

# Request bodies the app reads at most (Litestar answers 413 beyond them, before parsing).
# Forms: the longest form (a report's narrative, six parts of 20 000 characters) is far
# below 1 MB even with every letter percent-encoded; sign-in needs a few hundred bytes.
FORM_BODY_LIMIT = 1024 * 1024
SIGN_IN_BODY_LIMIT = 16 * 1024


def see_other(url: str) -> Redirect:
    """After a successful post: go to `url` with GET (post/redirect/get)."""
    return Redirect(url, status_code=303)


def edit_saved(
    request: Request[Any, Any, Any],
    changed: object,
    url: str,
    done: str = "Ändringarna är sparade.",
) -> Redirect:
    """After an edit form is saved: say `done`, or that nothing changed (`changed`: what was
    saved, empty or False when nothing was), and go to `url` (303)."""
    flash(request, done if changed else "Inget ändrades.", category="success")
    return see_other(url)


def back_to_page(
    request: Request[Any, Any, Any], url: str, *, near: str | None = None
) -> Response[Any]:
    """After a successful save from a form that opens on demand: back to the record's page
    (303, post/redirect/get). An htmx request is told instead to load that page in place of
    `#main` (`HX-Location`, which also puts its address in the history), showing the element
    `near` (the section the form was in), so the user stays where they were."""
    if request.headers.get("hx-request") != "true":
        return see_other(url)
    swap = f"outerHTML show:#{near}:top" if near else "outerHTML"
    location = {"path": url.partition("#")[0], "target": "#main", "swap": swap}
    return Response(content=b"", status_code=200, headers={"HX-Location": json.dumps(location)})


def saved_on_demand(
    request: Request[Any, Any, Any], answer: Response[Any], *, near: str
) -> Response[Any]:
    """The answer of a post from a form that opens on demand: a redirect back to the record's
    page becomes `back_to_page`'s, so htmx loads the page in place; anything else (the form
    again with its errors) stays as it is."""
    if isinstance(answer, Redirect) and answer.status_code == 303:
        return back_to_page(request, answer.url, near=near)
    return answer


def plain(form: FormMultiDict) -> dict[str, str]:
    """A posted form as text values (one per name)."""
    return {key: str(value) for key, value in form.items()}


async def form_data(request: Request[Any, Any, Any]) -> dict[str, str]:
    return plain(await request.form())


def record_id(raw: str) -> int | None:
    """An id typed or posted by the browser; None unless it could be a stored record's id."""
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def form_value(value: Any) -> str:
    """A stored value as an edit form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def checklist_wanted(form: FormMultiDict, keys: Iterable[str]) -> dict[str, bool]:
    """What a checklist post asks for, item by item: {item key: done}.

    The form names each item's state as the page showed it (`shown`, `key:1` or `key:0`, see
    `checklist_shown` in the templates); only the items the user ticked or unticked are asked
    for, so two people ticking different items never undo each other's ticks. A post without
    `shown` sets the whole list as posted.
    """
    done = {str(value) for value in form.getall("done")} if "done" in form else set()
    shown = (
        {
            key: state == "1"
            for key, _, state in (str(value).partition(":") for value in form.getall("shown"))
        }
        if "shown" in form
        else None
    )
    known = list(keys)
    if shown is None:
        return {key: key in done for key in known}
    return {key: key in done for key in known if key in shown and (key in done) != shown[key]}

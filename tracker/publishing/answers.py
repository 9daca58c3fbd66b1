"""How a publication's staff page answers a posted review step, for the controllers of both
features: the step is taken, and the user goes back to the page with a confirmation, or sees
the page again with the refusal – the rules' (409, at the top) or the choice of reviewers'
(422, beside the field)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response
from litestar.datastructures import FormMultiDict
from litestar.plugins.flash import flash

from tracker.publishing.reviewers import FIELD
from tracker.publishing.rules import PublicationRefused, ReviewersRefused
from tracker.web.forms import Fields
from tracker.web.http import see_other

# The staff page again, with `problem=`, `review=` (the reviewers' field) and `status=`.
Render = Callable[..., Awaitable[Response[Any]]]


def chosen(form: FormMultiDict) -> list[str]:
    """The reviewers ticked in the form (account ids as posted)."""
    return [str(value) for value in form.getall(FIELD, [])]


def read_reason(raw: dict[str, str]) -> tuple[str, str | None]:
    """The reason given for sending a text back (optional), or the message that refuses the
    form: the reason's, or another field's (a control character in a hidden one)."""
    form = Fields(raw)
    reason = form.free_text("reason", max_length=1000)
    if not form.ok:
        return "", form.errors.get("reason") or next(iter(form.errors.values()))
    return reason, None


async def answer(
    request: Request,
    step: Callable[[], Awaitable[Any]],
    render: Render,
    done: str,
    back: str,
    asked: list[str] | None = None,
) -> Response[Any]:
    """Take the step; then back to `back` with `done` ("{result}" is what the step answered).
    `asked`: the reviewers ticked, kept in the form when the choice is refused."""
    try:
        result = await step()
    except ReviewersRefused as refused:
        review = Fields({FIELD: ",".join(asked or [])})
        review.error(FIELD, refused.message)
        return await render(review=review, status=422)
    except PublicationRefused as refused:
        return await render(problem=refused.message, status=409)
    flash(request, done.format(result=result), category="success")
    return see_other(back)

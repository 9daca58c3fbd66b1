"""One-time keys on create forms (like an Idempotency-Key): a create is done once per key.

Every create form carries a fresh random key (`once`, see `once_input` in the templates). The
key, the account and the URL of what was created are stored in the same transaction as the
record. A post that repeats a key – a retry after a server error or a lost answer, a double
click – is sent to the first result instead of creating the record again.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from litestar import Request, Response
from litestar.plugins.flash import flash
from litestar.response import Redirect

from tracker.accounts.permissions import Principal
from tracker.accounts.tables import OnceKey
from tracker.clock import now
from tracker.db import write_transaction
from tracker.web.forms import Fields
from tracker.web.http import see_other

T = TypeVar("T")

FIELD = "once"
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
REPEATED = "Det här var redan sparat. Du ser det som sparades första gången."


def key_of(raw: Mapping[str, str]) -> str | None:
    key = raw.get(FIELD, "").strip()
    return key if _KEY.fullmatch(key) else None


async def earlier_result(actor: Principal, raw: Mapping[str, str]) -> str | None:
    """Where the first post with this form's key went, if it was saved."""
    key = key_of(raw)
    if key is None:
        return None
    row = await (
        OnceKey.select(OnceKey.result_url)
        .where((OnceKey.account == actor.id) & (OnceKey.key == key))
        .first()
    )
    return row["result_url"] if row else None


def repeated(request: Request[Any, Any, Any], url: str) -> Redirect:
    """The answer to a repeated post: what the first one saved."""
    flash(request, REPEATED, category="success")
    return see_other(url)


async def create_once(
    actor: Principal, raw: Mapping[str, str], create: Callable[[], Awaitable[str]]
) -> str:
    """Run `create` (it returns the new record's URL) and note the form's key with it, in one
    transaction. Of two posts with the same key at once, the second is refused by the unique
    index (a 409) and nothing of it is saved."""
    key = key_of(raw)
    if key is None:
        return await create()
    async with write_transaction():
        url = await create()
        await OnceKey.insert(OnceKey(key=key, account=actor.id, result_url=url, created_at=now()))
    return url


async def submit_once(
    request: Request[Any, Any, Any],
    actor: Principal,
    raw: Mapping[str, str],
    read: tuple[T | None, Fields],
    refuse: Callable[[Fields, int], Response[Any] | Awaitable[Response[Any]]],
    save: Callable[[T], Awaitable[str]],
    message: str,
    conflict: str | None = None,
) -> Response[Any]:
    """The post of a create form, in the order every create handler answers it: a repeated key
    goes to the first result; a `conflict` (the record's state forbids it) is shown in the form
    with 409; input `read` refused is shown again with 422; else `save` (it returns the new
    record's URL) runs once for the key and the browser goes there with `message`."""
    if earlier := await earlier_result(actor, raw):
        return repeated(request, earlier)
    data, fields = read
    if conflict:
        fields.error("form", conflict)
    if conflict or data is None:
        answer = refuse(fields, 409 if conflict else 422)
        return await answer if inspect.isawaitable(answer) else answer
    saved = data

    async def create() -> str:
        return await save(saved)

    url = await create_once(actor, raw, create)
    flash(request, message, category="success")
    return see_other(url)

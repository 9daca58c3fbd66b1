"""Content that can never change, made once (issue 19): a frozen report version's document, its
PDF and DOCX, a published "Ni sa – vi gjorde" version's page.

`Once` keeps, per process, what was made for a key – the content's SHA-256 as the caller
verified it, plus whatever else shapes the output – and drops the least recently used beyond
a fixed number of entries, so memory stays bounded (a PDF is a few hundred kB). A key holds
the digest of what is stored now: content changed behind the database's guards has another
digest, or fails its integrity check before the cache is asked, and is never served from here.

A response of such content carries a strong `ETag` (the digest and the format), and a request
whose `If-None-Match` names it gets 304 without anything being made. Only such responses get
one: a signed-in page carries a menu and CSRF tokens of its own and stays `no-store`
(tracker/web/security.py).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from litestar import Response

from tracker.keyed_locks import KeyedLocks

T = TypeVar("T")

# Browsers keep the file but ask again each time (so the access guard runs on every request);
# no shared cache keeps it – not even a public page's, whose first response to a visitor
# carries the visitor's own CSRF cookie.
PRIVATE = "private, no-cache"


class Once(Generic[T]):
    """What was made for each key, at most `size` entries; `made` counts what was made."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.made = 0
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._making = KeyedLocks()

    async def get(self, key: Hashable, make: Callable[[], Awaitable[T]]) -> T:
        """The value for `key`, made by `make()` only the first time. Requests asking for a key
        while it is being made wait for it rather than make it again (a PDF takes seconds)."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        async with self._making.hold(key):
            if key in self._items:  # made while this request waited
                self._items.move_to_end(key)
                return self._items[key]
            value = await make()
            self.made += 1
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget everything made (and the count)."""
        self._items.clear()
        self.made = 0


def fingerprint(*parts: object) -> str:
    """A short digest of values that shape an output besides its content (the municipality's
    name and logo in a PDF's header), for an ETag's variant."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:12]


def strong_etag(digest: str, variant: str) -> str:
    return f'"{digest}-{variant}"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified_since(headers: Mapping[str, str], etag: str) -> bool:
    """Whether the request's `If-None-Match` names `etag` (or is `*`): the client has it."""
    wanted = headers.get("if-none-match")
    if not wanted:
        return False
    if wanted.strip() == "*":
        return True
    return any(_opaque(tag) == etag for tag in wanted.split(","))


def not_modified(etag: str, cache_control: str) -> Response[Any]:
    """304: the client's copy is current; nothing is rendered."""
    return Response(
        content=b"", status_code=304, headers={"etag": etag, "cache-control": cache_control}
    )

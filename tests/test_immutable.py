"""Content made once (tracker/web/immutable.py): made once per key, bounded, made once even
when asked for twice at the same moment, and the If-None-Match rules of a strong ETag."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from tracker.web.immutable import Once, not_modified_since, strong_etag


async def test_a_value_is_made_once_and_the_least_recently_used_goes_first() -> None:
    once: Once[str] = Once(size=2)
    calls: list[str] = []

    def maker(key: str) -> Callable[[], Awaitable[str]]:
        async def make() -> str:
            calls.append(key)
            return key.upper()

        return make

    assert await once.get("a", maker("a")) == "A"
    assert await once.get("a", maker("a")) == "A"
    await once.get("b", maker("b"))
    await once.get("a", maker("a"))  # a used last: b goes when c comes
    await once.get("c", maker("c"))
    await once.get("a", maker("a"))
    await once.get("b", maker("b"))

    assert calls == ["a", "b", "c", "b"]
    assert len(once) == 2 and once.made == 4


async def test_two_requests_at_the_same_moment_make_it_once() -> None:
    once: Once[int] = Once(size=4)
    started = asyncio.Event()
    release = asyncio.Event()
    calls = 0

    async def slow() -> int:
        nonlocal calls
        calls += 1
        started.set()
        await release.wait()
        return 42

    first = asyncio.create_task(once.get("pdf", slow))
    await started.wait()
    second = asyncio.create_task(once.get("pdf", slow))
    await asyncio.sleep(0)
    release.set()

    assert await asyncio.gather(first, second) == [42, 42]
    assert calls == 1


async def test_a_failed_make_is_tried_again_next_time() -> None:
    once: Once[int] = Once(size=4)

    async def broken() -> int:
        raise RuntimeError("WeasyPrint failed")

    async def works() -> int:
        return 1

    with pytest.raises(RuntimeError):
        await once.get("k", broken)
    assert await once.get("k", works) == 1
    assert once.made == 1


def test_if_none_match_names_the_tag_weakly_in_a_list_or_as_a_star() -> None:
    tag = strong_etag("abc", "pdf")
    assert tag == '"abc-pdf"'
    assert not_modified_since({"if-none-match": tag}, tag)
    assert not_modified_since({"if-none-match": f'"other", W/{tag}'}, tag)
    assert not_modified_since({"if-none-match": "*"}, tag)
    assert not not_modified_since({"if-none-match": '"abc-docx"'}, tag)
    assert not not_modified_since({}, tag)

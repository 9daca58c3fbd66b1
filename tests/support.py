"""Helpers shared by the tests: database reset, form posts with the CSRF token, HTML checks."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Coroutine
from html import unescape
from typing import Any, TypeVar

import httpx
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from tracker.audit.immutability import (
    APPEND_ONLY_TABLES,
    install_append_only,
    remove_append_only,
)
from tracker.db import get_engine
from tracker.migrate import migrate
from tracker.reports.immutability import install_frozen_guard, remove_frozen_guard
from tracker.settings import get_settings

CSRF_COOKIE = "tracker-csrf"
T = TypeVar("T")


async def reset_database() -> None:
    """Drop everything and apply all migrations, as on a new installation."""
    settings = get_settings()
    if settings.is_postgres:
        await get_engine().run_ddl("DROP SCHEMA public CASCADE")
        await get_engine().run_ddl("CREATE SCHEMA public")
    else:
        settings.sqlite_path.unlink(missing_ok=True)
    await migrate()


async def wipe_rows() -> None:
    """Empty every table. The append-only guards are lifted for this and put back after."""
    # Children before parents, so foreign keys never block the delete.
    names = [t._meta.tablename for t in reversed(sort_table_classes(Finder().get_table_classes()))]
    # Published "Ni sa – vi gjorde" versions are append-only too (tracker/insights migrations).
    append_only = (*APPEND_ONLY_TABLES, "feedback_page_version")
    for table in append_only:
        await remove_append_only(table)
    await remove_frozen_guard()  # frozen report versions (tracker/reports/immutability.py)
    if get_settings().is_postgres:
        await get_engine().run_ddl(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
    else:
        for name in names:
            await get_engine().run_ddl(f"DELETE FROM {name}")
    for table in append_only:
        await install_append_only(table)
    await install_frozen_guard()


async def post_form(
    client: httpx.AsyncClient,
    url: str,
    data: dict[str, Any] | list[tuple[str, str]],
    **kwargs: Any,
) -> httpx.Response:
    """Post a form as a browser would: with the CSRF token from the cookie."""
    if CSRF_COOKIE not in client.cookies:
        await client.get("/")
    token = client.cookies[CSRF_COOKIE]
    items = list(data.items()) if isinstance(data, dict) else list(data)
    fields: dict[str, list[str]] = {}
    for name, value in [*items, ("_csrf_token", token)]:
        fields.setdefault(name, []).extend(value if isinstance(value, list) else [str(value)])
    return await client.post(url, data=fields, **kwargs)


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and white space folded."""
    without_tags = re.sub(
        r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    )
    return " ".join(unescape(without_tags).split())


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown beside a field, if any."""
    match = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</p>', html, flags=re.S)
    return text_of(match.group(1)).removeprefix("Fel:").strip() if match else None


def field_value(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    if match:
        return unescape(match.group(1))
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    return unescape(match.group(1)) if match else None


def run_in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous test code, on a loop of its own."""
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # re-raised in the caller
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]

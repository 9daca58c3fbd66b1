"""Helpers shared by the tests: emptying the database, form posts with the CSRF token, HTML checks."""

from __future__ import annotations

import _sqlite3
import asyncio
import ctypes
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine
from functools import cache
from html import unescape
from html.parser import HTMLParser
from typing import Any, TypeVar, cast

import asyncpg
import httpx
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from tracker.db import get_engine
from tracker.settings import get_settings

CSRF_COOKIE = "tracker-csrf"
T = TypeVar("T")


@cache
def _table_names() -> tuple[str, ...]:
    """Every table of the app, children before parents. Found once per process: Piccolo's
    Finder imports every app's modules again on each call (about 20 ms, a third of an
    average test's CPU time), and the tables cannot change while the tests run."""
    tables = reversed(sort_table_classes(Finder().get_table_classes()))
    return tuple(table._meta.tablename for table in tables)


def _wipe_sqlite_with_ddl(names: tuple[str, ...]) -> None:
    """One connection, one transaction: the guard triggers (the ones that RAISE) are dropped,
    every table emptied and the guards created again before anything commits, so no other
    connection ever sees an unguarded table. The search index triggers stay and empty the
    FTS tables as the rows go. (The fallback of `_wipe_sqlite`: the schema change makes
    every other connection parse the whole schema again, about 2.5 ms each.)"""
    connection = sqlite3.connect(get_settings().sqlite_path, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        guards = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(%'"
        ).fetchall()
        for name, _ in guards:
            connection.execute(f"DROP TRIGGER {name}")
        for name in names:
            connection.execute(f"DELETE FROM {name}")
        for _, sql in guards:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()


_ENABLE_TRIGGER = 1003  # SQLITE_DBCONFIG_ENABLE_TRIGGER in sqlite3.h


def _switch_triggers_off(connection: sqlite3.Connection) -> bool:
    """Switch triggers off for this one connection (no other connection is affected, and the
    schema is not changed); whether that worked. Python 3.12 has `setconfig`; on 3.11 the
    connection's `sqlite3 *` is the field right after the object header."""
    if hasattr(connection, "setconfig"):
        connection.setconfig(_ENABLE_TRIGGER, False)
        return not connection.getconfig(_ENABLE_TRIGGER)
    if sys.version_info[:2] != (3, 11) or hasattr(sys, "gettotalrefcount"):  # debug build
        return False
    try:  # its libsqlite3 answers for it, unless SQLite is linked in without its symbols
        library = ctypes.CDLL(_sqlite3.__file__)
        filename, configure = library.sqlite3_db_filename, library.sqlite3_db_config
    except (OSError, AttributeError):
        return False
    handle = ctypes.c_void_p.from_address(id(connection) + 2 * ctypes.sizeof(ctypes.c_void_p))
    filename.restype, filename.argtypes = ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_char_p]
    if filename(handle, b"main") != os.fsencode(get_settings().sqlite_path.resolve()):
        return False
    enabled = ctypes.c_int(-1)
    code = configure(handle, ctypes.c_int(_ENABLE_TRIGGER), ctypes.c_int(0), ctypes.byref(enabled))
    return code == 0 and enabled.value == 0


class _Wiper:
    """A connection of this process's own that empties the tables without firing triggers,
    so without dropping the guards: no schema change, and the app's connections keep their
    parsed schema. What the triggers would do on the way is done directly: the search
    indexes (external-content FTS5 tables) are emptied and the data version moved on. Where
    the database has a trigger that does anything else, or triggers cannot be switched off,
    `usable` is False and the guards are dropped and created again instead."""

    def __init__(self, path: str) -> None:
        self.inode = os.stat(path).st_ino
        # Browser tests wipe from a thread of their own (run_in_thread), one at a time.
        self.connection = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=False
        )
        self.lock = threading.Lock()
        schema = self.connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"
        ).fetchall()
        self.search_indexes = [
            name for kind, name, sql in schema if kind == "table" and "USING fts5" in sql
        ]
        syncing = {f"{index}_{op}" for index in self.search_indexes for op in _SYNC}
        self.usable = all(
            "RAISE(" in sql or name.startswith("data_version_bump_") or name in syncing
            for kind, name, sql in schema
            if kind == "trigger"
        ) and _switch_triggers_off(self.connection)

    def wipe(self, names: tuple[str, ...]) -> None:
        with self.lock:
            connection = self.connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                for name in names:
                    connection.execute(f"DELETE FROM {name}")
                for index in self.search_indexes:
                    connection.execute(f"INSERT INTO {index} ({index}) VALUES ('delete-all')")
                connection.execute("UPDATE data_version SET n = n + 1 WHERE id = 1")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise


_SYNC = ("insert", "delete", "update")  # the triggers that keep a search index in step
_WIPERS: dict[str, _Wiper] = {}


def _wipe_sqlite(names: tuple[str, ...]) -> None:
    """Empty every table in one transaction, on a connection kept for the purpose (made
    again when the database file was replaced)."""
    path = str(get_settings().sqlite_path)
    wiper = _WIPERS.get(path)
    if wiper is None or wiper.inode != os.stat(path).st_ino:
        if wiper is not None:
            wiper.connection.close()
        wiper = _WIPERS[path] = _Wiper(path)
    if wiper.usable:
        wiper.wipe(names)
    else:
        _wipe_sqlite_with_ddl(names)


async def _wipe_postgres(names: tuple[str, ...]) -> None:
    """One statement batch in one transaction. `session_replication_role = replica` holds no
    trigger for the transaction alone (the append-only and frozen guards, and the foreign
    keys, which the order makes moot), so no DDL is needed; the ids start again at 1."""
    deletes = "".join(f"DELETE FROM {name};" for name in names)
    restart = (
        "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c "
        "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace;"
    )
    bump = "UPDATE data_version SET n = n + 1;"  # replica mode holds its trigger too
    sql = f"BEGIN; SET LOCAL session_replication_role = replica; {deletes}{restart}{bump} COMMIT;"
    pool = getattr(get_engine(), "pool", None)
    if pool is not None:  # the tests' pool, on this event loop (tests/conftest.py)
        async with pool.acquire() as connection:
            await connection.execute(sql)
        return
    connection = await asyncpg.connect(get_settings().database_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


_wipes = [0]  # how often this process has emptied the tables (see `wipe_count`)


async def wipe_rows() -> None:
    """Empty every table, in one transaction (about 10 ms a test instead of 0.5–1.7 s)."""
    names = _table_names()
    if get_settings().is_postgres:
        await _wipe_postgres(names)
    else:
        _wipe_sqlite(names)
    _wipes[0] += 1


def wipe_count() -> int:
    """How often this process has emptied the tables: records made for several tests are still
    there while this has not changed."""
    return _wipes[0]


_KEPT: list[tuple[str, int, Any]] = []  # the one set kept: its key, the wipe count, the records


async def made_once(key: str, make: Callable[[], Awaitable[T]]) -> T:
    """The records `make` made on emptied tables, kept for the later tests of this process that
    ask for the same `key`, as long as no other test has emptied the tables since (then they
    are made again). For tests that only read them, or whose requests are refused and change
    nothing: each would otherwise make the same records again. One set lives at a time."""
    if not _KEPT or _KEPT[0][:2] != (key, wipe_count()):
        await wipe_rows()
        _KEPT[:] = [(key, wipe_count(), await make())]
    return cast(T, _KEPT[0][2])


def app_client(app: Any, base_url: str = "http://testserver") -> httpx.AsyncClient:
    """A client that sends its requests straight to the test app (it opens no connection pool,
    so it needs no lifespan start-up)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


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


class _FormReader(HTMLParser):
    """The fields of one form as a browser would post them (checked boxes, chosen options)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action and not self.values
        elif not self.inside:
            return
        elif tag == "input" and a.get("name") and a.get("name") != "_csrf_token":
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name", ""), []
        elif tag == "select":
            self._select, self._first_option, self._chosen = a.get("name", ""), None, False
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a and not self._chosen:
                self._chosen = True
                self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.values.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._chosen and self._first_option is not None:
                self.values.append((self._select, self._first_option))
            self._select = None


def form_of(html: str, action: str) -> dict[str, Any]:
    """The form posting to `action` as the browser would send it untouched (a name given
    more than once becomes a list)."""
    reader = _FormReader(action)
    reader.feed(html)
    fields: dict[str, Any] = {}
    for name, value in reader.values:
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return fields


async def version_of(
    client: httpx.AsyncClient, page: str, action: str | None = None
) -> dict[str, str]:
    """The version an edit form on `page` is read from, as the form posts it: a post to an
    edit form without it is refused (tracker/web/versions.py)."""
    form = form_of((await client.get(page)).text, action or page)
    return {"read_version": form["read_version"]}

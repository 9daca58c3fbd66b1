"""How the API reads one page of a register: the window (which rows), the conditions of its
filters, and the page with its related lists in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from typing import Any

from piccolo.table import Table


@dataclass(frozen=True, slots=True)
class Window:
    """Which slice of the register: `limit` rows from `offset`; count=False skips the total."""

    limit: int
    offset: int = 0
    count: bool = True


ONE = Window(limit=1, count=False)


def since(moment: datetime) -> datetime:
    """A moment from the query string in UTC, as the database stores it (naive means UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _all(conditions: Iterable[Any]) -> Any | None:
    found = [condition for condition in conditions if condition is not None]
    return reduce(lambda left, right: left & right, found) if found else None


def archived_condition(column: Any, archived: bool | None) -> Any | None:
    if archived is None:
        return None
    return column.is_not_null() if archived else column.is_null()


def equal(column: Any, value: Any) -> Any | None:
    return None if value is None or value == "" else column == value


def updated_since(column: Any, moment: datetime | None) -> Any | None:
    return None if moment is None else column >= since(moment)


def newest_first(table: type[Table]) -> tuple[tuple[Any, bool], ...]:
    """The order of a register that has no other: last changed first, then the newest id."""
    return (table.updated_at, False), (table.id, False)  # type: ignore[attr-defined]  # every register has both


async def read_page(
    table: type[Table], conditions: list[Any], window: Window, *order: tuple[Any, bool]
) -> tuple[list[dict[str, Any]], int]:
    where = _all(conditions)
    query = table.select()
    if where is not None:
        query = query.where(where)
    for column, ascending in order:
        query = query.order_by(column, ascending=ascending)
    rows = await query.limit(window.limit).offset(window.offset)
    if not window.count:
        return rows, len(rows)
    count = table.count()
    total = await (count.where(where) if where is not None else count)
    return rows, int(total)


async def grouped(
    column: Any, ids: list[int], *values: Any, key: str | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Rows of a link table for the given ids, grouped by the id (one query; none if no ids)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return found
    name = key or column._meta.name
    rows = await column._meta.table.select(column, *values).where(column.is_in(ids))
    for row in rows:
        found[row[name]].append(row)
    return found


def ids_of(rows: list[dict[str, Any]], name: str) -> list[int]:
    return sorted({row[name] for row in rows})

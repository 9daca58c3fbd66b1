"""Bounded choices for "link to a record" forms: at most LIMIT records, found by name.

A municipality has thousands of projects and dialogues; offering all of them in one select
makes the page slow and the list unusable. The form offers a name search instead and shows
the first LIMIT matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from piccolo.query.methods.select import Select
from piccolo.table import Table

from tracker.text import like_term

LIMIT = 50


@dataclass(slots=True)
class Choices:
    rows: list[dict[str, Any]]
    total: int
    term: str

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)

    def options(self) -> list[tuple[str, str]]:
        return [(str(row["id"]), row["title"]) for row in self.rows]


async def bounded_choices(
    table: type[Table], text: str = "", limit: int | None = None, exclude: Select | None = None
) -> Choices:
    """Records not archived, nor among `exclude` (a sub-select of ids), whose name holds `text` (all when empty),
    sorted by name.

    The table needs the columns id, title, title_search, title_sort and archived_at.
    """
    limit = limit or LIMIT
    columns: Any = table
    condition = columns.archived_at.is_null()
    if exclude is not None:
        condition &= columns.id.not_in(exclude)
    if term := like_term(text):
        condition &= columns.title_search.like(f"%{term}%")
    rows = await (
        table.select(columns.id, columns.title)
        .where(condition)
        .order_by(columns.title_sort)
        .limit(limit + 1)
    )
    total = len(rows)
    if total > limit:
        total = await table.count().where(condition)
    return Choices(rows=rows[:limit], total=total, term=" ".join(text.split())[:200])


NONE = Choices(rows=[], total=0, term="")

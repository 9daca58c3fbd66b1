"""Page numbers for long lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 25


class Paged:
    """What the pagination macro needs, from a page's `number`, `size` and `total`."""

    __slots__ = ()
    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        """How many pages there are (at least one, so an empty list still has a page 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


@dataclass(frozen=True, slots=True)
class Page(Paged):
    rows: list[dict[str, Any]]
    number: int
    size: int
    total: int


def page_number(raw: str | None) -> int:
    """A page number from the query string; anything odd means page 1."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 1_000_000)

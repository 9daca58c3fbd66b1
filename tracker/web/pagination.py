"""Page numbers for long lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litestar.response import Template

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


def register_page(
    template: str, params: Mapping[str, str], page: Paged, filters: Any, **more: Any
) -> Template:
    """A register's list page: the page of rows, the filters as read, and the query's other
    parameters (without the page number, `sida`) for the page links; `more` for the rest."""
    others = {key: value for key, value in params.items() if key != "sida"}
    return Template(template, context={"page": page, "filters": filters, "params": others, **more})

"""The project list's filters, sorting and page, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.rules import STATUS_LABELS
from tracker.text import clean
from tracker.web.pagination import page_number

# sort key: (label, ascending by default)
SORTS: dict[str, tuple[str, bool]] = {
    "updated": ("Senast ändrad", False),
    "title": ("Titel", True),
    "start": ("Startdatum", False),
    "end": ("Planerat slut", True),
}


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    q: str = ""
    step: str = ""
    status: str = ""
    department: str = ""
    archived: bool = False
    sort: str = "updated"
    descending: bool | None = None  # None: the sort's natural direction
    page: int = 1

    @property
    def is_descending(self) -> bool:
        if self.descending is None:
            return not SORTS[self.sort][1]
        return self.descending


def read_filters(params: Mapping[str, str], catalogue: PhaseCatalogue) -> ProjectFilters:
    """The list's filters from the query string; unknown values are ignored, never an error."""
    step = params.get("steg", "")
    status = params.get("status", "")
    sort = params.get("sortera", "")
    return ProjectFilters(
        q=clean(params.get("q", "")).strip()[:200],
        step=step if step in catalogue else "",
        status=status if status in STATUS_LABELS else "",
        department=clean(params.get("forvaltning", "")).strip()[:200],
        archived=params.get("arkiverade") == "ja",
        sort=sort if sort in SORTS else "updated",
        descending={"fallande": True, "stigande": False}.get(params.get("ordning", "")),
        page=page_number(params.get("sida")),
    )

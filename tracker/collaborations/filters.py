"""The registers' filters, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.rules import STATUS_LABELS
from tracker.db import MAX_ID
from tracker.text import clean
from tracker.web.pagination import page_number


@dataclass(frozen=True, slots=True)
class CollaborationFilters:
    q: str = ""
    form: str = ""
    status: str = ""
    department: str = ""
    year: int | None = None
    organisation: int | None = None
    archived: bool = False
    page: int = 1


@dataclass(frozen=True, slots=True)
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    idea_based: bool = False
    archived: bool = False
    page: int = 1


def _year(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and 1900 < int(raw) < 2200 else None


def read_collaboration_filters(
    params: Mapping[str, str], lists: CollaborationLists
) -> CollaborationFilters:
    form, status = params.get("form", ""), params.get("status", "")
    organisation = params.get("organisation", "")
    return CollaborationFilters(
        q=clean(params.get("q", "")).strip()[:200],
        form=form if form in lists.form_keys() else "",
        status=status if status in STATUS_LABELS else "",
        department=clean(params.get("forvaltning", "")).strip()[:200],
        year=_year(params.get("ar")),
        organisation=int(organisation)
        if organisation.isdigit() and 0 < int(organisation) <= MAX_ID
        else None,
        archived=params.get("arkiverade") == "ja",
        page=page_number(params.get("sida")),
    )


def read_organisation_filters(
    params: Mapping[str, str], lists: CollaborationLists
) -> OrganisationFilters:
    kind = params.get("typ", "")
    return OrganisationFilters(
        q=clean(params.get("q", "")).strip()[:200],
        kind=kind if kind in lists.type_keys() else "",
        idea_based=params.get("ideburen") == "ja",
        archived=params.get("arkiverade") == "ja",
        page=page_number(params.get("sida")),
    )

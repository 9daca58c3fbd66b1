"""The register's and the feedback ledger's filters, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.rules import KIND_LABELS, LEDGER_LABELS, STATE_LABELS
from tracker.text import clean
from tracker.web.pagination import page_number

SORTS = {
    "updated": ("Senast ändrad", False),
    "title": ("Titel", True),
    "due": ("Återkoppling senast", True),
}


@dataclass(frozen=True, slots=True)
class DialogueFilters:
    q: str = ""
    state: str = ""
    kind: str = ""
    level: str = ""
    board: str = ""
    year: int | None = None
    archived: bool = False
    sort: str = "updated"
    page: int = 1


@dataclass(frozen=True, slots=True)
class LedgerFilters:
    board: str = ""
    level: str = ""
    status: str = ""
    descending: bool = False
    page: int = 1


def _year(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and 1900 < int(raw) < 2200 else None


def read_filters(params: Mapping[str, str], lists: DialogueLists) -> DialogueFilters:
    state, kind, level, sort = (
        params.get(name, "") for name in ("status", "typ", "niva", "sortera")
    )
    return DialogueFilters(
        q=clean(params.get("q", "")).strip()[:200],
        state=state if state in STATE_LABELS else "",
        kind=kind if kind in KIND_LABELS else "",
        level=level if lists.level(level) else "",
        board=clean(params.get("namnd", "")).strip()[:200],
        year=_year(params.get("ar")),
        archived=params.get("arkiverade") == "ja",
        sort=sort if sort in SORTS else "updated",
        page=page_number(params.get("sida")),
    )


def read_ledger_filters(params: Mapping[str, str], lists: DialogueLists) -> LedgerFilters:
    level, status = params.get("niva", ""), params.get("status", "")
    return LedgerFilters(
        board=clean(params.get("namnd", "")).strip()[:200],
        level=level if lists.level(level) else "",
        status=status if status in LEDGER_LABELS else "",
        descending=params.get("ordning") == "fallande",
        page=page_number(params.get("sida")),
    )

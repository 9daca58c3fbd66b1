"""One page of search results: the ranked hits with their records, highlighted; and the
insights a picker offers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from tracker import kinds
from tracker.db import MAX_ID, fetch_rows, is_postgres
from tracker.insights.rules import CHANGE_STATUS_LABELS
from tracker.insights.search.filters import (
    CHANGE,
    EVIDENCE,
    INSIGHT,
    KIND_LABELS,
    KINDS,
    PH,
    SearchFilters,
)
from tracker.insights.search.query import (
    MAX_QUERY_LENGTH,
    MAX_SEARCH_WORDS,
    SNIPPET_LENGTH,
    highlight,
    parse_query,
)
from tracker.insights.search.sql import branch, placeholders, union_of_kinds
from tracker.insights.trails import SOURCE_JOINS, SOURCE_TITLE
from tracker.kinds import SOURCE_LABELS
from tracker.text import clean
from tracker.web.pagination import Paged

_SOURCE_ORDER = list(SOURCE_LABELS)


def _source_order(source_type: str) -> int:
    return _SOURCE_ORDER.index(source_type) if source_type in _SOURCE_ORDER else len(_SOURCE_ORDER)


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # evidence | insight | change
    id: int
    title: Markup  # highlighted, HTML-escaped
    snippet: Markup  # highlighted, HTML-escaped; may be empty
    source: str  # where it comes from: the source's title, the project's, the source types
    url: str
    internal: bool = False  # evidence marked internal: shown to staff with the label "Intern"
    status: str = ""  # a change's status label
    detail: str = ""  # evidence: speaker category; insight: target group
    themes: list[str] = field(default_factory=list)
    stamp: datetime | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class SearchResults(Paged):
    """One page of hits, with what the pagination macro needs (number, count, has_…)."""

    hits: list[SearchHit]
    number: int
    size: int
    total: int
    query: str = ""
    message: str = ""  # e.g. the query had only small words


Labels = dict[int, dict[str, list[str]]]  # insight id -> {"theme": [...], "source": [...]}


async def _details(
    ids: Mapping[str, list[int]],
) -> tuple[dict[tuple[str, int], dict[str, Any]], Labels]:
    """The records of one page – text, source, status – and the themes and source types of
    its insights: one statement, whatever the page holds."""
    parts: list[str] = []
    args: list[Any] = []
    if ids.get(EVIDENCE):
        parts.append(
            "SELECT 'evidence' AS kind, e.id AS id, e.text AS title, '' AS body, "
            "e.speaker_category AS detail, e.source_type AS source_type, "
            "e.source_id AS source_id, e.internal AS internal, "
            f"COALESCE({SOURCE_TITLE}, '') AS source_title, '' AS status "
            f"FROM evidence e {SOURCE_JOINS} "
            f"WHERE e.id IN ({placeholders(ids[EVIDENCE])})"
        )
        args += ids[EVIDENCE]
    if ids.get(INSIGHT):
        marks = placeholders(ids[INSIGHT])
        parts.append(
            "SELECT 'insight' AS kind, i.id AS id, i.statement AS title, '' AS body, "
            "i.target_group AS detail, '' AS source_type, "
            "CAST(NULL AS INTEGER) AS source_id, false AS internal, "
            "'' AS source_title, '' AS status "
            f"FROM insight i WHERE i.id IN ({marks})"
        )
        # Label rows: `body` holds the sort key.
        parts.append(
            "SELECT 'theme', it.insight, t.name, t.name_sort, '', '', CAST(NULL AS INTEGER), "
            "false, '', '' "
            f"FROM insight_theme it JOIN theme t ON t.id = it.theme WHERE it.insight IN ({marks})"
        )
        parts.append(
            "SELECT DISTINCT 'source', ie.insight, e.source_type, '', '', '', "
            "CAST(NULL AS INTEGER), false, '', '' "
            "FROM insight_evidence ie JOIN evidence e ON e.id = ie.evidence "
            f"WHERE ie.insight IN ({marks})"
        )
        args += ids[INSIGHT] * 3
    if ids.get(CHANGE):
        parts.append(
            "SELECT 'change' AS kind, c.id AS id, c.title AS title, c.description AS body, "
            "'' AS detail, 'project' AS source_type, c.project AS source_id, false AS internal, "
            "p.title AS source_title, c.status AS status FROM service_change c "
            f"JOIN project p ON p.id = c.project WHERE c.id IN ({placeholders(ids[CHANGE])})"
        )
        args += ids[CHANGE]
    if not parts:
        return {}, {}
    details: dict[tuple[str, int], dict[str, Any]] = {}
    themes: dict[int, list[tuple[str, str]]] = {}
    sources: dict[int, list[str]] = {}
    for row in await fetch_rows(" UNION ALL ".join(parts), *args):
        if row["kind"] == "theme":
            themes.setdefault(int(row["id"]), []).append((row["body"], row["title"]))
        elif row["kind"] == "source":
            sources.setdefault(int(row["id"]), []).append(row["title"])
        else:
            details[(row["kind"], int(row["id"]))] = row
    labels: Labels = {
        insight_id: {
            "theme": [name for _, name in sorted(themes.get(insight_id, []))],
            "source": sorted(sources.get(insight_id, []), key=_source_order),
        }
        for insight_id in ids[INSIGHT]
    }
    return details, labels


def _stamp(value: Any) -> datetime | None:
    """A timestamp from a union (SQLite gives such columns back as text)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime) else None


def _hit(
    ranked: dict[str, Any],
    row: dict[str, Any],
    labels: Labels,
    prefixes: frozenset[str],
) -> SearchHit:
    kind, record = ranked["kind"], int(ranked["id"])
    if kind == EVIDENCE:
        source_kind = kinds.KINDS.get(row["source_type"], kinds.PROJECT)
        label = SOURCE_LABELS.get(row["source_type"], "")
        source = f"{label}: {row['source_title']}" if row["source_title"] else label
        return SearchHit(
            kind=kind,
            id=record,
            title=escape(source),
            snippet=highlight(row["title"], prefixes, SNIPPET_LENGTH),
            source=source,
            url=source_kind.url(row["source_id"]) or "",
            internal=bool(row["internal"]),
            detail=row["detail"],
            stamp=_stamp(ranked["stamp"]),
        )
    if kind == INSIGHT:
        own = labels.get(record, {"theme": [], "source": []})
        return SearchHit(
            kind=kind,
            id=record,
            title=highlight(row["title"], prefixes, SNIPPET_LENGTH),
            snippet=Markup(""),
            source=", ".join(SOURCE_LABELS.get(s, s) for s in own["source"]),
            url=kinds.INSIGHT.url(record) or "",
            detail=row["detail"],
            themes=own["theme"],
            stamp=_stamp(ranked["stamp"]),
        )
    return SearchHit(
        kind=kind,
        id=record,
        title=highlight(row["title"], prefixes),
        snippet=highlight(row["body"], prefixes, SNIPPET_LENGTH) if row["body"] else Markup(""),
        source=f"Projekt: {row['source_title']}",
        url=kinds.SERVICE_CHANGE.url(record) or "",
        status=CHANGE_STATUS_LABELS.get(row["status"], row["status"]),
        stamp=_stamp(ranked["stamp"]),
    )


ORDER = "ORDER BY rank DESC, stamp DESC, kind, id DESC"


async def search(query: str, filters: SearchFilters, page: int, size: int) -> SearchResults:
    """One page of matching evidence, insights and changes, best match first (newest first
    when there are no search words). Archived records are never found."""
    query = clean(query).strip()[:MAX_QUERY_LENGTH]
    parsed = parse_query(query)
    page, size = max(1, min(page, 1_000_000)), max(1, min(size, 200))
    if query and parsed.empty:
        return SearchResults(
            [],
            page,
            size,
            0,
            query,
            "Sökningen innehöll bara vanliga småord (som ”och” och ”att”) eller ord med färre "
            "än tre bokstäver. Skriv ett annat ord.",
        )
    union, args = union_of_kinds(parsed, filters, is_postgres())
    ranked = await fetch_rows(
        f"SELECT kind, id, rank, stamp, COUNT(*) OVER () AS total FROM ({union}) hits "
        f"{ORDER} LIMIT {PH} OFFSET {PH}",
        *args,
        size,
        (page - 1) * size,
    )
    if ranked:
        total = int(ranked[0]["total"])
    elif page > 1:  # past the last page: still say how many there are
        counted = await fetch_rows(f"SELECT COUNT(*) AS total FROM ({union}) hits", *args)
        total = int(counted[0]["total"])
    else:
        total = 0
    ids: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for row in ranked:
        ids[row["kind"]].append(int(row["id"]))
    details, labels = await _details(ids)
    prefixes = parsed.prefixes
    hits = [
        _hit(row, details[(row["kind"], int(row["id"]))], labels, prefixes)
        for row in ranked
        if (row["kind"], int(row["id"])) in details
    ]
    cut = f"Bara de {MAX_SEARCH_WORDS} första orden användes i sökningen." if parsed.cut else ""
    return SearchResults(hits, page, size, total, query, cut)


async def find_insights(
    query: str, limit: int = 10, exclude: Collection[int] = ()
) -> list[dict[str, Any]]:
    """Insights for a picker: best match first, most recently updated first for an empty
    query; archived insights and the ids in `exclude` left out. Two statements at most."""
    parsed = parse_query(clean(query).strip()[:MAX_QUERY_LENGTH])
    if query.strip() and parsed.empty:
        return []
    wanted = [i for i in exclude if isinstance(i, int) and 0 < i <= MAX_ID]
    sql, args = branch(INSIGHT, parsed, SearchFilters(), is_postgres(), wanted)
    # Without a query every rank is 0: ordering by the stamp alone lets the database walk
    # its index on updated_at and stop after `limit` rows.
    order = "stamp DESC, id DESC" if parsed.empty else "rank DESC, stamp DESC, id DESC"
    ranked = await fetch_rows(
        f"SELECT id, rank, stamp FROM ({sql}) hits ORDER BY {order} LIMIT {PH}",
        *args,
        max(1, min(limit, 100)),
    )
    if not ranked:
        return []
    ids = [int(row["id"]) for row in ranked]
    rows = await fetch_rows(
        f"SELECT id, statement, target_group FROM insight WHERE id IN ({placeholders(ids)})",
        *ids,
    )
    by_id = {row["id"]: row for row in rows}
    return [
        {
            "id": i,
            "statement": by_id[i]["statement"],
            "target_group": by_id[i]["target_group"],
        }
        for i in ids
        if i in by_id
    ]

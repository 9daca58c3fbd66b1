"""The SQL of a search: one branch per kind of record, matched against PostgreSQL's GIN
indexes (`swedish` text search, on stored documents) or SQLite's FTS5 tables (the migrations
insights_2026_11_23t21_00_00_000000 and insights_2026_12_07t15_00_00_000000), and narrowed by
the filters."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from tracker.insights.search.filters import CHANGE, EVIDENCE, INSIGHT, KINDS, PH, SearchFilters
from tracker.insights.search.query import ParsedQuery, fts5_query, postgres_tsquery

# The documents: stored generated columns with GIN indexes (PostgreSQL; the migration
# insights_2026_12_07t15_00_00_000000), so ranking reads them instead of computing them again.
PG_DOCUMENTS = {
    EVIDENCE: "e.search_document",
    INSIGHT: "i.search_document",
    CHANGE: "c.search_document",
}
FTS_TABLES = {EVIDENCE: "evidence_fts", INSIGHT: "insight_fts", CHANGE: "service_change_fts"}
FTS_WEIGHTS = {EVIDENCE: "10.0, 2.0", INSIGHT: "10.0, 2.0", CHANGE: "10.0, 2.0, 1.0"}
BASE = {
    EVIDENCE: ("evidence", "e", "e.created_at"),
    INSIGHT: ("insight", "i", "i.updated_at"),
    CHANGE: ("service_change", "c", "c.updated_at"),
}


def _insight_in_project(insight: str, match: str) -> str:
    """The insight (an id expression) is used in the project or addressed by its change."""
    return (
        f"(EXISTS (SELECT 1 FROM insight_use fu WHERE fu.insight = {insight} "
        f"AND fu.project {match}) OR EXISTS (SELECT 1 FROM change_insight fpc "
        f"JOIN service_change fpch ON fpch.id = fpc.change WHERE fpc.insight = {insight} "
        f"AND fpch.project {match}))"
    )


def _filter_sql(kind: str, filters: SearchFilters) -> tuple[list[str], list[Any]]:
    """WHERE conditions (and their arguments, in order) for one kind's branch."""
    conditions: list[str] = []
    args: list[Any] = []
    # Theme and target group are the insight's own; the others reach them through links.
    insight_conditions: list[str] = []
    insight_args: list[Any] = []
    if filters.theme is not None:
        insight_conditions.append(
            f"EXISTS (SELECT 1 FROM insight_theme ft WHERE ft.insight = fi.id AND ft.theme = {PH})"
        )
        insight_args.append(filters.theme)
    if filters.target_group:
        insight_conditions.append(f"fi.target_group = {PH}")
        insight_args.append(filters.target_group)
    if insight_conditions:
        where = " AND ".join(insight_conditions)
        if kind == INSIGHT:
            conditions.append(where.replace("fi.", "i."))
        elif kind == EVIDENCE:
            conditions.append(
                "EXISTS (SELECT 1 FROM insight_evidence fie JOIN insight fi ON fi.id = fie.insight "
                f"WHERE fie.evidence = e.id AND {where})"
            )
        else:
            conditions.append(
                "EXISTS (SELECT 1 FROM change_insight fci JOIN insight fi ON fi.id = fci.insight "
                f"WHERE fci.change = c.id AND {where})"
            )
        args.extend(insight_args)
    if filters.source_type:
        if kind == EVIDENCE:
            conditions.append(f"e.source_type = {PH}")
        elif kind == INSIGHT:
            conditions.append(
                "EXISTS (SELECT 1 FROM insight_evidence fse JOIN evidence fe ON fe.id = fse.evidence "
                f"WHERE fse.insight = i.id AND fe.source_type = {PH})"
            )
        else:
            conditions.append(
                "EXISTS (SELECT 1 FROM change_insight fsc "
                "JOIN insight_evidence fse ON fse.insight = fsc.insight "
                f"JOIN evidence fe ON fe.id = fse.evidence WHERE fsc.change = c.id "
                f"AND fe.source_type = {PH})"
            )
        args.append(filters.source_type)
    if project := filters.project_match():
        match, value = project
        if kind == CHANGE:
            conditions.append(f"c.project {match}")
            args.append(value)
        elif kind == INSIGHT:
            conditions.append(_insight_in_project("i.id", match))
            args.extend([value] * 2)
        else:
            conditions.append(
                f"((e.source_type = 'project' AND e.source_id {match}) OR EXISTS ("
                "SELECT 1 FROM insight_evidence fpe WHERE fpe.evidence = e.id AND "
                f"{_insight_in_project('fpe.insight', match)}))"
            )
            args.extend([value] * 3)
    return conditions, args


def branch(
    kind: str,
    parsed: ParsedQuery,
    filters: SearchFilters,
    postgres: bool,
    exclude: Collection[int] = (),
) -> tuple[str, list[Any]]:
    """SELECT kind, id, rank, stamp for the kind's matching, unarchived records."""
    table, alias, stamp = BASE[kind]
    args: list[Any] = []
    conditions = [f"{alias}.archived_at IS NULL"]
    if parsed.empty:
        source, rank = f"{table} {alias}", "0.0"
    elif postgres:
        document = PG_DOCUMENTS[kind]
        source = f"{table} {alias}, to_tsquery('simple', {PH}) tq"
        args.append(postgres_tsquery(parsed))
        rank = f"ts_rank({document}, tq)"
        conditions.append(f"{document} @@ tq")
    else:
        fts = FTS_TABLES[kind]
        source = f"{fts} JOIN {table} {alias} ON {alias}.id = {fts}.rowid"
        rank = f"-bm25({fts}, {FTS_WEIGHTS[kind]})"
        conditions.append(f"{fts} MATCH {PH}")
        args.append(fts5_query(parsed))
    more, more_args = _filter_sql(kind, filters)
    conditions += more
    args += more_args
    if exclude:
        conditions.append(f"{alias}.id NOT IN ({', '.join(PH for _ in exclude)})")
        args.extend(exclude)
    sql = (
        f"SELECT '{kind}' AS kind, {alias}.id AS id, {rank} AS rank, {stamp} AS stamp "
        f"FROM {source} WHERE {' AND '.join(conditions)}"
    )
    return sql, args


def union_of_kinds(
    parsed: ParsedQuery, filters: SearchFilters, postgres: bool
) -> tuple[str, list[Any]]:
    kinds = [filters.kind] if filters.kind in KINDS else list(KINDS)
    parts = [branch(kind, parsed, filters, postgres) for kind in kinds]
    return " UNION ALL ".join(sql for sql, _ in parts), [a for _, args in parts for a in args]


def placeholders(values: Collection[int]) -> str:
    return ", ".join(PH for _ in values)

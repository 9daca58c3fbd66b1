"""Swedish full-text search across evidence, insights and service changes.

PostgreSQL matches the `swedish` text-search configuration's lexemes (GIN indexes on the same
`to_tsvector('swedish', …)` expressions, ranked with ts_rank); SQLite matches FTS5 tables kept
in step with the base tables by triggers (ranked with bm25). Both are made in the migration
insights_2026_11_23t21_00_00_000000.

The Snowball stemmer leaves Swedish definite forms alone ("skolan" stays "skolan" while "skola"
becomes "skol"), so every typed word is reduced here: the definite ending is removed, the rest
is stemmed, and the result is matched as the beginning of a word (`skol:*`, `"skol"*`). The
stemmer only ever removes endings, so a stem is a beginning of the word, and a prefix match
finds "skola", "skolan", "skolorna" and "skolgården" for either "skola" or "skolan" – on both
databases, since FTS5 indexes the words as written and PostgreSQL their stems.

A query reads like a web search: words must all occur, "a phrase" in quotation marks, `-word`
leaves out records with the word, `eller`/`or` between words accepts either. Snippets are
highlighted here, not in SQL: the text is HTML-escaped and only the matched words are wrapped
in <mark>, so user text can never become markup.

One search is two statements: the ranked page with its total, then the page's records with the
themes and source types of its insights (a third only to count when asked past the last page).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import snowballstemmer
from markupsafe import Markup, escape

from tracker import kinds
from tracker.db import MAX_ID, distinct_values_sql, fetch_rows, is_postgres
from tracker.insights.rules import CHANGE_STATUS_LABELS
from tracker.kinds import SOURCE_LABELS
from tracker.text import clean, like_term
from tracker.web.pagination import Paged

# --- kinds and filters --------------------------------------------------------------------

EVIDENCE = "evidence"
INSIGHT = "insight"
CHANGE = "change"
KINDS = (EVIDENCE, INSIGHT, CHANGE)
KIND_LABELS = {EVIDENCE: "Underlag", INSIGHT: "Insikt", CHANGE: "Förändring"}
# The "Visa" filter's values in the address, in Swedish like the app's other parameters.
KIND_PARAMS = {"underlag": EVIDENCE, "insikter": INSIGHT, "forandringar": CHANGE}
MAX_QUERY_LENGTH = 200
# Each word is a prefix match against every indexed word: a query of a hundred one-letter
# words took 1.5 s, and a two-letter prefix alone (`sk`) about 0.5 s on the N=1 dataset. A
# word must have three letters, and the first eight words are searched.
MAX_SEARCH_WORDS = 8
MIN_WORD_LENGTH = 3
_SOURCE_ORDER = list(SOURCE_LABELS)


def _source_order(source_type: str) -> int:
    return _SOURCE_ORDER.index(source_type) if source_type in _SOURCE_ORDER else len(_SOURCE_ORDER)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What the results are narrowed to; empty values mean "all".

    theme and target_group are the insight's own; evidence matches through the insights it
    backs, a change through the insights it addresses. source_type is evidence.source_type;
    an insight matches through its evidence, a change through its insights' evidence.
    project: a change's project; an insight used in the project or addressed by one of its
    changes; evidence from the project's own research or behind such an insight.
    """

    kind: str = ""  # evidence | insight | change
    theme: int | None = None
    target_group: str = ""
    source_type: str = ""  # dialogue | collaboration | project
    project: int | None = None
    project_name: str = ""  # part of the projects' names, as typed, when there are many

    @property
    def active(self) -> bool:
        return bool(
            self.kind
            or self.theme
            or self.target_group
            or self.source_type
            or self.project
            or self.project_name
        )

    def project_match(self) -> tuple[str, Any] | None:
        """SQL after a project id expression, and its argument: one project or a name search."""
        if self.project is not None:
            return f"= {PH}", self.project
        if self.project_name:
            like = like_term(self.project_name)
            return (
                f"IN (SELECT pn.id FROM project pn WHERE pn.title_search LIKE {PH})",
                f"%{like}%",
            )
        return None


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """The choices the filter form offers (and the only values a filter accepts)."""

    themes: list[tuple[int, str]]
    target_groups: list[str]
    projects: list[tuple[int, str]]  # all ongoing projects, or only the chosen one when many
    many_projects: bool = False  # too many for a list: the form asks for a name instead


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


# --- reading a typed query ------------------------------------------------------------------

# PostgreSQL's Swedish stop words (tsearch_data/swedish.stop): never indexed there, so never
# searched for on either database.
_STOP_WORD_TEXT = """och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom mellan
    sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era
    vilkas"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
# Definite and genitive endings the Snowball stemmer leaves (skolan, huset, kommunens),
# longest first; a word keeps at least three letters.
DEFINITE_ENDINGS: tuple[str, ...]
DEFINITE_ENDINGS = ("arnas", "ornas", "ernas", "arna", "orna", "erna", "ans", "ens", "ets")
DEFINITE_ENDINGS += ("an", "en", "et")
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR_WORDS = frozenset({"or", "eller"})
_STEMMER = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=4096)
def word_prefix(word: str) -> str | None:
    """The beginning every form of a typed word shares ("skolan" → "skol"); None for a stop
    word."""
    lower = word.lower()
    if not lower or lower in STOP_WORDS:
        return None
    base = lower
    for ending in DEFINITE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            base = lower[: -len(ending)]
            break
    # The stemmer only removes endings, so both are beginnings of the word: the shorter wins
    # ("skolan" → "skol" from "skol"; "delaktighet" → "delakt", not "delaktigh" from "delaktigh").
    stems = [s for s in (_STEMMER.stemWord(lower), _STEMMER.stemWord(base)) if s]
    return min((s for s in stems if lower.startswith(s)), key=len, default=base)


Alternative = tuple[str, ...]  # one word, or a phrase of several, as prefixes


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """All groups must match (each group: any of its alternatives); no excluded may match."""

    groups: tuple[tuple[Alternative, ...], ...] = ()
    excluded: tuple[Alternative, ...] = ()
    cut: bool = False  # words after the first MAX_SEARCH_WORDS were left out

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def prefixes(self) -> frozenset[str]:
        """The prefixes to highlight."""
        return frozenset(p for group in self.groups for alt in group for p in alt)


def _alternative(text: str) -> Alternative:
    words = [w for w in _WORD.findall(text) if len(w) >= MIN_WORD_LENGTH][:MAX_SEARCH_WORDS]
    return tuple(p for p in (word_prefix(w) for w in words) if p)


def parse_query(text: str) -> ParsedQuery:
    groups: list[list[Alternative]] = []
    excluded: list[Alternative] = []
    join_next = False
    used, cut = 0, False
    for match in _TOKEN.finditer(clean(text)[:MAX_QUERY_LENGTH]):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() in _OR_WORDS:
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        words = phrase if phrase is not None else bare
        if bare is not None and phrase is None and not minus:
            # A hyphenated or punctuated word is its words, each required.
            alternatives: list[tuple[str, ...]] = [(p,) for p in _alternative(words)]
        else:
            alternatives = [_alternative(words)]
        alternatives = [alt for alt in alternatives if alt]
        if not alternatives:
            continue
        if used + sum(len(alt) for alt in alternatives) > MAX_SEARCH_WORDS:
            cut = True
            break
        used += sum(len(alt) for alt in alternatives)
        if minus:
            excluded.extend(alternatives)
            join_next = False
            continue
        if join_next:
            groups[-1].append(alternatives[0])
            alternatives = alternatives[1:]
            join_next = False
        groups.extend([alt] for alt in alternatives)
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded), cut)


def postgres_tsquery(parsed: ParsedQuery) -> str:
    """A tsquery (for to_tsquery('simple', …)) of prefix lexemes; words are letters only."""

    def alt(a: Alternative) -> str:
        return " <-> ".join(f"'{p}':*" for p in a) if len(a) > 1 else f"'{a[0]}':*"

    parts = ["(" + " | ".join(f"({alt(a)})" for a in group) + ")" for group in parsed.groups]
    parts += [f"!({alt(a)})" for a in parsed.excluded]
    return " & ".join(parts)


def fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression of prefix tokens; words are quoted, so never operators."""

    def alt(a: Alternative) -> str:
        tokens = " ".join(f'"{p}"*' for p in a)
        return f"NEAR({tokens}, 0)" if len(a) > 1 else tokens

    text = " AND ".join("(" + " OR ".join(alt(a) for a in group) + ")" for group in parsed.groups)
    for a in parsed.excluded:
        text = f"({text}) NOT {alt(a)}"
    return text


# --- highlighting -----------------------------------------------------------------------------

SNIPPET_LENGTH = 240


def highlight(text: str, prefixes: Collection[str], length: int | None = None) -> Markup:
    """The text, HTML-escaped, with matched words in <mark>; cut to about `length` characters
    around the first match (with "…" where cut)."""
    matches = [
        m
        for m in _WORD.finditer(text)
        if prefixes and any(m.group().lower().startswith(p) for p in prefixes)
    ]
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = matches[0].start() if matches else 0
        start = max(0, first - length // 3)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    out = [Markup("…")] if start else []
    position = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(text[position : m.start()]))
        out.append(Markup("<mark>%s</mark>") % m.group())
        position = m.end()
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)


# --- SQL ----------------------------------------------------------------------------------------

PH = "{}"  # Piccolo's placeholder
# The documents, exactly as the GIN expression indexes of the migration have them.
PG_DOCUMENTS = {
    EVIDENCE: "(setweight(to_tsvector('swedish', e.text), 'A') || "
    "setweight(to_tsvector('swedish', e.speaker_category), 'B'))",
    INSIGHT: "(setweight(to_tsvector('swedish', i.statement), 'A') || "
    "setweight(to_tsvector('swedish', i.target_group), 'B'))",
    CHANGE: "(setweight(to_tsvector('swedish', c.title), 'A') || "
    "setweight(to_tsvector('swedish', c.description), 'B') || "
    "setweight(to_tsvector('swedish', c.closed_reason), 'C'))",
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


def _branch(
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


def _union(parsed: ParsedQuery, filters: SearchFilters, postgres: bool) -> tuple[str, list[Any]]:
    kinds = [filters.kind] if filters.kind in KINDS else list(KINDS)
    parts = [_branch(kind, parsed, filters, postgres) for kind in kinds]
    return " UNION ALL ".join(sql for sql, _ in parts), [a for _, args in parts for a in args]


def _placeholders(values: Collection[int]) -> str:
    return ", ".join(PH for _ in values)


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
            "COALESCE(d.title, co.title, p.title, '') AS source_title, '' AS status "
            "FROM evidence e "
            "LEFT JOIN dialogue d ON e.source_type = 'dialogue' AND d.id = e.source_id "
            "LEFT JOIN collaboration co ON e.source_type = 'collaboration' "
            "AND co.id = e.source_id "
            "LEFT JOIN project p ON e.source_type = 'project' AND p.id = e.source_id "
            f"WHERE e.id IN ({_placeholders(ids[EVIDENCE])})"
        )
        args += ids[EVIDENCE]
    if ids.get(INSIGHT):
        marks = _placeholders(ids[INSIGHT])
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
            f"JOIN project p ON p.id = c.project WHERE c.id IN ({_placeholders(ids[CHANGE])})"
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
    union, args = _union(parsed, filters, is_postgres())
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
    sql, args = _branch(INSIGHT, parsed, SearchFilters(), is_postgres(), wanted)
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
        f"SELECT id, statement, target_group FROM insight WHERE id IN ({_placeholders(ids)})",
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


# --- the filter form ----------------------------------------------------------------------------


PROJECT_LIST_LIMIT = 50  # more ongoing projects than this: the form asks for a name


async def filter_options(chosen_project: str = "") -> FilterOptions:
    """Themes, target groups and projects to choose from: one statement.

    Projects are listed when there are at most PROJECT_LIST_LIMIT; otherwise only the chosen
    one (so a link naming a project still works) and the form asks for part of a name.
    """
    chosen = int(chosen_project) if chosen_project.isdigit() else 0
    rows = await fetch_rows(
        "SELECT 'theme' AS kind, id, name AS label, name_sort AS sort FROM theme "
        "UNION ALL SELECT 'group', 0, v, v FROM ("
        + distinct_values_sql("insight", "target_group", live_only=True)
        + ") target_groups "
        "UNION ALL SELECT 'project', id, title, title_sort FROM project WHERE archived_at IS NULL "
        "AND (id IN (SELECT lp.id FROM project lp WHERE lp.archived_at IS NULL "
        f"ORDER BY lp.title_sort LIMIT {PROJECT_LIST_LIMIT + 1}) OR id = {PH}) "
        "ORDER BY 1, 4, 2",
        chosen if 0 < chosen <= MAX_ID else 0,
    )
    projects = [(row["id"], row["label"]) for row in rows if row["kind"] == "project"]
    many = len([p for p in projects if p[0] != chosen]) > PROJECT_LIST_LIMIT
    return FilterOptions(
        themes=[(row["id"], row["label"]) for row in rows if row["kind"] == "theme"],
        target_groups=[row["label"] for row in rows if row["kind"] == "group"],
        projects=[p for p in projects if p[0] == chosen] if many else projects,
        many_projects=many,
    )


def _choice_id(raw: str, choices: Collection[int]) -> tuple[int | None, bool]:
    """(the id, whether it was refused): an id only if it is one of the choices."""
    if not raw:
        return None, False
    try:
        number = int(raw)
    except ValueError:
        return None, True
    return (number, False) if number in choices else (None, True)


def read_search_filters(
    params: Mapping[str, str], options: FilterOptions
) -> tuple[SearchFilters, list[str]]:
    """The filters from the query string, and a message for each value that was left out
    (a theme or project that does not exist, an unknown kind …) – never an error page."""
    notices: list[str] = []
    kind_raw = params.get("visa", "").strip()
    kind = KIND_PARAMS.get(kind_raw, "")
    if kind_raw and not kind:
        notices.append("Det valda slaget av poster finns inte. Alla slag visas.")
    theme, refused = _choice_id(params.get("tema", "").strip(), {t for t, _ in options.themes})
    if refused:
        notices.append("Det valda temat finns inte. Filtret används inte.")
    project, refused = _choice_id(
        params.get("projekt", "").strip(), {p for p, _ in options.projects}
    )
    if refused:
        notices.append("Det valda projektet finns inte. Filtret används inte.")
    project_name = " ".join(clean(params.get("projektnamn", "")).split())
    if project is not None or not options.many_projects:
        project_name = ""
    source = params.get("kalla", "").strip()
    if source and source not in SOURCE_LABELS:
        notices.append("Den valda källan finns inte. Filtret används inte.")
        source = ""
    group = clean(params.get("malgrupp", "")).strip()[:200]
    if group and group not in options.target_groups:
        notices.append("Ingen insikt har den valda målgruppen. Filtret används inte.")
        group = ""
    return (
        SearchFilters(
            kind=kind,
            theme=theme,
            target_group=group,
            source_type=str(source),
            project=project,
            project_name=project_name[:200],
        ),
        notices,
    )

"""What the chain's pages show: reads only, each a fixed number of queries at any data size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.db import distinct_values, fetch_rows
from tracker.insights import counting
from tracker.insights.tables import Insight, Theme
from tracker.insights.trails import SOURCE_COLUMNS, SOURCE_JOINS, trail_from_source
from tracker.kinds import KINDS
from tracker.text import search_form
from tracker.web.http import record_id
from tracker.web.pagination import PAGE_SIZE, Page


@dataclass(slots=True)
class Capture:
    """A source's evidence and the insights drawn from it, for its capture section."""

    source_type: str
    source_id: int
    evidence: list[dict[str, Any]] = field(default_factory=list)
    insights: list[dict[str, Any]] = field(default_factory=list)
    base: str = ""  # where its forms post, when not under the source's own page

    @property
    def base_url(self) -> str:
        return self.base or KINDS[self.source_type].url(self.source_id) or ""

    @property
    def page_url(self) -> str:
        """The source's own page (a test's, where its forms post under its project's)."""
        return KINDS[self.source_type].url(self.source_id) or self.base_url


async def capture(source_type: str, source_id: int, base: str = "") -> Capture:
    """Two queries: the source's evidence (newest first) and the insights drawn from it."""
    evidence = await fetch_rows(
        "SELECT e.id, e.text, e.speaker_category, e.internal, e.created_at, e.created_by, "
        "(SELECT COUNT(*) FROM insight_evidence ie WHERE ie.evidence = e.id) AS insight_count "
        "FROM evidence e WHERE e.source_type = {} AND e.source_id = {} AND e.archived_at IS NULL "
        "ORDER BY e.id DESC",
        source_type,
        source_id,
    )
    insights = await fetch_rows(
        "SELECT i.id, i.statement, i.target_group, COUNT(*) AS evidence_count FROM insight i "
        "JOIN insight_evidence ie ON ie.insight = i.id JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = {} AND e.source_id = {} "
        f"AND {counting.live('i')} AND {counting.live('e')} "
        "GROUP BY i.id, i.statement, i.target_group ORDER BY i.id DESC",
        source_type,
        source_id,
    )
    return Capture(source_type, source_id, evidence, insights, base)


@dataclass(slots=True)
class InsightDetail:
    insight: dict[str, Any]
    themes: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    changes: list[dict[str, Any]]


async def insight_detail(insight_id: int) -> InsightDetail | None:
    """The insight, the evidence and sources behind it, and the projects and changes it led to:
    five queries."""
    insight = await Insight.select().where(Insight.id == insight_id).first()
    if insight is None:
        return None
    themes = await fetch_rows(
        "SELECT t.id, t.name FROM theme t JOIN insight_theme it ON it.theme = t.id "
        "WHERE it.insight = {} ORDER BY t.name_sort",
        insight_id,
    )
    evidence = await fetch_rows(
        f"SELECT e.id, e.text, e.speaker_category, e.internal, e.source_type, e.source_id, "
        f"ie.linked_at, ie.linked_by, {SOURCE_COLUMNS} FROM evidence e {SOURCE_JOINS} "
        "JOIN insight_evidence ie ON ie.evidence = e.id WHERE ie.insight = {} ORDER BY e.id",
        insight_id,
    )
    projects = await fetch_rows(
        "SELECT p.id, p.title, p.current_step, u.linked_at, u.linked_by FROM project p "
        "JOIN insight_use u ON u.project = p.id WHERE u.insight = {} "
        f"AND {counting.live('p')} ORDER BY p.title_sort",
        insight_id,
    )
    changes = await fetch_rows(
        "SELECT c.id, c.title, c.status, c.status_on, c.project, p.title AS project_title, "
        "ci.strength FROM service_change c JOIN change_insight ci ON ci.change = c.id "
        "JOIN project p ON p.id = c.project WHERE ci.insight = {} "
        f"AND {counting.live_change('c')} ORDER BY ci.strength DESC, c.id",
        insight_id,
    )
    return InsightDetail(insight, themes, evidence, projects, changes)


@dataclass(slots=True)
class ProjectChain:
    insights: list[dict[str, Any]]
    changes: list[dict[str, Any]]


async def project_chain(project_id: int) -> ProjectChain:
    """The insights a project uses and its service changes: two queries."""
    insights = await fetch_rows(
        "SELECT i.id, i.statement, i.target_group, u.linked_at, u.linked_by, "
        "(SELECT COUNT(*) FROM insight_evidence ie WHERE ie.insight = i.id) AS evidence_count "
        "FROM insight i JOIN insight_use u ON u.insight = i.id WHERE u.project = {} "
        "ORDER BY u.linked_at DESC, i.id DESC",
        project_id,
    )
    changes = await fetch_rows(
        "SELECT c.id, c.title, c.status, c.status_on, "
        "(SELECT COUNT(*) FROM change_insight ci WHERE ci.change = c.id) AS insight_count "
        "FROM service_change c WHERE c.project = {} AND c.archived_at IS NULL ORDER BY c.id",
        project_id,
    )
    return ProjectChain(insights, changes)


@dataclass(frozen=True, slots=True)
class InsightFilters:
    q: str = ""
    theme: int | None = None
    target_group: str = ""


def read_insight_filters(params: Mapping[str, str]) -> InsightFilters:
    """The insight register's filters from the query string (the page's and the export's)."""
    return InsightFilters(
        q=params.get("q", "").strip()[:200],
        theme=record_id(params.get("tema", "")),
        target_group=params.get("malgrupp", "").strip()[:200],
    )


# The columns of the insight register's rows (its page and its export), before FROM insight i.
INSIGHT_LIST_SELECT = (
    "SELECT i.id, i.statement, i.target_group, i.updated_at, "
    "(SELECT COUNT(*) FROM insight_evidence ie WHERE ie.insight = i.id) AS evidence_count, "
    "(SELECT COUNT(*) FROM insight_use u WHERE u.insight = i.id) AS project_count, "
    "(SELECT COUNT(*) FROM change_insight ci WHERE ci.insight = i.id) AS change_count "
)


def insight_condition(filters: InsightFilters) -> tuple[str, list[Any]]:
    """The insight register's WHERE condition on `insight i` and its arguments, the same for
    its page and its export: not archived, and the filters chosen."""
    where = ["i.archived_at IS NULL"]
    args: list[Any] = []
    if filters.q:
        where.append("i.statement_search LIKE {}")
        args.append(f"%{search_form(filters.q)}%")
    if filters.theme is not None:
        where.append(
            "EXISTS (SELECT 1 FROM insight_theme it WHERE it.insight = i.id AND it.theme = {})"
        )
        args.append(filters.theme)
    if filters.target_group:
        where.append("i.target_group = {}")
        args.append(filters.target_group)
    return " AND ".join(where), args


async def list_insights(filters: InsightFilters, page: int) -> Page:
    """The insight register: newest first, filtered by words, theme and target group."""
    condition, args = insight_condition(filters)
    total = (await fetch_rows(f"SELECT COUNT(*) AS n FROM insight i WHERE {condition}", *args))[0][
        "n"
    ]
    offset = (page - 1) * PAGE_SIZE
    rows = await fetch_rows(
        f"{INSIGHT_LIST_SELECT}FROM insight i WHERE {condition} "
        "ORDER BY i.updated_at DESC, i.id DESC "
        f"LIMIT {PAGE_SIZE} OFFSET {offset}",
        *args,
    )
    return Page(rows=rows, total=int(total), number=page, size=PAGE_SIZE)


async def theme_choices() -> list[dict[str, Any]]:
    return await Theme.select(Theme.id, Theme.name).order_by(Theme.name_sort)


async def target_groups() -> list[str]:
    return await distinct_values("insight", "target_group", live_only=True)


@dataclass(frozen=True, slots=True)
class Picker:
    query: str
    options: list[dict[str, Any]]
    heading: str = ""  # the legend above the options; "" for the default wording


async def picker(query: str, exclude: list[int], limit: int = 10) -> Picker:
    """Insights to choose from: the best matches for the words typed (Swedish full-text
    search, so "skolan" finds "skola"), else the latest; at most two queries."""
    from tracker.insights.search.results import find_insights

    query = query.strip()[:200]
    return Picker(query, await find_insights(query, limit, exclude))


async def project_first_picker(
    query: str, exclude: list[int], project_id: int, limit: int = 10
) -> Picker:
    """For a service change: the insights its project already uses come first; without words
    typed only they are offered (the rest is found by searching), and with words the matches
    the project uses lead. Three queries at most."""
    used = [
        row
        for row in await fetch_rows(
            "SELECT i.id, i.statement, i.target_group FROM insight_use u "
            "JOIN insight i ON i.id = u.insight "
            "WHERE u.project = {} AND i.archived_at IS NULL ORDER BY i.statement, i.id",
            project_id,
        )
        if row["id"] not in exclude
    ]
    if query.strip():
        found = await picker(query, exclude, limit)
        ids = {row["id"] for row in used}
        options = sorted(found.options, key=lambda row: row["id"] not in ids)  # stable
        return Picker(found.query, options)
    if not used:
        return await picker(query, exclude, limit)
    heading = "Insikter som projektet använder (sök för att hitta andra)"
    return Picker("", used, heading)


USE_TARGETS = 20  # projects offered on an insight's page; more are found from the project


async def use_targets(user: Principal | None, insight_id: int) -> list[dict[str, Any]]:
    """The projects the user may put the insight to use in: ongoing, not archived, not using it
    yet; an editor's own projects, every project for an administrator (one query)."""
    if user is None:
        return []
    mine = (
        ""
        if user.is_admin
        else (
            "AND p.id IN (SELECT record_id FROM membership WHERE record_type = 'project' "
            "AND account = {})"
        )
    )
    args: list[Any] = [] if user.is_admin else [user.id]
    return await fetch_rows(
        "SELECT p.id, p.title FROM project p WHERE p.archived_at IS NULL "
        f"AND p.status = 'ongoing' {mine} "
        "AND p.id NOT IN (SELECT project FROM insight_use WHERE insight = {}) "
        f"ORDER BY p.title_sort, p.id LIMIT {USE_TARGETS}",
        *args,
        insight_id,
    )


@dataclass(slots=True)
class InsightBranch:
    """One insight drawn from a source, and where it went."""

    insight: dict[str, Any]
    evidence: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    changes: list[dict[str, Any]]


@dataclass(slots=True)
class SourceTrail:
    source: dict[str, Any]
    evidence: list[dict[str, Any]]
    branches: list[InsightBranch]
    feedback: list[dict[str, Any]]  # feedback to residents, with the changes it named

    @property
    def reported_changes(self) -> set[int]:
        return {change for row in self.feedback for change in row["changes"]}


SOURCE_TABLES = {"dialogue": "dialogue", "collaboration": "collaboration"}


async def source_trail(source_type: str, source_id: int) -> SourceTrail | None:
    """Everything that came of a dialogue or a collaboration: seven queries at any depth."""
    levels = (
        "level_promised, level_achieved, state"
        if source_type == "dialogue"
        else "NULL AS level_promised, NULL AS level_achieved, status AS state"
    )
    found = await fetch_rows(
        f"SELECT id, title, {levels} FROM {SOURCE_TABLES[source_type]} WHERE id = {{}}",
        source_id,
    )
    if not found:
        return None
    trail = await trail_from_source(source_type, source_id)
    pairs = await fetch_rows(
        "SELECT ie.insight, ie.evidence FROM insight_evidence ie "
        "JOIN evidence e ON e.id = ie.evidence WHERE e.source_type = {} AND e.source_id = {}",
        source_type,
        source_id,
    )
    feedback: list[dict[str, Any]] = []
    if source_type == "dialogue":
        rows = await fetch_rows(
            "SELECT f.id, f.given_on, f.channel, f.text, fc.change FROM dialogue_feedback f "
            "LEFT JOIN feedback_change fc ON fc.feedback = f.id "
            "WHERE f.dialogue = {} AND f.audience = 'residents' ORDER BY f.given_on, f.id",
            source_id,
        )
        by_id: dict[int, dict[str, Any]] = {}
        for row in rows:
            entry = by_id.setdefault(row["id"], {**row, "changes": []})
            if row["change"] is not None:
                entry["changes"].append(row["change"])
        feedback = list(by_id.values())
    evidence_by_id = {row["id"]: row for row in trail.evidence}
    branches = []
    for insight in trail.insights:
        branches.append(
            InsightBranch(
                insight=insight,
                evidence=[
                    evidence_by_id[pair["evidence"]]
                    for pair in pairs
                    if pair["insight"] == insight["id"] and pair["evidence"] in evidence_by_id
                ],
                projects=[row for row in trail.projects if row["insight"] == insight["id"]],
                changes=[row for row in trail.changes if row["insight"] == insight["id"]],
            )
        )
    return SourceTrail(found[0], trail.evidence, branches, feedback)


async def membership_records(sources: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The records whose members may change what the sources back: each source itself, or
    for a source with no members of its own (a test) the project it belongs to. One query per
    such kind of source."""
    records = [(kind, key) for kind, key in sources if not _members_via(kind)]
    for kind in sorted({kind for kind, _ in sources if _members_via(kind)}):
        ids = sorted({key for other, key in sources if other == kind})
        marks = ", ".join("{}" for _ in ids)
        rows = await fetch_rows(
            f"SELECT DISTINCT {_members_via(kind)} AS owner FROM {KINDS[kind].table} "
            f"WHERE id IN ({marks})",
            *ids,
        )
        records += [("project", int(row["owner"])) for row in rows]
    return records


def _members_via(kind: str) -> str | None:
    found = KINDS.get(kind)
    return found.members_via if found else None

"""What search results can be narrowed to: the kinds of record, the filters read from the
query string, and the choices the filter form offers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.db import MAX_ID, distinct_values_sql, fetch_rows
from tracker.kinds import SOURCE_LABELS
from tracker.text import clean, like_term

EVIDENCE = "evidence"
INSIGHT = "insight"
CHANGE = "change"
KINDS = (EVIDENCE, INSIGHT, CHANGE)
KIND_LABELS = {EVIDENCE: "Underlag", INSIGHT: "Insikt", CHANGE: "Förändring"}
# The "Visa" filter's values in the address, in Swedish like the app's other parameters.
KIND_PARAMS = {"underlag": EVIDENCE, "insikter": INSIGHT, "forandringar": CHANGE}
PH = "{}"  # Piccolo's placeholder


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

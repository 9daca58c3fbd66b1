"""What the design pages read: a few queries per page, whatever the amount of data."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from tracker.db import MAX_ID, fetch_rows
from tracker.design.rules import hypothesis_sentence

HYPOTHESIS_COLUMNS = (
    "h.id, h.project, h.if_we, h.outcome, h.because, h.version, h.created_at, h.created_by, "
    "h.archived_at"
)
VERSION_COLUMNS = (
    "v.id, v.prototype, v.number, v.description, v.made_on, v.url, v.image_type, v.image_alt, "
    "v.image_width, v.image_height, v.created_at, v.created_by"
)
TEST_COLUMNS = (
    "t.id, t.project, t.step, t.prototype_version, t.method, t.tested_on, t.target_group, "
    "t.participants, t.observations, t.decision, t.version, t.created_at, t.created_by, "
    "t.archived_at"
)


def _valid(record_id: int) -> bool:
    return 0 < record_id <= MAX_ID


def _with_sentence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["sentence"] = hypothesis_sentence(row["if_we"], row["outcome"], row["because"])
    return rows


async def project_insights(project_id: int) -> list[dict[str, Any]]:
    """The insights a hypothesis of the project may rest on: those the project uses and those
    from its own research, newest first."""
    return await fetch_rows(
        "SELECT i.id, i.statement FROM insight i WHERE i.archived_at IS NULL AND ("
        "i.id IN (SELECT u.insight FROM insight_use u WHERE u.project = {}) OR "
        "i.id IN (SELECT ie.insight FROM insight_evidence ie JOIN evidence e ON e.id = ie.evidence "
        "WHERE e.source_type = 'project' AND e.source_id = {})) ORDER BY i.id DESC",
        project_id,
        project_id,
    )


async def hypotheses_of(project_id: int, test_id: int = 0) -> list[dict[str, Any]]:
    """The project's hypotheses in order, each with the insights it rests on: two queries.
    With `test_id`, also the archived ones that test has a result for (its edit form keeps
    them)."""
    rows = _with_sentence(
        await fetch_rows(
            f"SELECT {HYPOTHESIS_COLUMNS} FROM hypothesis h WHERE h.project = {{}} AND "
            "(h.archived_at IS NULL OR h.id IN (SELECT r.hypothesis FROM test_result r "
            "WHERE r.test = {})) ORDER BY h.id",
            project_id,
            test_id,
        )
    )
    links = await fetch_rows(
        "SELECT hi.hypothesis, i.id, i.statement FROM hypothesis_insight hi "
        "JOIN insight i ON i.id = hi.insight JOIN hypothesis h ON h.id = hi.hypothesis "
        "WHERE h.project = {} ORDER BY i.id",
        project_id,
    )
    for row in rows:
        row["insights"] = [link for link in links if link["hypothesis"] == row["id"]]
    return rows


async def hypothesis_of(project_id: int, hypothesis_id: int) -> dict[str, Any] | None:
    if not _valid(hypothesis_id):
        return None
    rows = await fetch_rows(
        f"SELECT {HYPOTHESIS_COLUMNS} FROM hypothesis h "
        "WHERE h.id = {} AND h.project = {} AND h.archived_at IS NULL",
        hypothesis_id,
        project_id,
    )
    return _with_sentence(rows)[0] if rows else None


async def versions_of_project(project_id: int, test_id: int = 0) -> list[dict[str, Any]]:
    """Every version of the project's live prototypes, with the prototype's name: one query.
    With `test_id`, also the version that test used if its prototype is archived."""
    return await fetch_rows(
        f"SELECT {VERSION_COLUMNS}, p.name AS prototype_name FROM prototype_version v "
        "JOIN prototype p ON p.id = v.prototype WHERE p.project = {} AND (p.archived_at IS NULL "
        "OR v.id IN (SELECT t.prototype_version FROM design_test t WHERE t.id = {})) "
        "ORDER BY p.id, v.number",
        project_id,
        test_id,
    )


@dataclass(slots=True)
class DesignOverview:
    hypotheses: list[dict[str, Any]]
    prototypes: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    results: dict[int, dict[int, str]] = field(default_factory=dict)  # test → hypothesis → result

    @property
    def versions(self) -> list[dict[str, Any]]:
        return [version for prototype in self.prototypes for version in prototype["versions"]]


async def prototypes_of(project_id: int) -> list[dict[str, Any]]:
    """The project's prototypes, each with its versions (newest last): two queries."""
    prototypes = await fetch_rows(
        "SELECT p.id, p.name, p.description FROM prototype p "
        "WHERE p.project = {} AND p.archived_at IS NULL ORDER BY p.id",
        project_id,
    )
    versions = await versions_of_project(project_id)
    for prototype in prototypes:
        prototype["versions"] = [v for v in versions if v["prototype"] == prototype["id"]]
    return prototypes


async def tests_of(project_id: int) -> tuple[list[dict[str, Any]], dict[int, dict[int, str]]]:
    """The project's tests, newest first, and each one's result per hypothesis: two queries."""
    tests = await fetch_rows(
        f"SELECT {TEST_COLUMNS}, v.number AS version_number, p.name AS prototype_name, "
        "p.id AS prototype_id FROM design_test t "
        "JOIN prototype_version v ON v.id = t.prototype_version "
        "JOIN prototype p ON p.id = v.prototype "
        "WHERE t.project = {} AND t.archived_at IS NULL ORDER BY t.tested_on DESC, t.id DESC",
        project_id,
    )
    rows = await fetch_rows(
        "SELECT r.test, r.hypothesis, r.result FROM test_result r "
        "JOIN design_test t ON t.id = r.test WHERE t.project = {} ORDER BY r.hypothesis",
        project_id,
    )
    results: dict[int, dict[int, str]] = {}
    for row in rows:
        results.setdefault(row["test"], {})[row["hypothesis"]] = row["result"]
    return tests, results


async def design_overview(project_id: int) -> DesignOverview:
    tests, results = await tests_of(project_id)
    return DesignOverview(
        await hypotheses_of(project_id), await prototypes_of(project_id), tests, results
    )


async def prototype_page(prototype_id: int) -> dict[str, Any] | None:
    """A prototype (archived too) with its project's title and its versions: two queries."""
    if not _valid(prototype_id):
        return None
    rows = await fetch_rows(
        "SELECT p.id, p.project, p.name, p.description, p.created_at, p.created_by, p.version, "
        "p.archived_at, pr.title AS project_title, pr.start_date AS project_start FROM prototype p "
        "JOIN project pr ON pr.id = p.project WHERE p.id = {}",
        prototype_id,
    )
    if not rows:
        return None
    prototype = rows[0]
    prototype["versions"] = await fetch_rows(
        f"SELECT {VERSION_COLUMNS}, "
        "(SELECT COUNT(*) FROM design_test t WHERE t.prototype_version = v.id "
        "AND t.archived_at IS NULL) AS test_count "
        "FROM prototype_version v WHERE v.prototype = {} ORDER BY v.number DESC",
        prototype_id,
    )
    return prototype


async def prototype_of(project_id: int, prototype_id: int) -> dict[str, Any] | None:
    page = await prototype_page(prototype_id)
    return page if page and page["project"] == project_id else None


async def test_page(test_id: int) -> dict[str, Any] | None:
    """A test (archived too) with its project, prototype version and results: two queries."""
    if not _valid(test_id):
        return None
    rows = await fetch_rows(
        f"SELECT {TEST_COLUMNS}, v.number AS version_number, v.description AS version_description, "
        "p.name AS prototype_name, p.id AS prototype_id, pr.title AS project_title, "
        "pr.start_date AS project_start, pr.current_step AS project_step "
        "FROM design_test t JOIN prototype_version v ON v.id = t.prototype_version "
        "JOIN prototype p ON p.id = v.prototype JOIN project pr ON pr.id = t.project "
        "WHERE t.id = {}",
        test_id,
    )
    if not rows:
        return None
    test = rows[0]
    test["results"] = _with_sentence(
        await fetch_rows(
            f"SELECT r.result, {HYPOTHESIS_COLUMNS} FROM test_result r "
            "JOIN hypothesis h ON h.id = r.hypothesis WHERE r.test = {} ORDER BY h.id",
            test_id,
        )
    )
    return test


async def test_of(project_id: int, test_id: int) -> dict[str, Any] | None:
    test = await test_page(test_id)
    return test if test and test["project"] == project_id else None


async def image(version_id: int) -> tuple[bytes, str] | None:
    """A version's stored image and its media type."""
    if not _valid(version_id):
        return None
    rows = await fetch_rows(
        "SELECT i.data, v.image_type FROM prototype_image i "
        "JOIN prototype_version v ON v.id = i.version WHERE v.id = {}",
        version_id,
    )
    if not rows:
        return None
    return base64.b64decode(rows[0]["data"]), rows[0]["image_type"]


GALLERY_SQL = (
    f"SELECT {VERSION_COLUMNS}, p.name AS prototype_name FROM prototype_version v "
    "JOIN prototype p ON p.id = v.prototype WHERE p.project = {} AND p.archived_at IS NULL "
    "AND v.number = (SELECT MAX(v2.number) FROM prototype_version v2 WHERE v2.prototype = p.id)"
)


async def gallery(project_id: int) -> list[dict[str, Any]]:
    """The newest version of each of the project's prototypes, for the project's page."""
    return await fetch_rows(GALLERY_SQL + " ORDER BY p.id", project_id)


async def archived_of(project_id: int) -> list[dict[str, Any]]:
    """The project's archived hypotheses, prototypes and tests, newest archived first: one
    query. `kind` is the record kind's key, `title` what names it."""
    return await fetch_rows(
        "SELECT 'hypothesis' AS kind, h.id, h.if_we AS title, h.archived_at FROM hypothesis h "
        "WHERE h.project = {} AND h.archived_at IS NOT NULL UNION ALL "
        "SELECT 'prototype' AS kind, p.id, p.name AS title, p.archived_at FROM prototype p "
        "WHERE p.project = {} AND p.archived_at IS NOT NULL UNION ALL "
        "SELECT 'design_test' AS kind, t.id, t.method AS title, t.archived_at FROM design_test t "
        "WHERE t.project = {} AND t.archived_at IS NOT NULL ORDER BY archived_at DESC, kind, id",
        project_id,
        project_id,
        project_id,
    )

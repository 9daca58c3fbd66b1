"""Whether each frozen report version is still exactly what was frozen.

A frozen version stores its snapshot with its SHA-256, and freezing records the same digest in
the change log (itself a hash chain). A snapshot changed behind the database's guards fails the
first check; one whose stored digest was recomputed too fails the second.
"""

from __future__ import annotations

from tracker.audit.chain import digests_in, logged_digests
from tracker.db import fetch_rows
from tracker.reports.rules import sha256_of
from tracker.reports.tables import ReportVersion

ENTITY = "report"


def problem_of(
    report_id: int, number: int, snapshot: str, stored: str, logged: set[str]
) -> str | None:
    """Why a frozen version is not what was frozen, or None."""
    where = f"Rapport {report_id}, version {number}"
    if not snapshot or sha256_of(snapshot) != stored:
        return f"{where}: innehållet stämmer inte med dess kontrollsumma"
    if stored not in logged:
        return f"{where}: kontrollsumman är inte den som ändringsloggen fick när den fastställdes"
    return None


async def matches_log(version: ReportVersion) -> bool:
    """For the version's page and downloads (before anything made once is served): the content
    has its digest, and the log recorded that digest for this report."""
    rows = await fetch_rows(
        "SELECT entity_id, changes FROM change_log "
        "WHERE entity_type = {} AND action = {} AND entity_id = {}",
        ENTITY,
        "frozen",
        int(version.report),
    )
    return (
        problem_of(
            int(version.report),
            int(version.number),
            version.snapshot,
            version.content_sha256,
            digests_in(rows).get(int(version.report), set()),
        )
        is None
    )


async def broken() -> tuple[int, list[str]]:
    """(frozen versions checked, what is wrong with each one that is not what was frozen)."""
    rows = await fetch_rows(
        "SELECT report, number, snapshot, content_sha256 FROM report_version "
        "WHERE status = 'frozen' ORDER BY report, number"
    )
    logged = await logged_digests(ENTITY, "frozen")
    problems = [
        problem
        for row in rows
        if (
            problem := problem_of(
                int(row["report"]),
                int(row["number"]),
                row["snapshot"],
                row["content_sha256"],
                logged.get(int(row["report"]), set()),
            )
        )
    ]
    return len(rows), problems

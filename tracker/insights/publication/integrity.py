"""Whether each published "Ni sa – vi gjorde" version is still exactly what was published.

Publishing records the version's SHA-256 in the change log (itself a hash chain); `broken`
compares each stored version with it, so a version changed behind the database's guards –
even with a new digest of its own – is named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.audit.chain import logged_digests
from tracker.db import fetch_rows
from tracker.publishing.rules import version_digest as sealed

ENTITY = "dialogue"
FIELDS = (
    "dialogue",
    "number",
    "title",
    "intro",
    "you_said",
    "we_did",
    "not_done",
    "published_on",
    "published_by",
    "approved_by",
)


def version_digest(version: Mapping[str, Any]) -> str:
    """The SHA-256 of a published version's public text and who published it when."""
    return sealed(version, FIELDS)


async def broken() -> tuple[int, list[str], int]:
    """(versions checked, the versions that differ from what was published, versions published
    before digests were logged)."""
    rows = await fetch_rows(
        f"SELECT id, {', '.join(FIELDS)} FROM feedback_page_version ORDER BY dialogue, number"
    )
    logged = await logged_digests(ENTITY, "published")
    problems, unsealed = [], 0
    for row in rows:
        digests = logged.get(int(row["dialogue"]), set())
        if not digests:
            unsealed += 1
        elif version_digest(row) not in digests:
            problems.append(
                f"Ni sa – vi gjorde för dialog {row['dialogue']}, version {row['number']}: "
                "texten är inte den som publicerades (kontrollsumman i ändringsloggen stämmer inte)"
            )
    return len(rows), problems, unsealed

"""Whether each published "Ni sa – vi gjorde" version is still exactly what was published.

Publishing records the version's SHA-256 in the change log (itself a hash chain); `broken`
compares each stored version with it (tracker.publishing.integrity).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.publishing.integrity import broken_versions
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
    return await broken_versions(
        "feedback_page_version",
        FIELDS,
        ENTITY,
        "published",
        version_digest,
        lambda row: f"Ni sa – vi gjorde för dialog {row['dialogue']}, version {row['number']}",
    )

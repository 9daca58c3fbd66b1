"""A frozen version whose stored content was changed behind the database's guards is not served
as PDF or DOCX: the download is refused with the same verdict as the version's page."""

from __future__ import annotations

import httpx
import pytest

from tests.audit.tampering import behind_the_guards
from tests.reports.factories import ACTOR, lists, make_report
from tracker.audit.tables import ChangeLogEntry
from tracker.reports import freezing, services
from tracker.reports.rules import sha256_of


async def _tampered(recompute: bool) -> int:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    forged = version.snapshot.replace(version.frozen_by, "Någon annan").replace("'", "''")
    statements = [f"UPDATE report_version SET snapshot = '{forged}' WHERE id = {version.id}"]
    if recompute:
        digest = sha256_of(forged.replace("''", "'"))
        statements.append(
            f"UPDATE report_version SET content_sha256 = '{digest}' WHERE id = {version.id}"
        )
    await behind_the_guards(*statements)
    return int(report.id)


@pytest.mark.parametrize("recompute", [False, True], ids=["stale digest", "recomputed digest"])
@pytest.mark.parametrize("suffix", ["pdf", "docx"])
async def test_a_tampered_version_is_not_downloaded(
    client: httpx.AsyncClient, suffix: str, recompute: bool
) -> None:
    report_id = await _tampered(recompute)
    entries = await ChangeLogEntry.count()

    response = await client.get(f"/rapporter/{report_id}/versioner/1/rapport.{suffix}")

    assert response.status_code == 409
    assert response.headers["content-type"].startswith("text/html")
    assert "stämmer inte med det sparade innehållet" in response.text
    assert "Någon annan" not in response.text
    assert await ChangeLogEntry.count() == entries


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
async def test_an_untouched_frozen_version_is_still_downloaded(
    client: httpx.AsyncClient, suffix: str
) -> None:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)

    response = await client.get(f"/rapporter/{report.id}/versioner/1/rapport.{suffix}")

    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]

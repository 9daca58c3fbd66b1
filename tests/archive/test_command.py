"""`tracker archive …` writes delivery packages to a folder and records each delivery."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.archive.checks import assert_valid_package
from tests.collaborations.factories import make_collaboration
from tests.commands import run_tracker
from tests.reports.factories import ACTOR, lists, make_report
from tracker import clock
from tracker.archive.tables import Delivery
from tracker.reports import freezing


async def tracker(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    return await run_tracker("archive", *args, stdin=stdin)


@pytest.mark.slow
async def test_a_report_version_and_a_period_from_the_command_line(
    db: None, tmp_path: Path
) -> None:
    march = await make_report()
    with clock.at(datetime(2026, 3, 20, 12, 0, tzinfo=UTC)):
        await freezing.freeze(march, 1, lists(), ACTOR)
    april = await make_report(diarienummer="KS 2026/0007")
    with clock.at(datetime(2026, 4, 2, 12, 0, tzinfo=UTC)):
        await freezing.freeze(april, 1, lists(), ACTOR)

    out = tmp_path / "ut"
    code, stdout, stderr = await tracker(
        "rapport", str(march.id), "version", "1", "--out", str(out)
    )
    assert code == 0, stderr
    package = out / "KS-2024-0123-version-1.zip"
    digest = hashlib.sha256(package.read_bytes()).hexdigest()
    assert f"SHA-256 {digest}" in stdout
    (tmp_path / "check").mkdir()
    assert_valid_package(package.read_bytes(), tmp_path / "check")

    ended = await make_collaboration(
        status="ended", start_date=date(2025, 1, 1), end_date=date(2026, 3, 15), renewal_date=None
    )
    await make_collaboration(status="ended", end_date=date(2026, 4, 15), renewal_date=None)
    period = tmp_path / "mars"
    code, stdout, stderr = await tracker(
        "period", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(period)
    )
    assert code == 0, stderr
    assert sorted(path.name for path in period.iterdir()) == [
        "KS-2024-0123-version-1.zip",
        f"samverkan-{ended.id}.zip",
    ]
    assert "2 paket levererade" in stdout

    rows = await Delivery.select(Delivery.record_id, Delivery.channel, Delivery.delivered_by)
    assert sorted(row["record_id"] for row in rows) == sorted([march.id, march.id, ended.id])
    assert {row["channel"] for row in rows} == {"command"}
    assert all(row["delivered_by"].startswith("Kommandoraden") for row in rows)

    code, _stdout, stderr = await tracker("rapport", "999999", "version", "1", "--out", str(out))
    assert code == 1
    assert "ingen sådan rapport" in stderr

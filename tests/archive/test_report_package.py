"""The delivery package of a frozen report version, checked as an e-archive would."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree

from tests.archive.checks import assert_valid_package, checksum_problems, unpack
from tests.reports.factories import ACTOR, lists, make_report
from tracker.archive import package, report_contents
from tracker.clock import now
from tracker.municipality import load_municipality
from tracker.reports import freezing, services
from tracker.settings import get_settings


async def frozen_report():  # type: ignore[no-untyped-def]
    report = await make_report()
    digest = await freezing.freeze(report, 1, lists(), ACTOR)
    version = await services.get_version(report.id, 1)
    assert version is not None
    return report, version, digest


async def test_a_frozen_version_makes_a_valid_package(db: None, tmp_path: Path) -> None:
    report, version, digest = await frozen_report()
    municipality = load_municipality(get_settings().municipality_file)
    moment = now()
    contents = await report_contents.contents(report, version, municipality, moment)
    built = package.build(contents, moment, report_contents.stem(report, 1))
    root = assert_valid_package(built.data, tmp_path)
    snapshot = root / "representations/rep1/data/KS-2024-0123-version-1.json"
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() == digest
    assert (
        digest in (root / "METS.xml").read_text()
        or digest in (root / "representations/rep1/METS.xml").read_text()
    )


async def test_the_data_validates_against_its_schema_and_tampering_shows(
    db: None, tmp_path: Path
) -> None:
    report, version, _digest = await frozen_report()
    municipality = load_municipality(get_settings().municipality_file)
    moment = now()
    contents = await report_contents.contents(report, version, municipality, moment)
    root = unpack(package.build(contents, moment, "p").data, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(root / "schemas" / "tracker-data.xsd")))
    data = etree.parse(str(root / "representations/rep1/data/KS-2024-0123-version-1-data.xml"))
    assert schema.validate(data), schema.error_log
    csv_text = (root / "representations/rep1/data/KS-2024-0123-version-1-data.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "meta.diarienummer,KS 2024/0123" in csv_text
    # A changed byte no longer matches the checksum METS gives it.
    pdf = root / "representations/rep1/data/KS-2024-0123-version-1.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    changed = "data/KS-2024-0123-version-1.pdf"
    assert checksum_problems(root) == [f"{changed}: checksum", f"{changed}: size"]


async def test_a_draft_is_not_delivered(db: None) -> None:
    report = await make_report()
    version = await services.get_version(report.id, 1)
    assert version is not None
    municipality = load_municipality(get_settings().municipality_file)
    with pytest.raises(report_contents.NotDeliverable):
        await report_contents.contents(report, version, municipality, now())

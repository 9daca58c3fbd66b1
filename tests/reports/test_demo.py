"""The demo report loads from seeds/reports.toml and carries KS 2024-04-22 § 69."""

from __future__ import annotations

from tracker.accounts.permissions import system_actor
from tracker.reports import demo, services
from tracker.reports.tables import Report


async def test_the_demo_report_loads(db: None) -> None:
    assert await demo.load_demo(system_actor("Demodata")) == 1
    report = await Report.objects().first()
    assert report is not None
    assert (report.decision_date.isoformat(), report.decision_paragraph) == ("2024-04-22", "§ 69")
    assert report.followup_date is not None
    version = await services.get_version(report.id, 1)
    assert version is not None and version.status == "draft"
    assert "En gemensam metod för samverkan" in version.actions
    assert "Kommunstyrelsen uppdrog den 22 april 2024 (§ 69)" in version.background

"""Build reports and crafted records for the report tests."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

from tracker.accounts.permissions import Principal, system_actor
from tracker.collaborations.catalogue import load_collaboration_lists
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.phases.catalogue import load_phases
from tracker.reports import services
from tracker.reports.figures import Lists
from tracker.reports.forms import ReportInput
from tracker.reports.tables import Report
from tracker.settings import get_settings

ACTOR = system_actor("Testanvändare")


def lists() -> Lists:
    settings = get_settings()
    return _lists(settings.phases_dir, settings.lists_dir)


@functools.cache
def _lists(phases_dir: Path, lists_dir: Path) -> Lists:
    """Read once per run and folder (about 9 ms a read; the reports' tests ask often)."""
    return Lists(
        load_phases(phases_dir),
        load_dialogue_lists(lists_dir),
        load_collaboration_lists(lists_dir),
    )


def report_input(**overrides: Any) -> ReportInput:
    values: dict[str, Any] = {
        "title": "Återrapportering av medborgardialog, samverkan och tjänstedesign",
        "decision_body": "Kommunstyrelsen",
        "decision_date": date(2024, 4, 22),
        "decision_paragraph": "§ 69",
        "diarienummer": "KS 2024/0123",
        "followup_date": date(2025, 4, 22),
        "followup_paragraph": "§ 58",
        "period_start": date(2025, 4, 22),
        "period_end": date(2026, 3, 31),
        "report_date": date(2026, 3, 20),
        "handlaggare": "Utvecklingsstrateg, kommunledningskontoret",
        "signatories": "Kommundirektör",
    }
    values.update(overrides)
    return ReportInput(**values)


def report_form(**overrides: str) -> dict[str, str]:
    values = {
        "title": "Återrapportering av medborgardialog, samverkan och tjänstedesign",
        "decision_body": "Kommunstyrelsen",
        "decision_date": "2024-04-22",
        "decision_paragraph": "§ 69",
        "diarienummer": "KS 2024/0123",
        "followup_date": "2025-04-22",
        "followup_paragraph": "§ 58",
        "period_start": "2025-04-22",
        "period_end": "2026-03-31",
        "report_date": "2026-03-20",
        "handlaggare": "Utvecklingsstrateg, kommunledningskontoret",
        "signatories": "Kommundirektör",
    }
    values.update(overrides)
    return values


async def make_report(actor: Principal = ACTOR, **overrides: Any) -> Report:
    return await services.create_report(report_input(**overrides), lists(), actor)

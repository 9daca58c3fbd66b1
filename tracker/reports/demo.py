"""Load the report-back's demo data (seeds/reports.toml) through the report services."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.clock import at, swedish_moment
from tracker.collaborations.catalogue import load_collaboration_lists
from tracker.dialogues.catalogue import load_dialogue_lists
from tracker.phases.catalogue import load_phases
from tracker.reports import freezing, services
from tracker.reports.figures import Lists
from tracker.reports.forms import read_report_form
from tracker.reports.rules import PARTS
from tracker.settings import REPO_ROOT, get_settings

DEMO_FILE = REPO_ROOT / "seeds" / "reports.toml"


class ReportSeedError(ValueError):
    pass


def _lists() -> Lists:
    settings = get_settings()
    return Lists(
        load_phases(settings.phases_dir),
        load_dialogue_lists(settings.lists_dir),
        load_collaboration_lists(settings.lists_dir),
    )


def read_demo(path: Path = DEMO_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def load_demo(actor: Principal, path: Path = DEMO_FILE) -> int:
    """Create each report in the file with its drafted version 1; returns how many."""
    data = read_demo(path)
    lists = _lists()
    count = 0
    for record in data.get("reports", []):
        raw = {
            key: value.isoformat() if isinstance(value, date) else str(value).strip()
            for key, value in record.items()
            if key not in ("narrative", "created_at", "freeze")
        }
        report_input, fields = read_report_form(raw)
        if report_input is None:
            raise ReportSeedError(f"{path.name}: {fields.errors}")
        with at(swedish_moment(record.get("created_at", report_input.report_date))):
            report = await services.create_report(report_input, lists, actor)
            narrative = record.get("narrative", {})
            unknown = set(narrative) - set(PARTS)
            if unknown:
                raise ReportSeedError(f"{path.name}: okända textdelar {sorted(unknown)}")
            if narrative:
                version = await services.get_version(report.id, 1)
                assert version is not None
                texts = services.narrative_of(version) | {
                    key: str(value).strip() for key, value in narrative.items()
                }
                await services.update_draft(report, 1, report_input, texts, actor)
            if record.get("freeze"):
                await freezing.freeze(report, 1, lists, actor)
        count += 1
    return count

"""`tracker archive …`: deliveries from the command line, written as ZIP files to a folder.

    tracker archive rapport 12 version 2 --out leveranser/
    tracker archive period --from 2026-01-01 --to 2026-03-31 --out leveranser/

A period delivers everything finished in it: report versions frozen in it, dialogues that are
Återkopplade and collaborations' end dates in it, and projects Införda or Avslutade whose last
change falls in it. Each delivery is recorded like one from the web page, by
"Kommandoraden (<user>)"."""

from __future__ import annotations

import getpass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tracker.accounts.permissions import Principal, system_actor
from tracker.archive import services
from tracker.archive.record_contents import KINDS, Kind
from tracker.clock import SWEDISH_TIME
from tracker.collaborations.tables import Collaboration
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue
from tracker.kinds import COLLABORATION, DIALOGUE, PROJECT
from tracker.municipality import load_municipality
from tracker.projects.rules import ProjectStatus
from tracker.projects.tables import Project
from tracker.reports.rules import Status
from tracker.reports.tables import ReportVersion
from tracker.settings import get_settings


def actor() -> Principal:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        user = "okänd användare"
    return system_actor(f"Kommandoraden ({user})")


def _write(out: Path, name: str, data: bytes) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_bytes(data)
    return path


async def deliver_report(report_id: int, number: int, out: Path) -> list[str]:
    """Lines to print: the file written and its checksum."""
    municipality = load_municipality(get_settings().municipality_file)
    built = await services.deliver_report(report_id, number, municipality, actor(), "command")
    path = _write(out, built.file_name, built.data)
    return [f"{path}  SHA-256 {built.sha256}"]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last day, whole days in Swedish time (as UTC, as stored)."""
    return (
        datetime.combine(start, time(), SWEDISH_TIME).astimezone(UTC),
        datetime.combine(end + timedelta(days=1), time(), SWEDISH_TIME).astimezone(UTC),
    )


async def _finished_records(start: date, end: date) -> list[tuple[Kind, int]]:
    low, high = _bounds(start, end)
    found: list[tuple[Kind, int]] = []
    dialogues = await Dialogue.select(Dialogue.id).where(
        (Dialogue.state == State.FED_BACK)
        & (Dialogue.updated_at >= low)
        & (Dialogue.updated_at < high)
    )
    found += [(KINDS[DIALOGUE.key], row["id"]) for row in dialogues]
    collaborations = await Collaboration.select(Collaboration.id).where(
        (Collaboration.status == "ended")
        & (Collaboration.end_date >= start)
        & (Collaboration.end_date <= end)
    )
    found += [(KINDS[COLLABORATION.key], row["id"]) for row in collaborations]
    projects = await Project.select(Project.id).where(
        Project.status.is_in([ProjectStatus.IMPLEMENTED, ProjectStatus.CLOSED])
        & (Project.updated_at >= low)
        & (Project.updated_at < high)
    )
    found += [(KINDS[PROJECT.key], row["id"]) for row in projects]
    return found


async def deliver_record(kind: Kind, record_id: int, out: Path) -> list[str]:
    municipality = load_municipality(get_settings().municipality_file)
    built = await services.deliver_record(kind, record_id, municipality, actor(), "command")
    path = _write(out, built.file_name, built.data)
    return [f"{path}  SHA-256 {built.sha256}"]


async def deliver_period(start: date, end: date, out: Path) -> list[str]:
    low, high = _bounds(start, end)
    rows = (
        await ReportVersion.select(ReportVersion.report, ReportVersion.number)
        .where(
            (ReportVersion.status == Status.FROZEN)
            & (ReportVersion.frozen_at >= low)
            & (ReportVersion.frozen_at < high)
        )
        .order_by(ReportVersion.report)
        .order_by(ReportVersion.number)
    )
    lines: list[str] = []
    for row in rows:
        lines += await deliver_report(int(row["report"]), int(row["number"]), out)
    records = await _finished_records(start, end)
    for kind, record_id in records:
        lines += await deliver_record(kind, record_id, out)
    count = len(rows) + len(records)
    lines.append(f"{count} paket levererade för {start.isoformat()}–{end.isoformat()}.")
    return lines

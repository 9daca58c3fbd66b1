"""Services of the report-back: create, read, edit the draft, list and compare. Freezing and
new versions are in freezing.py.

A draft's content is built live (the report's fields, the version's text, figures computed for
the period); a frozen version's content is its stored snapshot, read back unchanged.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from tracker import data_version
from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import update_versioned, write_transaction
from tracker.reports import drafting, figures
from tracker.reports.figures import Lists
from tracker.reports.forms import META_FIELDS, REGISTRY_FIELDS, ReportInput
from tracker.reports.rules import (
    FROZEN_MESSAGE,
    PARTS,
    Status,
    changed_figures,
    status_key,
    status_label,
)
from tracker.reports.tables import Report, ReportVersion
from tracker.shared.registration import holds
from tracker.text import like_term
from tracker.web.pagination import PAGE_SIZE, Page

ENTITY = "report"


class VersionFrozen(Exception):
    """A frozen version cannot change (the app answers 409 with this message)."""

    def __init__(self, message: str = FROZEN_MESSAGE) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class VersionInfo:
    number: int
    status: str
    label: str
    key: str
    frozen_at: Any
    frozen_by: str
    sha256: str


def meta_of(report: Report | dict[str, Any]) -> dict[str, Any]:
    row = report if isinstance(report, dict) else report.to_dict()
    return {key: row[key] for key in META_FIELDS}


def _json_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in meta.items()}


async def get_report(report_id: int) -> Report | None:
    return await Report.objects().where(Report.id == report_id).first()


async def versions_of(report_id: int) -> list[dict[str, Any]]:
    return await (
        ReportVersion.select(
            ReportVersion.id,
            ReportVersion.number,
            ReportVersion.status,
            ReportVersion.frozen_at,
            ReportVersion.frozen_by,
            ReportVersion.content_sha256,
            ReportVersion.created_at,
            ReportVersion.created_by,
        )
        .where(ReportVersion.report == report_id)
        .order_by(ReportVersion.number)
    )


def version_infos(rows: list[dict[str, Any]]) -> list[VersionInfo]:
    frozen = [row["number"] for row in rows if row["status"] == Status.FROZEN]
    return [
        VersionInfo(
            number=row["number"],
            status=row["status"],
            label=status_label(row["status"], row["number"], frozen),
            key=status_key(row["status"], row["number"], frozen),
            frozen_at=row["frozen_at"],
            frozen_by=row["frozen_by"],
            sha256=row["content_sha256"],
        )
        for row in rows
    ]


async def get_version(report_id: int, number: int) -> ReportVersion | None:
    return (
        await ReportVersion.objects()
        .where((ReportVersion.report == report_id) & (ReportVersion.number == number))
        .first()
    )


async def latest_version(report_id: int) -> ReportVersion | None:
    return (
        await ReportVersion.objects()
        .where(ReportVersion.report == report_id)
        .order_by(ReportVersion.number, ascending=False)
        .first()
    )


def narrative_of(version: ReportVersion) -> dict[str, str]:
    return {key: getattr(version, key) or "" for key in PARTS}


async def figures_for(start: date, end: date, lists: Lists) -> dict[str, dict[str, Any]]:
    """The figures of a period by key: what a text may bind its numbers to."""
    return (await figures.compute(start, end, lists)).figures


async def build_content(
    meta: dict[str, Any],
    narrative: dict[str, str],
    lists: Lists,
    *,
    with_records: bool = False,
) -> dict[str, Any]:
    """The whole content of a version: metadata, text, figures, tables and chart data."""
    found = await figures.compute(meta["period_start"], meta["period_end"], lists)
    content: dict[str, Any] = {
        "meta": _json_meta(meta),
        "narrative": narrative,
        "figures": found.figures,
        "tables": found.tables,
        "charts": found.charts,
    }
    if with_records:
        # The data snapshot: what each figure's records were called when the version froze.
        wanted: dict[str, set[int]] = {kind: set() for kind in figures.KIND_NOUNS}
        for figure in found.figures.values():
            if figure["kind"]:
                wanted[figure["kind"]].update(figure["ids"])
        content["records"] = {
            kind: {str(row["id"]): row for row in await figures.records(kind, sorted(ids), lists)}
            for kind, ids in wanted.items()
        }
    return content


async def changed_since_frozen(
    report: Report, version: ReportVersion, lists: Lists
) -> list[dict[str, Any]]:
    """For a frozen version: the figures that would now come out differently, because records
    dated in the period changed after freezing (the prompt for a new version)."""
    if version.status != Status.FROZEN:
        return []

    async def compare() -> list[dict[str, Any]]:
        frozen = json.loads(version.snapshot).get("figures", {})
        found = await figures.compute(report.period_start, report.period_end, lists)
        return changed_figures(frozen, found.figures)

    # Asked on every view of the version: compared again only when the data has changed (the
    # snapshot's JSON and a copy of the figures cost a frozen page 25 ms each time on N=1).
    key = (
        "changed-since-frozen",
        version.id,
        version.content_sha256,
        report.period_start,
        report.period_end,
        *figures.list_keys(lists),
    )
    return copy.deepcopy(await data_version.cached(key, compare))


async def content_of(report: Report, version: ReportVersion, lists: Lists) -> dict[str, Any]:
    if version.status == Status.FROZEN:
        return json.loads(version.snapshot)
    return await build_content(meta_of(report), narrative_of(version), lists)


async def create_report(data: ReportInput, lists: Lists, actor: Principal) -> Report:
    """A report with version 1 drafted from the figures of its period."""
    stamp = now()
    values = asdict(data)
    found = await figures.compute(data.period_start, data.period_end, lists)
    narrative = drafting.draft(values, found.figures)
    async with write_transaction():
        report = Report(**values, created_at=stamp, created_by=actor.name, updated_at=stamp)
        await report.save()
        await insert_draft(report.id, 1, narrative, actor, stamp)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=report.id,
            action="created",
            summary=f"Skapade rapporten ”{data.title[:80]}” med ett utkast (version 1).",
        )
    return report


async def insert_draft(
    report_id: int, number: int, narrative: dict[str, Any], actor: Principal, stamp: datetime
) -> None:
    """Version `number` of the report as a draft with `narrative` (in the caller's
    transaction): the first draft, or the draft of a correction."""
    await ReportVersion.insert(
        ReportVersion(
            report=report_id,
            number=number,
            status=Status.DRAFT,
            **narrative,
            created_at=stamp,
            created_by=actor.name,
            updated_at=stamp,
            updated_by=actor.name,
        )
    )


async def update_draft(
    report: Report,
    number: int,
    data: ReportInput,
    narrative: dict[str, str],
    actor: Principal,
    read_version: int | None = None,
) -> bool:
    """Save the report's fields and the draft's text; VersionFrozen when it is frozen,
    StaleVersion when someone saved the draft since `read_version` was read."""
    stamp = now()
    async with write_transaction():
        version = await get_version(report.id, number)
        if version is None:
            raise LookupError(number)
        if version.status != Status.DRAFT:
            raise VersionFrozen()
        registry = {key: getattr(report, key) for key in REGISTRY_FIELDS}
        before = {**_json_meta(meta_of(report) | registry), **narrative_of(version)}
        after = {**_json_meta(asdict(data)), **narrative}
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changes:
            return False
        await update_versioned(
            Report, report.id, read_version, {**asdict(data), "updated_at": stamp}
        )
        await ReportVersion.update(
            {**narrative, "updated_at": stamp, "updated_by": actor.name}  # type: ignore[dict-item]  # Piccolo wants dict[Column | str, Any]
        ).where(ReportVersion.id == version.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=report.id,
            action="updated",
            summary=f"Ändrade utkastet (version {number}).",
            changes=changes,
        )
    return True


async def update_registration(
    report: Report, values: dict[str, Any], actor: Principal, read_version: int | None
) -> bool:
    """Save the report's registration date and secrecy (also after it is frozen: they are the
    record's, not the frozen content's); StaleVersion if saved since `read_version`."""
    changes = diff({key: getattr(report, key) for key in values}, values)
    if not changes:
        return False
    async with write_transaction():
        await update_versioned(Report, report.id, read_version, {**values, "updated_at": now()})
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=report.id,
            action="updated",
            summary="Ändrade registreringen.",
            changes=changes,
        )
    return True


async def list_reports(number: int = 1, size: int = PAGE_SIZE, q: str = "") -> Page:
    """Reports, newest period first, each with its versions' statuses (two queries); `q`
    searches the title and the diarienummer."""
    where = (
        holds(Report.title, term) | holds(Report.diarienummer, term)
        if (term := like_term(q))
        else Report.id.is_not_null()
    )
    total = await Report.count().where(where)
    rows = await (
        Report.select(
            Report.id,
            Report.title,
            Report.diarienummer,
            Report.period_start,
            Report.period_end,
            Report.report_date,
        )
        .where(where)
        .order_by(Report.period_end, ascending=False)
        .order_by(Report.id, ascending=False)
        .limit(size)
        .offset((number - 1) * size)
    )
    ids = [row["id"] for row in rows]
    versions = (
        await ReportVersion.select(
            ReportVersion.report,
            ReportVersion.number,
            ReportVersion.status,
            ReportVersion.frozen_at,
            ReportVersion.frozen_by,
            ReportVersion.content_sha256,
            ReportVersion.created_at,
            ReportVersion.created_by,
            ReportVersion.id,
        )
        .where(ReportVersion.report.is_in(ids))
        .order_by(ReportVersion.number)
        if ids
        else []
    )
    for row in rows:
        row["versions"] = version_infos([v for v in versions if v["report"] == row["id"]])
    return Page(rows=rows, number=number, size=size, total=total)


async def previous_frozen(report: Report) -> tuple[Report, ReportVersion] | None:
    """The latest frozen version of the report before this one (earlier period end)."""
    row = await (
        ReportVersion.select(ReportVersion.report, ReportVersion.number)
        .where(
            (ReportVersion.status == Status.FROZEN)
            & (ReportVersion.report != report.id)
            & (ReportVersion.report.period_end <= report.period_end)
        )
        .order_by(ReportVersion.report.period_end, ascending=False)
        .order_by(ReportVersion.report, ascending=False)
        .order_by(ReportVersion.number, ascending=False)
        .first()
    )
    if row is None:
        return None
    previous = await get_report(row["report"])
    version = await get_version(row["report"], row["number"])
    assert previous is not None and version is not None
    return previous, version

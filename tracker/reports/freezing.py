"""Fastställ and corrections: freezing a draft stores its content unchanged with its SHA-256,
and a new version is a draft copying the text of the latest frozen one."""

from __future__ import annotations

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.mail import notices
from tracker.reports import binding
from tracker.reports.figures import Lists
from tracker.reports.rules import Status, canonical_json, sha256_of
from tracker.reports.services import (
    ENTITY,
    VersionFrozen,
    build_content,
    get_report,
    get_version,
    insert_draft,
    latest_version,
    meta_of,
    narrative_of,
)
from tracker.reports.tables import Report, ReportVersion


class DraftExists(Exception):
    def __init__(self) -> None:
        super().__init__("Det finns redan ett utkast. Ändra det i stället för att skapa ett nytt.")
        self.message = str(self)


async def freeze(report: Report, number: int, lists: Lists, actor: Principal) -> str:
    """Fastställ: store the content unchanged with its SHA-256. Returns the hash."""
    version = await get_version(report.id, number)
    if version is None:
        raise LookupError(number)
    if version.status != Status.DRAFT:
        raise VersionFrozen("Versionen är redan fastställd.")
    content = await build_content(meta_of(report), narrative_of(version), lists, with_records=True)
    # The bound numbers become text, from the same figures as the frozen tables.
    content["bound"] = {key: binding.bound_keys(text) for key, text in content["narrative"].items()}
    content["narrative"] = binding.resolve_all(content["narrative"], content["figures"])
    stamp = now()
    content["frozen"] = {"at": stamp.isoformat(), "by": actor.name, "version": number}
    text = canonical_json(content)
    digest = sha256_of(text)
    async with write_transaction():
        current = await get_version(report.id, number)
        if current is None or current.status != Status.DRAFT:
            raise VersionFrozen("Versionen är redan fastställd.")
        stored = await get_report(report.id)
        if narrative_of(current) != narrative_of(version) or (
            stored is None or meta_of(stored) != meta_of(report)
        ):
            raise VersionFrozen("Utkastet ändrades under tiden. Läs igenom det och försök igen.")
        await ReportVersion.update(
            {
                ReportVersion.status: Status.FROZEN,
                ReportVersion.snapshot: text,
                ReportVersion.content_sha256: digest,
                ReportVersion.frozen_at: stamp,
                ReportVersion.frozen_by: actor.name,
            }
        ).where(ReportVersion.id == version.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=report.id,
            action="frozen",
            summary=f"Fastställde version {number} (SHA-256 {digest[:16]}…).",
            changes={"status": [Status.DRAFT, Status.FROZEN], "sha256": [None, digest]},
        )
        await notices.report_frozen(report.id, report.title, number, actor)
    return digest


async def new_version(report: Report, actor: Principal) -> int:
    """A correction: a new draft copying the text of the latest frozen version."""
    stamp = now()
    async with write_transaction():
        latest = await latest_version(report.id)
        if latest is None:
            raise LookupError(report.id)
        if latest.status == Status.DRAFT:
            raise DraftExists()
        number = latest.number + 1
        await insert_draft(report.id, number, narrative_of(latest), actor, stamp)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=report.id,
            action="new_version",
            summary=f"Skapade version {number} för rättelser av version {latest.number}.",
        )
    return number


def verify(version: ReportVersion) -> bool:
    """Whether a frozen version's stored content still has the hash it was frozen with."""
    return bool(version.snapshot) and sha256_of(version.snapshot) == version.content_sha256

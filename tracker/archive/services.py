"""Delivering a record to the e-archive: build its package, record the delivery (in its own
table and in the change log, with the package's SHA-256), hand the package back."""

from __future__ import annotations

from typing import Any

from tracker.accounts.permissions import Principal
from tracker.archive import package, record_contents, report_contents
from tracker.archive.report_contents import NotDeliverable
from tracker.archive.tables import Delivery
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.kinds import REPORT
from tracker.municipality import Municipality
from tracker.reports import services as reports

__all__ = ["NotDeliverable", "deliver_record", "deliver_report", "deliveries_of"]

DELIVERED = "delivered_to_archive"


async def _record(
    built: package.Built,
    *,
    record_type: str,
    record_id: int,
    version: int,
    what: str,
    actor: Principal,
    channel: str,
) -> None:
    stamp = now()
    async with write_transaction():
        await Delivery.insert(
            Delivery(
                record_type=record_type,
                record_id=record_id,
                version=version,
                package_id=built.objid,
                file_name=built.file_name,
                size=len(built.data),
                package_sha256=built.sha256,
                delivered_at=stamp,
                delivered_by=actor.name,
                channel=channel,
            )
        )
        await record_change(
            actor=actor,
            entity_type=record_type,
            entity_id=record_id,
            action=DELIVERED,
            summary=f"Levererade {what} till e-arkivet (paketets SHA-256 {built.sha256}).",
            changes={"package": [None, built.objid], "sha256": [None, built.sha256]},
            at=stamp,
        )


async def deliver_report(
    report_id: int, number: int, municipality: Municipality, actor: Principal, channel: str
) -> package.Built:
    """The package of a frozen version, recorded as delivered. LookupError: no such version;
    NotDeliverable: a draft, or a snapshot that no longer matches its checksum."""
    report = await reports.get_report(report_id)
    version = await reports.get_version(report_id, number) if report else None
    if report is None or version is None:
        raise LookupError((report_id, number))
    moment = now()
    contents = await report_contents.contents(report, version, municipality, moment)
    built = package.build(contents, moment, report_contents.stem(report, number))
    await _record(
        built,
        record_type=REPORT.key,
        record_id=report_id,
        version=number,
        what=f"version {number}",
        actor=actor,
        channel=channel,
    )
    return built


async def deliver_record(
    kind: record_contents.Kind,
    record_id: int,
    municipality: Municipality,
    actor: Principal,
    channel: str,
) -> package.Built:
    """The package of a finished dialogue, collaboration or project, recorded as delivered.
    LookupError: no such record; NotDeliverable: not finished."""
    record = await record_contents.record_of(kind, record_id)
    if record is None:
        raise LookupError(record_id)
    moment = now()
    contents = await record_contents.contents(kind, record, municipality, moment)
    built = package.build(contents, moment, record_contents.stem(kind, record_id))
    await _record(
        built,
        record_type=kind.kind.key,
        record_id=record_id,
        version=0,
        what=kind.kind.label.lower(),
        actor=actor,
        channel=channel,
    )
    return built


async def deliveries_of(
    record_type: str, record_id: int, version: int | None = None
) -> list[dict[str, Any]]:
    """The record's deliveries, newest first (of one report version, when given)."""
    where = (Delivery.record_type == record_type) & (Delivery.record_id == record_id)
    if version is not None:
        where &= Delivery.version == version
    return await (
        Delivery.select(
            Delivery.version,
            Delivery.file_name,
            Delivery.size,
            Delivery.package_sha256,
            Delivery.delivered_at,
            Delivery.delivered_by,
            Delivery.channel,
        )
        .where(where)
        .order_by(Delivery.delivered_at, ascending=False)
    )

"""Gallring: legal holds, the preview of what may go, and the run that removes exactly that in
one transaction, records it in the change log (counts and decisions) and keeps a protocol
(gallringsprotokoll, PDF/A) listing every item removed, why and under which decision."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict
from datetime import date
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.accounts.permissions import Principal
from tracker.archive import pdfa
from tracker.audit import disposal
from tracker.audit.chain import GALLRING_ENTITY, GAPS, Gap
from tracker.audit.services import record_change
from tracker.clock import SWEDISH_TIME, now
from tracker.db import MAX_ID, fetch_rows, write_transaction
from tracker.gallring import sources
from tracker.gallring.plan import INFORMATION_KINDS, LOG_KIND, Plan
from tracker.gallring.rules import HoldKey, Verdict, counts, disposals, verdicts
from tracker.gallring.tables import GallringRun, LegalHold
from tracker.kinds import KINDS
from tracker.municipality import Municipality
from tracker.reports.documents import DOCUMENT_CSS
from tracker.settings import get_settings

ENTITY = GALLRING_ENTITY
HOLD_KINDS = ("project", "dialogue", "collaboration", "report", "evidence", "account")


class NothingToRemove(Exception):
    """A run was asked for when the plan allows nothing to go."""


class ListChanged(Exception):
    """What may go is no longer what was shown and confirmed: nothing was removed."""


def keys_of(gone: list[Verdict]) -> list[HoldKey]:
    return [(verdict.candidate.kind, verdict.candidate.record_id) for verdict in gone]


async def held() -> set[HoldKey]:
    rows = await LegalHold.select(LegalHold.record_type, LegalHold.record_id)
    return {(row["record_type"], row["record_id"]) for row in rows}


async def holds() -> list[dict[str, Any]]:
    return await LegalHold.select().order_by(LegalHold.set_at, ascending=False)


async def record_exists(record_type: str, record_id: int) -> bool:
    kind = KINDS.get(record_type)
    if record_type not in HOLD_KINDS or kind is None or not 0 < record_id <= MAX_ID:
        return False
    table = "evidence" if record_type == "evidence" else kind.table
    return bool(await fetch_rows(f"SELECT id FROM {table} WHERE id = {{}}", record_id))


async def set_hold(record_type: str, record_id: int, reason: str, actor: Principal) -> int:
    stamp = now()
    async with write_transaction():
        hold = LegalHold(
            record_type=record_type,
            record_id=record_id,
            reason=reason,
            set_at=stamp,
            set_by=actor.name,
        )
        await hold.save()
        await record_change(
            actor=actor,
            entity_type=record_type,
            entity_id=record_id,
            action="legal_hold_set",
            summary=f"Satte bevarandebeslut (legal hold): {reason}",
            changes={"legal_hold": [None, reason]},
            at=stamp,
        )
    return int(hold.id)


async def remove_hold(hold_id: int, actor: Principal) -> bool:
    if not 0 < hold_id <= MAX_ID:
        return False
    async with write_transaction():
        hold = await LegalHold.select().where(LegalHold.id == hold_id).first()
        if hold is None:
            return False
        await LegalHold.delete().where(LegalHold.id == hold_id)
        await record_change(
            actor=actor,
            entity_type=hold["record_type"],
            entity_id=hold["record_id"],
            action="legal_hold_removed",
            summary=f"Tog bort bevarandebeslutet (legal hold): {hold['reason']}",
            changes={"legal_hold": [hold["reason"], None]},
        )
    return True


async def assess(plan: Plan, on: date) -> list[Verdict]:
    """Every candidate judged for `on`: what goes and what stays, with why."""
    return verdicts(await sources.candidates(plan.log_record_types), plan, on, await held())


async def preview(plan: Plan, on: date) -> list[Verdict]:
    return disposals(await sources.candidates(plan.log_record_types), plan, on, await held())


def _item(verdict: Verdict) -> dict[str, Any]:
    return {**asdict(verdict.candidate), "why": verdict.why, "decision": verdict.decision}


async def _remove(gone: list[Verdict], plan: Plan) -> list[Gap]:
    """Remove what goes, in the caller's transaction; the gaps made in the change log."""
    by_kind: dict[str, list[int]] = {}
    for verdict in gone:
        by_kind.setdefault(verdict.candidate.kind, []).append(verdict.candidate.record_id)
    log_ids = by_kind.pop(LOG_KIND, [])
    for kind, ids in by_kind.items():
        await sources.remove(kind, ids)
    # The change log's own entries go last, through its one audited path; the run's entry
    # names the gaps they leave, so the remaining log still verifies.
    return await disposal.remove_entries(log_ids, plan.entry(LOG_KIND).decision)


def _summary(gone: list[Verdict], numbers: dict[str, int], gaps: list[Gap]) -> str:
    decisions = sorted({verdict.decision for verdict in gone})
    text = (
        f"Gallrade {len(gone)} poster enligt informationshanteringsplanen "
        f"(beslut {', '.join(decisions)}): "
        + ", ".join(f"{INFORMATION_KINDS[k].label.lower()} {n}" for k, n in numbers.items())
        + "."
    )
    if gaps:
        text += (
            f" Ändringsloggens kedja har {len(gaps)} "
            + ("lucka" if len(gaps) == 1 else "luckor")
            + " efter gallringen, var och en namngiven i den här posten."
        )
    return text


async def run(
    plan: Plan, on: date, actor: Principal, confirmed: list[HoldKey] | None = None
) -> int:
    """Remove what the plan allows on `on`, in one transaction with its change-log entry and
    the run's row; the run's id. NothingToRemove when nothing may go; ListChanged (nothing
    removed) when it is not exactly the `confirmed` list the person saw. Change-log entries
    the plan lets go are removed too, and the run's entry names the gaps they leave (each
    entry after a gap and the hash it carries), which is what lets the log still verify."""
    stamp = now()
    async with write_transaction():
        gone = await preview(plan, on)
        if not gone:
            raise NothingToRemove()
        if confirmed is not None and keys_of(gone) != confirmed:
            raise ListChanged()
        gaps = await _remove(gone, plan)
        numbers = counts(gone)
        row = GallringRun(
            run_at=stamp,
            run_by=actor.name,
            as_of=on,
            counts=json.dumps(numbers, ensure_ascii=False),
            removed=json.dumps([_item(v) for v in gone], ensure_ascii=False, default=str),
        )
        await row.save()
        changes: dict[str, list[Any]] = {
            "counts": [None, numbers],
            "decisions": [None, sorted({verdict.decision for verdict in gone})],
            "as_of": [None, on.isoformat()],
        }
        if gaps:
            changes[GAPS] = [None, [gap.as_dict() for gap in gaps]]
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=row.id,
            action="disposed",  # chain.DISPOSED: the entry that names its gaps
            summary=_summary(gone, numbers, gaps),
            changes=changes,
            at=stamp,
        )
    return int(row.id)


async def runs() -> list[dict[str, Any]]:
    rows = await GallringRun.select(
        GallringRun.id,
        GallringRun.run_at,
        GallringRun.run_by,
        GallringRun.as_of,
        GallringRun.counts,
        GallringRun.protocol_sha256,
    ).order_by(GallringRun.id, ascending=False)
    for row in rows:
        row["counts"] = _json(row["counts"])
    return rows


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def get_run(run_id: int) -> dict[str, Any] | None:
    if not 0 < run_id <= MAX_ID:
        return None
    row = await GallringRun.select().where(GallringRun.id == run_id).first()
    if row is not None:
        row["counts"], row["removed"] = _json(row["counts"]), _json(row["removed"])
    return row


def protocol_html(run_row: dict[str, Any], municipality: Municipality, plan: Plan) -> str:
    environment = Environment(
        loader=FileSystemLoader(str(get_settings().templates_dir)),
        autoescape=select_autoescape(["html"]),
    )
    return environment.get_template("gallring/protocol_pdf.html").render(
        run=run_row,
        run_at=run_row["run_at"].astimezone(SWEDISH_TIME).strftime("%Y-%m-%d %H:%M"),
        municipality=municipality,
        kinds=INFORMATION_KINDS,
        plan=plan,
    )


async def protocol(run_id: int, municipality: Municipality, plan: Plan) -> tuple[bytes, str]:
    """The run's protocol as PDF/A and its SHA-256: rendered once and stored with the run."""
    row = await get_run(run_id)
    if row is None:
        raise LookupError(run_id)
    if row["protocol_pdf"]:
        return base64.b64decode(row["protocol_pdf"]), row["protocol_sha256"]
    html = protocol_html(row, municipality, plan)
    pdf = await pdfa.pdf_a(html, DOCUMENT_CSS, str(get_settings().templates_dir))
    digest = hashlib.sha256(pdf).hexdigest()
    await GallringRun.update(
        {
            GallringRun.protocol_pdf: base64.b64encode(pdf).decode("ascii"),
            GallringRun.protocol_sha256: digest,
        }
    ).where((GallringRun.id == run_id) & (GallringRun.protocol_sha256 == ""))
    return pdf, digest

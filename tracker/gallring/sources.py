"""The candidates for gallring, read from the areas' tables (one query or two per kind), and
the removal of exactly the chosen ones. What is printed about a candidate (its label) names
no person: an id, a date, a title of an official record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from tracker.accounts.tables import Account, Membership, OnceKey, SignInAttempt, SpentToken
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import SWEDISH_TIME
from tracker.db import fetch_rows
from tracker.gallring.plan import LOG_KIND, LOG_RECORD_TABLES
from tracker.gallring.rules import Candidate
from tracker.insights.tables import Evidence, InsightEvidence
from tracker.kinds import KINDS
from tracker.mail.tables import DigestSetting, OutboxMessage, SignInLink
from tracker.reports.rules import Status
from tracker.reports.tables import Report, ReportVersion
from tracker.work.tables import CalendarFeed


def _day(moment: datetime) -> date:
    return moment.astimezone(SWEDISH_TIME).date()


async def failed_sign_ins() -> list[Candidate]:
    rows = await SignInAttempt.select(SignInAttempt.id, SignInAttempt.attempted_at).where(
        SignInAttempt.succeeded.eq(False)
    )
    return [
        Candidate(
            "failed-sign-in",
            row["id"],
            f"Misslyckat inloggningsförsök {_day(row['attempted_at']).isoformat()} "
            f"(nummer {row['id']})",
            _day(row["attempted_at"]),
        )
        for row in rows
    ]


async def deactivated_accounts() -> list[Candidate]:
    accounts = await Account.select(Account.id, Account.created_at).where(Account.active.eq(False))
    if not accounts:
        return []
    ids = [row["id"] for row in accounts]
    logged = await ChangeLogEntry.select(
        ChangeLogEntry.entity_id, ChangeLogEntry.occurred_at
    ).where(
        (ChangeLogEntry.entity_type == "account")
        & (ChangeLogEntry.action == "deactivated")
        & ChangeLogEntry.entity_id.is_in(ids)
    )
    deactivated: dict[int, datetime] = {}
    for row in logged:  # the latest deactivation counts
        deactivated[row["entity_id"]] = max(
            row["occurred_at"], deactivated.get(row["entity_id"], row["occurred_at"])
        )
    return [
        Candidate(
            "deactivated-account",
            row["id"],
            f"Inaktiverat konto nummer {row['id']}",
            _day(deactivated.get(row["id"], row["created_at"])),
            holds=(("account", row["id"]),),
        )
        for row in accounts
    ]


async def internal_evidence() -> list[Candidate]:
    rows = await Evidence.select(
        Evidence.id, Evidence.source_type, Evidence.source_id, Evidence.archived_at
    ).where(Evidence.internal.eq(True) & Evidence.archived_at.is_not_null())
    if not rows:
        return []
    linked = {
        row["evidence"]
        for row in await InsightEvidence.select(InsightEvidence.evidence).where(
            InsightEvidence.evidence.is_in([row["id"] for row in rows])
        )
    }
    return [
        Candidate(
            "internal-evidence",
            row["id"],
            f"Internt underlag nummer {row['id']} ({row['source_type']} {row['source_id']})",
            _day(row["archived_at"]),
            holds=(("evidence", row["id"]), (row["source_type"], row["source_id"])),
            kept_because="Kopplat till en insikt." if row["id"] in linked else "",
        )
        for row in rows
    ]


async def report_drafts() -> list[Candidate]:
    """Every report, so that a frozen one is judged (and kept) too."""
    reports = await Report.select(Report.id, Report.diarienummer, Report.title, Report.updated_at)
    if not reports:
        return []
    versions = await ReportVersion.select(
        ReportVersion.report, ReportVersion.status, ReportVersion.updated_at
    ).where(ReportVersion.report.is_in([row["id"] for row in reports]))
    candidates = []
    for row in reports:
        own = [v for v in versions if v["report"] == row["id"]]
        last = max([row["updated_at"], *(v["updated_at"] for v in own)])
        candidates.append(
            Candidate(
                "report-draft",
                row["id"],
                f"Rapport {row['diarienummer']} ”{row['title'][:80]}” (nummer {row['id']})",
                _day(last),
                holds=(("report", row["id"]),),
                frozen=any(v["status"] == Status.FROZEN for v in own),
            )
        )
    return candidates


async def log_entries(record_types: tuple[str, ...]) -> list[Candidate]:
    """The change log's entries about records of `record_types` (those the plan lets go) that
    the tracker no longer holds; one query per type. The newest entry of the log is never a
    candidate: the chain's end stays where it was."""
    found: list[Candidate] = []
    for record_type in record_types:
        rows = await fetch_rows(
            "SELECT c.id, c.entity_id, c.action, c.occurred_at FROM change_log c "
            f"WHERE c.entity_type = {{}} AND NOT EXISTS (SELECT 1 FROM "
            f"{LOG_RECORD_TABLES[record_type]} r WHERE r.id = c.entity_id) "
            "AND c.id < (SELECT MAX(id) FROM change_log) ORDER BY c.id",
            record_type,
        )
        label = KINDS[record_type].label.lower()
        found += [
            Candidate(
                LOG_KIND,
                row["id"],
                f"Ändringsloggens post {row['id']} ({label} nummer {row['entity_id']}, "
                f"{row['action']}, {_day(_moment(row['occurred_at'])).isoformat()})",
                _day(_moment(row["occurred_at"])),
                holds=((record_type, row["entity_id"]),),
                log_entry=(record_type, row["action"]),
            )
            for row in rows
        ]
    return found


def _moment(value: datetime | str) -> datetime:
    """A timestamp as the raw query gives it (SQLite: text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


SOURCES: tuple[Callable[[], Awaitable[list[Candidate]]], ...] = (
    failed_sign_ins,
    deactivated_accounts,
    internal_evidence,
    report_drafts,
)


async def candidates(log_record_types: tuple[str, ...] = ()) -> list[Candidate]:
    """Every candidate; with the change log's entries about the record types the plan lets
    go (`Plan.log_record_types`)."""
    found: list[Candidate] = []
    for source in SOURCES:
        found += await source()
    return found + await log_entries(log_record_types)


async def remove(kind: str, ids: list[int]) -> None:
    """Delete the chosen rows of `kind` and what belongs only to them (in the caller's
    transaction). Change-log entries are not removed here but by tracker.audit.disposal."""
    if not ids:
        return
    if kind == "failed-sign-in":
        await SignInAttempt.delete().where(SignInAttempt.id.is_in(ids))
    elif kind == "deactivated-account":
        emails = [
            row["email"] for row in await Account.select(Account.email).where(Account.id.is_in(ids))
        ]
        await SignInAttempt.delete().where(SignInAttempt.email.is_in(emails))
        await Membership.delete().where(Membership.account.is_in(ids))
        await CalendarFeed.delete().where(CalendarFeed.account.is_in(ids))
        await SpentToken.delete().where(SpentToken.account.is_in(ids))
        await OnceKey.delete().where(OnceKey.account.is_in(ids))
        await SignInLink.delete().where(SignInLink.account_id.is_in(ids))
        await DigestSetting.delete().where(DigestSetting.account_id.is_in(ids))
        await OutboxMessage.delete().where(OutboxMessage.account_id.is_in(ids))
        await Account.delete().where(Account.id.is_in(ids))
    elif kind == "internal-evidence":
        await Evidence.delete().where(Evidence.id.is_in(ids))
    elif kind == "report-draft":
        await ReportVersion.delete().where(
            ReportVersion.report.is_in(ids) & (ReportVersion.status == Status.DRAFT)
        )
        await Report.delete().where(Report.id.is_in(ids))
    else:
        raise LookupError(kind)

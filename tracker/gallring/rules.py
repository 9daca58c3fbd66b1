"""What may be disposed of on a given day, as plain functions: each candidate is judged against
the plan, and goes only when its kind is *gallras*, its time has run out, and nothing protects
it – never what is frozen or published, never what is on legal hold (the candidate itself or
the record it belongs to), never what its source marks as kept (`kept_because`), and never a
change-log entry that is evidence (`PROTECTED_LOG_ACTIONS`, `PROTECTED_RECORD_TYPES`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from tracker.archive.services import DELIVERED
from tracker.audit.chain import DISPOSED
from tracker.gallring.plan import PROTECTED_RECORD_TYPES, Plan, PlanEntry

HoldKey = tuple[str, int]  # (record type, record id), as a legal hold names a record
# Change-log entries that are evidence of freezing, publication, delivery to the e-archive,
# gallring or a legal hold: never removed, whatever the plan says.
PROTECTED_LOG_ACTIONS = frozenset(
    {"frozen", "published", DELIVERED, DISPOSED, "legal_hold_set", "legal_hold_removed"}
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something the tracker holds that the plan may allow to go. `label` says what it is
    without personal data (it is printed in the protocol)."""

    kind: str  # an information kind of the plan
    record_id: int
    label: str
    event_on: date  # the event the plan's years count from
    holds: tuple[HoldKey, ...] = ()  # the records whose legal hold protects it
    frozen: bool = False
    published: bool = False
    kept_because: str = ""  # a reason of the source's own (e.g. linked to an insight)
    log_entry: tuple[str, str] | None = None  # a change-log entry's (record type, action)


@dataclass(frozen=True, slots=True)
class Verdict:
    candidate: Candidate
    goes: bool
    why: str  # why it goes, or why it stays
    decision: str = ""  # the gallring decision it goes under


def due_date(event_on: date, years: int) -> date:
    """The first day it may go: `years` whole years after the event (29 February → 28th)."""
    try:
        return event_on.replace(year=event_on.year + years)
    except ValueError:
        return event_on.replace(year=event_on.year + years, day=28)


def judge(candidate: Candidate, entry: PlanEntry, on: date, held: Collection[HoldKey]) -> Verdict:
    def stays(why: str) -> Verdict:
        return Verdict(candidate, False, why)

    if not entry.disposes:
        return stays("Bevaras enligt informationshanteringsplanen.")
    if candidate.frozen:
        return stays("Fastställd: det som är fastställt gallras aldrig.")
    if candidate.published:
        return stays("Publicerad: det som är publicerat gallras aldrig.")
    if any(key in held for key in (*candidate.holds, (candidate.kind, candidate.record_id))):
        return stays("Bevarandebeslut (legal hold).")
    if candidate.log_entry is not None and (why := _log_entry_stays(candidate.log_entry, entry)):
        return stays(why)
    if candidate.kept_because:
        return stays(candidate.kept_because)
    due = due_date(candidate.event_on, entry.years)
    if on < due:
        return stays(f"För ung: får gallras tidigast {due.isoformat()}.")
    return Verdict(
        candidate,
        True,
        f"{entry.rule_text} ({entry.kind.event} {candidate.event_on.isoformat()}); "
        f"fick gallras från {due.isoformat()}.",
        entry.decision,
    )


def _log_entry_stays(log_entry: tuple[str, str], entry: PlanEntry) -> str:
    record_type, action = log_entry
    if record_type in PROTECTED_RECORD_TYPES or action in PROTECTED_LOG_ACTIONS:
        return "Bevis i ändringsloggen (fastställelse, publicering, leverans eller gallring)."
    if record_type not in entry.record_types:
        return "Planen låter inte ändringsloggens poster om den sortens post gallras."
    return ""


def verdicts(
    candidates: Iterable[Candidate], plan: Plan, on: date, held: Collection[HoldKey]
) -> list[Verdict]:
    return [judge(candidate, plan.entry(candidate.kind), on, held) for candidate in candidates]


def disposals(
    candidates: Iterable[Candidate], plan: Plan, on: date, held: Collection[HoldKey]
) -> list[Verdict]:
    """Exactly what may go on `on`, each with why and under which decision."""
    return [verdict for verdict in verdicts(candidates, plan, on, held) if verdict.goes]


def counts(gone: Iterable[Verdict]) -> dict[str, int]:
    result: dict[str, int] = {}
    for verdict in gone:
        result[verdict.candidate.kind] = result.get(verdict.candidate.kind, 0) + 1
    return result

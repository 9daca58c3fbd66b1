"""`tracker gallra`: gallring from the command line.

    tracker gallra --dry-run [--datum 2027-01-01]   what would go, why, under which decision
    tracker gallra --admin alva@kommun.example [--confirm] [--out protokoll/]

A real run counts to today, needs an active administrator's account (its name goes into the
change log and the protocol) and a confirmation (`--confirm`, or "ja" typed at the prompt); it
removes exactly what the dry run lists, in one transaction, and stores the protocol (PDF/A),
also written to `--out` when given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.accounts.permissions import Principal, Role
from tracker.accounts.services import principal_of
from tracker.accounts.tables import Account
from tracker.clock import today
from tracker.gallring import services
from tracker.gallring.plan import INFORMATION_KINDS, plan
from tracker.gallring.rules import Verdict
from tracker.municipality import load_municipality
from tracker.settings import get_settings


class Refused(Exception):
    pass


def lines_of(gone: list[Verdict]) -> list[str]:
    return [
        f"{INFORMATION_KINDS[v.candidate.kind].label}: {v.candidate.label} – {v.why} "
        f"Beslut: {v.decision}."
        for v in gone
    ]


async def dry_run(on: date | None = None) -> list[str]:
    day = on or today()
    gone = await services.preview(plan(), day)
    if not gone:
        return [f"Ingenting får gallras {day.isoformat()}."]
    return [
        f"{len(gone)} poster får gallras {day.isoformat()} (torrkörning, ingenting togs bort):",
        *lines_of(gone),
    ]


async def administrator(email: str) -> Principal:
    row = await Account.select().where(Account.email == email.strip().lower()).first()
    if row is None or not row["active"] or row["role"] != Role.ADMIN:
        raise Refused(f"{email} är inte ett aktivt administratörskonto. Ingenting gallrades.")
    return principal_of(row)


async def real_run(
    email: str, confirm: Callable[[list[str]], bool]
) -> tuple[list[str], int | None, bytes]:
    """Lines to print, the run's id and its protocol (None and b"" when nothing went)."""
    actor = await administrator(email)
    day = today()
    gone = await services.preview(plan(), day)
    if not gone:
        return [f"Ingenting får gallras {day.isoformat()}."], None, b""
    if not confirm([f"{len(gone)} poster tas bort:", *lines_of(gone)]):
        raise Refused("Inte bekräftat. Ingenting gallrades.")
    try:
        run_id = await services.run(plan(), day, actor, services.keys_of(gone))
    except services.NothingToRemove:
        return [f"Ingenting får gallras {day.isoformat()}."], None, b""
    except services.ListChanged as changed:
        raise Refused("Listan ändrades medan du bekräftade. Ingenting gallrades.") from changed
    municipality = load_municipality(get_settings().municipality_file)
    pdf, sha256 = await services.protocol(run_id, municipality, plan())
    row = await services.get_run(run_id)
    assert row is not None
    done = [
        f"Gallring {run_id}: {len(row['removed'])} poster togs bort av {actor.name}.",
        f"Gallringsprotokoll (PDF/A) SHA-256 {sha256}",
    ]
    return done, run_id, pdf

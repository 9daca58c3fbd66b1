"""Gallring of change-log entries, where the plan allows it (issue 17): a run removes exactly
the entries the plan lets go – old entries about accounts that are gone – never those that are
evidence, through one audited path, and the remaining log still verifies, also after an export
and import. Removing an entry any other way is still found."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import personas
from tests.audit.tampering import behind_the_guards
from tests.commands import run_tracker
from tests.gallring.factories import years_ago
from tests.gallring.test_gallring import protocol_text
from tests.reports.factories import ACTOR, lists, make_report
from tests.support import text_of, wipe_rows
from tracker import clock
from tracker.accounts import services as account_services
from tracker.accounts.permissions import Principal, system_actor
from tracker.accounts.tables import Account
from tracker.audit import disposal
from tracker.audit.chain import GAPS, first_break
from tracker.audit.services import record_change
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import today
from tracker.db import write_transaction
from tracker.gallring import services
from tracker.gallring.plan import FILE_NAME, Plan, load_plan
from tracker.gallring.rules import Candidate, judge
from tracker.municipality import load_municipality
from tracker.reports import freezing
from tracker.settings import get_settings
from tracker.transfer import TransferError, export_file, import_document, import_file

ADMIN = system_actor("Alva Administratör")
DECISION = "KS 2027/12 § 3"
KEPT = 'kind = "change-log-entry"\naction = "bevaras"'
ALLOWED = (
    'kind = "change-log-entry"\naction = "gallras"\nyears = 2\n'
    f'decision = "{DECISION}"\nrecord_types = ["account"]'
)


def plan_text(allowed: str = ALLOWED) -> str:
    text = (get_settings().lists_dir / FILE_NAME).read_text(encoding="utf-8")
    assert KEPT in text
    return text.replace(KEPT, allowed, 1)


def lists_dir_allowing(tmp_path: Path) -> Path:
    """A copy of the lists folder whose plan lets old entries about gone accounts go."""
    folder = tmp_path / "lists"
    shutil.copytree(get_settings().lists_dir, folder)
    (folder / FILE_NAME).write_text(plan_text(), encoding="utf-8")
    return folder


def allowing(tmp_path: Path) -> Plan:
    return load_plan(lists_dir_allowing(tmp_path) / FILE_NAME)


@dataclass
class Log:
    goes: set[int]  # old entries about the gone account
    evidence: set[int]  # its legal hold entries, the frozen report's, the first run's
    young: set[int]  # a recent entry about the gone account
    other: set[int]  # old entries about an account that is still there, and a project


async def _entry(entity_type: str, entity_id: int, summary: str) -> int:
    await record_change(
        actor=ADMIN, entity_type=entity_type, entity_id=entity_id, action="updated", summary=summary
    )
    row = (
        await ChangeLogEntry.select(ChangeLogEntry.id)
        .order_by(ChangeLogEntry.id, ascending=False)
        .first()
    )
    assert row is not None
    return int(row["id"])


async def _newest() -> int:
    rows = await ChangeLogEntry.select(ChangeLogEntry.id).order_by(
        ChangeLogEntry.id, ascending=False
    )
    return int(rows[0]["id"])


async def a_gone_account_and_its_log(plan: Plan, admin: Principal) -> Log:
    """An account deactivated three years ago, gallrad by a first run; its entries are
    interleaved with others', so removing them leaves several gaps."""
    log = Log(set(), set(), set(), set())
    with clock.at(years_ago(3)):
        leaver = (await personas.make_account("Slutat Kontosson", "editor")).id
        stays = (await personas.make_account("Kvar Kontosdotter", "editor")).id
        log.goes.add(await _entry("account", leaver, "Bytte roll."))
        log.other.add(await _entry("project", 1, "Ändrade titeln."))
        log.goes.add(await _entry("account", leaver, "Bytte e-postadress."))
        log.goes.add(await _entry("account", leaver, "Bytte namn."))
        log.other.add(await _entry("account", stays, "Bytte roll."))
        hold = await services.set_hold("account", leaver, "Tvist om anställningen", admin)
        log.evidence.add(await _newest())
        await services.remove_hold(hold, admin)
        log.evidence.add(await _newest())
        row = await Account.select().where(Account.id == leaver).first()
        await account_services.set_active(row, False, admin)
        log.goes.add(await _newest())
        report = await make_report(title="Fastställd rapport", diarienummer="KS 2023/0009")
        await freezing.freeze(report, 1, lists(), ACTOR)
    log.evidence |= {
        row["id"]
        for row in await ChangeLogEntry.select(ChangeLogEntry.id).where(
            ChangeLogEntry.action == "frozen"
        )
    }
    await services.run(plan, today(), admin)  # the account goes; its entries are still there
    assert not await Account.exists().where(Account.id == leaver)
    log.evidence.add(await _newest())
    log.young.add(await _entry("account", leaver, "Ett sent tillägg om kontot."))
    await _entry("project", 1, "Den nyaste posten.")  # the newest entry is never removed
    return log


async def test_a_run_removes_exactly_the_entries_the_plan_allows_and_the_log_verifies(
    db: None, tmp_path: Path
) -> None:
    plan = allowing(tmp_path)
    log = await a_gone_account_and_its_log(plan, ADMIN)
    before = {row["id"] for row in await ChangeLogEntry.select(ChangeLogEntry.id)}

    preview = await services.preview(plan, today())
    run_id = await services.run(plan, today(), ADMIN)

    assert {v.candidate.record_id for v in preview if v.candidate.kind == "change-log-entry"} == (
        log.goes
    )
    after = {row["id"] for row in await ChangeLogEntry.select(ChangeLogEntry.id)}
    assert before - after == log.goes
    assert log.evidence | log.young | log.other <= after
    assert (await first_break())[1] is None
    # The run's entry names each gap: the entry after it and the hash that entry carries.
    entry = (
        await ChangeLogEntry.select()
        .where(ChangeLogEntry.entity_id == run_id)
        .where(ChangeLogEntry.entity_type == "gallring")
        .output(load_json=True)
        .first()
    )
    assert entry is not None
    gaps = entry["changes"][GAPS][1]
    assert sum(gap["count"] for gap in gaps) == len(log.goes) and len(gaps) == 3
    carried = {
        row["id"]: row["prev_hash"]
        for row in await ChangeLogEntry.select(ChangeLogEntry.id, ChangeLogEntry.prev_hash)
    }
    assert all(carried[gap["next_id"]] == gap["prev_hash"] for gap in gaps)
    assert {gap["decision"] for gap in gaps} == {DECISION}
    assert "3 luckor" in entry["summary"]
    # The protocol counts them and lists each under the decision.
    run = await services.get_run(run_id)
    assert run is not None and run["counts"] == {"change-log-entry": len(log.goes)}
    pdf, _ = await services.protocol(
        run_id, load_municipality(get_settings().municipality_file), plan
    )
    text = protocol_text(pdf)
    assert f"Ändringsloggens post {min(log.goes)} (konto nummer" in text and DECISION in text
    # The guard is back: nothing else can remove an entry.
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.delete().where(ChangeLogEntry.id == min(log.other))


async def test_an_entry_removed_outside_gallring_still_breaks_the_chain(
    db: None, tmp_path: Path
) -> None:
    plan = allowing(tmp_path)
    log = await a_gone_account_and_its_log(plan, ADMIN)
    await services.run(plan, today(), ADMIN)
    assert (await first_break())[1] is None

    young = min(log.young)
    await behind_the_guards(f"DELETE FROM change_log WHERE id = {young}")

    _, broken = await first_break()
    after = await ChangeLogEntry.select(ChangeLogEntry.id).where(ChangeLogEntry.id > young).first()
    assert broken is not None and after is not None and broken.entry_id == after["id"]


async def test_evidence_never_goes_whatever_the_plan_says(db: None, tmp_path: Path) -> None:
    plan = allowing(tmp_path)
    entry = plan.entry("change-log-entry")
    for record_type, action in [
        ("account", "legal_hold_set"),
        ("account", "legal_hold_removed"),
        ("report", "frozen"),
        ("dialogue", "published"),
        ("project", "delivered_to_archive"),
        ("gallring", "disposed"),
        ("organisation", "updated"),  # not in the plan's record types
    ]:
        candidate = Candidate(
            "change-log-entry",
            7,
            "Ändringsloggens post 7",
            years_ago(20).date(),
            log_entry=(record_type, action),
        )
        assert not judge(candidate, entry, today(), set()).goes, (record_type, action)


async def test_a_failure_during_the_run_leaves_every_entry_and_the_guard(
    db: None, tmp_path: Path
) -> None:
    plan = allowing(tmp_path)
    log = await a_gone_account_and_its_log(plan, ADMIN)
    count = await ChangeLogEntry.count()

    with pytest.raises(RuntimeError, match="avbröts"):
        async with write_transaction():
            await disposal.remove_entries(log.goes, DECISION)
            raise RuntimeError("avbröts")
    with pytest.raises(disposal.NotInTransaction):
        await disposal.remove_entries(log.goes, DECISION)

    assert await ChangeLogEntry.count() == count
    with pytest.raises(Exception, match="append-only"):
        await ChangeLogEntry.delete().where(ChangeLogEntry.id == min(log.goes))
    assert (await first_break())[1] is None


async def test_the_log_after_such_a_run_exports_and_imports(db: None, tmp_path: Path) -> None:
    plan = allowing(tmp_path)
    log = await a_gone_account_and_its_log(plan, ADMIN)
    await services.run(plan, today(), ADMIN)
    path = tmp_path / "export.json"
    await export_file(str(path), quiet=True)
    document = json.loads(path.read_text(encoding="utf-8"))

    await wipe_rows()
    await import_file(str(path), quiet=True)

    assert (await first_break())[1] is None
    remaining = {row["id"] for row in await ChangeLogEntry.select(ChangeLogEntry.id)}
    assert remaining.isdisjoint(log.goes) and log.evidence <= remaining
    # The same file with one more entry taken out is refused.
    await wipe_rows()
    document["tables"]["change_log"] = [
        row for row in document["tables"]["change_log"] if row["id"] != min(log.young)
    ]
    with pytest.raises(TransferError, match="kedjan är bruten"):
        await import_document(document)


@pytest.mark.slow
async def test_the_dry_run_and_the_page_list_the_entries(
    client: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = lists_dir_allowing(tmp_path)
    plan = load_plan(folder / FILE_NAME)
    log = await a_gone_account_and_its_log(plan, ADMIN)
    monkeypatch.setenv("TRACKER_LISTS_DIR", str(folder))
    monkeypatch.setattr("tracker.gallring.controller.plan", lambda: plan)

    code, out, err = await run_tracker("gallra", "--dry-run")
    page = text_of((await client.get("/admin/gallring")).text)

    assert code == 0, err
    assert "Gallras 2 år efter posten skrevs (poster om konto)" in page  # the plan's rule
    for entry_id in log.goes:
        assert f"Ändringsloggens post {entry_id} (konto nummer" in out
        assert f"Ändringsloggens post {entry_id} (konto nummer" in page
    assert f"Ändringsloggens post {min(log.evidence)} " not in out
    assert f"{len(log.goes)} poster får gallras" in out

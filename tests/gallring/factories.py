"""Things old enough for the plan to let go, made through the real tables and services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.reports.factories import ACTOR, lists, make_report
from tracker import clock
from tracker.accounts import services as account_services
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account, SignInAttempt
from tracker.gallring import services
from tracker.insights import services as insight_services
from tracker.reports import freezing


def years_ago(years: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=round(365.25 * years))


async def failed_sign_in(when: datetime, *, succeeded: bool = False) -> int:
    attempt = SignInAttempt(
        email="okand@example.org", client="192.0.2.7", succeeded=succeeded, attempted_at=when
    )
    await attempt.save()
    return int(attempt.id)


@dataclass
class Setting:
    """What a gallring on today's date must remove (`goes`), and what it must keep."""

    goes: dict[str, set[int]] = field(default_factory=dict)
    kept: dict[str, set[int]] = field(default_factory=dict)

    def add(self, kind: str, record_id: int, goes: bool) -> None:
        (self.goes if goes else self.kept).setdefault(kind, set()).add(record_id)


async def _evidence(actor: Principal, dialogue_id: int, *, internal: bool, archived: bool) -> int:
    evidence_id = await insight_services.add_evidence(
        source_type="dialogue",
        source_id=dialogue_id,
        text="Anteckning från arbetsmötet om skyltningen.",
        speaker_category="tjänsteperson",
        internal=internal,
        actor=actor,
    )
    if archived:
        await insight_services.archive_evidence(evidence_id, "dialogue", dialogue_id, actor)
    return evidence_id


async def _report(title: str, diarienummer: str, *, frozen: bool = False) -> int:
    report = await make_report(title=title, diarienummer=diarienummer)
    if frozen:
        await freezing.freeze(report, 1, lists(), ACTOR)
    return int(report.id)


async def everything(admin: Principal) -> Setting:
    """Old and young things of every gallrable kind, some protected by the rules; and records
    the plan keeps (a dialogue, a collaboration) that no gallring may touch."""
    setting = Setting()
    setting.add("failed-sign-in", await failed_sign_in(years_ago(3)), True)
    setting.add("failed-sign-in", await failed_sign_in(years_ago(0.5)), False)  # too young
    await failed_sign_in(years_ago(3), succeeded=True)  # a successful one: not in the plan
    dialogue = await make_dialogue(title="Trygghet i centrum")
    held_dialogue = await make_dialogue(title="Ny lekplats")
    with clock.at(years_ago(3)):
        old_accounts = [
            await personas.make_account(f"Slutat {n}", "editor", email=f"slutat{n}@kommun.example")
            for n in range(2)
        ]
        for account in old_accounts:
            row = await Account.select().where(Account.id == account.id).first()
            await account_services.set_active(row, False, admin)
        old_internal = await _evidence(admin, dialogue.id, internal=True, archived=True)
        linked = await _evidence(admin, dialogue.id, internal=True, archived=True)
        public = await _evidence(admin, dialogue.id, internal=False, archived=True)
        held_evidence = await _evidence(admin, held_dialogue.id, internal=True, archived=True)
        await insight_services.create_insight(
            statement="Skyltningen är otydlig.",
            target_group="Besökare",
            evidence_ids=[linked],
            actor=admin,
        )
    with clock.at(years_ago(6)):
        old_draft = await _report("Övergivet utkast", "KS 2020/0001")
        held_draft = await _report("Utkast under utredning", "KS 2020/0002")
        frozen = await _report("Fastställd rapport", "KS 2020/0003", frozen=True)
    young = await personas.make_account("Nyss slutat", "editor", email="nyss@kommun.example")
    await account_services.set_active(
        await Account.select().where(Account.id == young.id).first(), False, admin
    )
    setting.add("deactivated-account", old_accounts[0].id, True)
    setting.add("deactivated-account", old_accounts[1].id, False)  # legal hold on the account
    setting.add("deactivated-account", young.id, False)
    setting.add("internal-evidence", old_internal, True)
    setting.add("internal-evidence", linked, False)  # backs an insight
    setting.add("internal-evidence", held_evidence, False)  # its dialogue is on legal hold
    setting.add("report-draft", old_draft, True)
    setting.add("report-draft", held_draft, False)
    setting.add("report-draft", frozen, False)
    await services.set_hold("account", old_accounts[1].id, "Tvist om anställningen", admin)
    await services.set_hold("dialogue", held_dialogue.id, "Begäran om utlämnande", admin)
    await services.set_hold("report", held_draft, "Granskning av revisorerna", admin)
    await make_collaboration(title="IOP Läxhjälp")
    assert public  # not internal: never a candidate
    return setting

"""Gallring against the real database (SQLite, and PostgreSQL with TRACKER_TEST_DATABASE_URL):
a run removes exactly what the plan allows – never what is kept, frozen, on legal hold or too
young – in one transaction; the protocol lists exactly what went; the change log records the
run and still verifies. Administrators preview, confirm and download the protocol."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.archive.checks import pdfa_part
from tests.commands import run_tracker
from tests.dialogues.factories import make_dialogue
from tests.gallring.factories import Setting, everything, failed_sign_in, years_ago
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal, system_actor
from tracker.accounts.tables import Account, SignInAttempt
from tracker.audit.chain import first_break
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import today
from tracker.collaborations.tables import Collaboration
from tracker.dialogues.tables import Dialogue
from tracker.gallring import services
from tracker.gallring.plan import plan
from tracker.gallring.tables import GallringRun, LegalHold
from tracker.insights.tables import Evidence
from tracker.municipality import load_municipality
from tracker.reports.tables import Report, ReportVersion
from tracker.settings import get_settings

ADMIN = system_actor("Alva Administratör")
TABLES: dict[str, Any] = {
    "failed-sign-in": SignInAttempt,
    "deactivated-account": Account,
    "internal-evidence": Evidence,
    "report-draft": Report,
}


async def present(kind: str, ids: set[int]) -> set[int]:
    table = TABLES[kind]
    rows = await table.select(table.id).where(table.id.is_in(list(ids)))
    return {row["id"] for row in rows}


async def assert_removed_exactly(setting: Setting) -> None:
    for kind, ids in setting.goes.items():
        assert await present(kind, ids) == set(), kind
    for kind, ids in setting.kept.items():
        assert await present(kind, ids) == ids, kind


def protocol_text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


@pytest.mark.slow
async def test_a_run_removes_exactly_what_the_plan_allows_and_the_protocol_lists_it(
    db: None,
) -> None:
    setting = await everything(ADMIN)
    before = await Dialogue.count(), await Collaboration.count(), await ReportVersion.count()

    preview = await services.preview(plan(), today())
    run_id = await services.run(plan(), today(), ADMIN)

    listed = {(v.candidate.kind, v.candidate.record_id) for v in preview}
    assert listed == {(kind, i) for kind, ids in setting.goes.items() for i in ids}
    await assert_removed_exactly(setting)
    # What the plan keeps is untouched: the dialogues, the collaboration, the frozen version.
    assert await Dialogue.count() == before[0] and await Collaboration.count() == before[1]
    assert await ReportVersion.count() == before[2] - 1  # the abandoned draft's one version
    run = await services.get_run(run_id)
    assert run is not None
    assert {(item["kind"], item["record_id"]) for item in run["removed"]} == listed
    assert run["counts"] == {kind: len(ids) for kind, ids in setting.goes.items()}
    # The protocol: PDF/A-2, naming every removed item, why and the decision, and nothing kept.
    pdf, sha256 = await services.protocol(
        run_id, load_municipality(get_settings().municipality_file), plan()
    )
    assert pdfa_part(pdf)[0] == "2"
    text = protocol_text(pdf)
    for item in run["removed"]:
        assert item["label"] in text
        assert item["decision"] in text
    assert "Utkast under utredning" not in text and "Fastställd rapport" not in text
    assert (await services.get_run(run_id) or {})["protocol_sha256"] == sha256
    # The change log records the run (counts and decisions) and still verifies end to end.
    entry = await ChangeLogEntry.select().where(ChangeLogEntry.action == "disposed").first()
    assert entry is not None and entry["entity_id"] == run_id
    assert "KS 2026/45 § 12" in entry["summary"]
    checked, broken = await first_break()
    assert broken is None and checked > 10
    # A second run finds nothing more.
    assert await services.preview(plan(), today()) == []
    with pytest.raises(services.NothingToRemove):
        await services.run(plan(), today(), ADMIN)


async def test_a_legal_hold_is_set_and_removed_by_an_administrator_and_logged(
    client: httpx.AsyncClient,
) -> None:
    held = (await make_dialogue()).id

    refused = await post_form(
        client,
        "/admin/gallring/bevarandebeslut",
        {"record_type": "dialogue", "record_id": "999999", "reason": ""},
    )
    saved = await post_form(
        client,
        "/admin/gallring/bevarandebeslut",
        {"record_type": "dialogue", "record_id": str(held), "reason": "Begäran om utlämnande"},
    )

    assert refused.status_code == 422
    assert "Skriv varför" in (field_error(refused.text, "reason") or "")
    assert saved.status_code == 303
    page = text_of((await client.get("/admin/gallring")).text)
    assert f"Dialog nummer {held}: Begäran om utlämnande" in page
    form = (await client.get(f"/admin/gallring?typ=dialogue&nummer={held}")).text
    assert field_value(form, "record_id") == str(held)  # a link may fill in the form
    hold = await LegalHold.select().first()
    assert hold is not None
    removed = await post_form(client, f"/admin/gallring/bevarandebeslut/{hold['id']}/ta-bort", {})
    assert removed.status_code == 303
    assert await LegalHold.count() == 0
    actions = [
        row["action"]
        for row in await ChangeLogEntry.select(ChangeLogEntry.action).where(
            (ChangeLogEntry.entity_type == "dialogue") & (ChangeLogEntry.entity_id == held)
        )
    ]
    assert actions[-2:] == ["legal_hold_set", "legal_hold_removed"]
    gone = await post_form(client, f"/admin/gallring/bevarandebeslut/{hold['id']}/ta-bort", {})
    assert gone.status_code == 404


@pytest.mark.slow
async def test_an_administrator_previews_confirms_and_downloads_the_protocol(
    client: httpx.AsyncClient,
) -> None:
    old = await failed_sign_in(years_ago(3))
    young = await failed_sign_in(years_ago(0.2))

    page = text_of((await client.get("/admin/gallring")).text)
    confirm = await client.get("/admin/gallring/bekrafta")
    digest = confirm.text.split('name="digest" value="')[1].split('"')[0]
    unticked = await post_form(client, "/admin/gallring/gallra", {"digest": digest})
    stale = await post_form(client, "/admin/gallring/gallra", {"digest": "x", "confirm": "ja"})
    assert await SignInAttempt.count() == 2  # nothing went yet
    done = await post_form(client, "/admin/gallring/gallra", {"digest": digest, "confirm": "ja"})

    assert "Gallras 1 år efter försöket" in page  # the plan is shown
    assert "Misslyckat inloggningsförsök" in page and "1 post får gallras" in page
    assert unticked.status_code == 422 and "Kryssa i" in text_of(unticked.text)
    assert stale.status_code == 409 and "Listan har ändrats" in text_of(stale.text)
    assert done.status_code == 303
    assert {row["id"] for row in await SignInAttempt.select(SignInAttempt.id)} == {young}
    run_page = await client.get(done.headers["location"])
    assert f"(nummer {old})" in text_of(run_page.text)
    download = await client.get(done.headers["location"] + "/gallringsprotokoll.pdf")
    assert download.headers["content-type"] == "application/pdf"
    assert pdfa_part(download.content)[0] == "2"
    assert f"(nummer {old})" in protocol_text(download.content)
    assert (await GallringRun.select(GallringRun.run_by).first() or {})["run_by"] == "Testanvändare"
    assert (await client.get("/admin/gallring/korningar/999")).status_code == 404


async def tracker(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    return await run_tracker("gallra", *args, stdin=stdin)


@pytest.mark.slow
async def test_the_command_lists_first_and_removes_only_when_confirmed(
    db: None, admin_user: Principal, tmp_path: Path
) -> None:
    old = await failed_sign_in(years_ago(3))

    dry = await tracker("--dry-run")
    no_admin = await tracker("--confirm")
    declined = await tracker("--admin", admin_user.email, stdin=b"nej\n")
    assert await SignInAttempt.count() == 1
    done = await tracker("--admin", admin_user.email, "--out", str(tmp_path), stdin=b"ja\n")

    assert dry[0] == 0 and f"(nummer {old})" in dry[1] and "torrkörning" in dry[1]
    assert no_admin[0] != 0 and "--admin" in no_admin[2]
    assert declined[0] != 0 and "Ingenting gallrades" in declined[2]
    assert done[0] == 0, done[2]
    assert await SignInAttempt.count() == 0
    run = await GallringRun.select(GallringRun.id).first()
    assert run is not None
    protocol = (tmp_path / f"gallringsprotokoll-{run['id']}.pdf").read_bytes()
    assert f"(nummer {old})" in protocol_text(protocol)
    assert admin_user.name in done[1]


async def test_a_run_removes_nothing_when_the_list_changed_after_it_was_shown(db: None) -> None:
    await failed_sign_in(years_ago(3))
    shown = services.keys_of(await services.preview(plan(), today()))
    await failed_sign_in(years_ago(4))  # became due meanwhile

    with pytest.raises(services.ListChanged):
        await services.run(plan(), today(), ADMIN, shown)

    assert await SignInAttempt.count() == 2
    assert await GallringRun.count() == 0
    assert await ChangeLogEntry.count().where(ChangeLogEntry.action == "disposed") == 0

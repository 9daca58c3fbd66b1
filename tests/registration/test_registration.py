"""Registration of official records: diarienummer in the municipality's format, registration
date and secrecy marking on dialogues, collaborations and reports – entered through each
record's edit form, shown on its page, logged, unique per kind, searchable and exported."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from tests.archive.checks import assert_valid_package
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import change_log, make_dialogue, stored_dialogue
from tests.reports.factories import ACTOR, lists, make_report, report_form
from tests.support import field_error, field_value, form_of, post_form, text_of, wipe_rows
from tracker.audit.tables import ChangeLogEntry
from tracker.collaborations.tables import Collaboration
from tracker.datafiles import DataFileError
from tracker.db import QUERIES
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue
from tracker.reports import freezing
from tracker.reports.tables import Report, ReportVersion
from tracker.shared.registration import load_diarium
from tracker.transfer import export_file, import_file


def edit_form(html: str, action: str, **changes: str) -> list[tuple[str, str]]:
    """The edit form as the page filled it, with the user's changes."""
    values = form_of(html, action) | changes
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


async def save_dialogue(
    client: httpx.AsyncClient, dialogue_id: int, **changes: str
) -> httpx.Response:
    page = (await client.get(f"/dialoger/{dialogue_id}/redigera")).text
    action = f"/dialoger/{dialogue_id}/redigera"
    return await post_form(client, action, edit_form(page, action, **changes))


async def test_a_dialogue_is_registered_through_its_edit_form_and_shows_it(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()

    response = await save_dialogue(
        client,
        dialogue.id,
        diarienummer="KS  2026/123",
        registered_on="2026-02-03",
        secrecy="OSL 21 kap. 7 §",
    )

    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert (stored.diarienummer, stored.registered_on, stored.secrecy) == (
        "KS 2026/123",
        date(2026, 2, 3),
        "OSL 21 kap. 7 §",
    )
    assert stored.version == dialogue.version + 1
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Diarienummer KS 2026/123" in page
    assert "Registrerad 2026-02-03" in page
    assert "Sekretess OSL 21 kap. 7 §" in page
    entry = (await change_log(dialogue.id))[-1]
    assert entry["changes"]["diarienummer"] == [None, "KS 2026/123"]
    assert entry["changes"]["secrecy"] == ["", "OSL 21 kap. 7 §"]


async def test_an_unregistered_dialogue_says_so(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()

    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)

    assert "Diarienummer Inte registrerad" in page
    assert "Sekretess Ingen (offentlig handling)" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"diarienummer": "2026-123"}, "diarienummer", "Skriv det som till exempel ”KS 2026/123”"),
        (
            {
                "diarienummer": "KS 2026/1",
                "registered_on": (date.today() + timedelta(3)).isoformat(),
            },
            "registered_on",
            "ligger i framtiden",
        ),
        ({"registered_on": "2026-01-05"}, "registered_on", "Skriv diarienumret"),
        ({"secrecy": "x" * 201}, "secrecy", "högst 200 tecken"),
    ],
)
async def test_a_wrong_registration_is_refused_beside_its_field_and_kept(
    client: httpx.AsyncClient, changes: dict[str, str], field: str, message: str
) -> None:
    dialogue = await make_dialogue()

    response = await save_dialogue(client, dialogue.id, **changes)

    assert response.status_code == 422
    assert message in (field_error(response.text, field) or "")
    for name, value in changes.items():
        assert field_value(response.text, name) == value
    assert (await stored_dialogue(dialogue.id)).version == dialogue.version


async def test_a_diarienummer_belongs_to_one_dialogue_only(client: httpx.AsyncClient) -> None:
    first = await make_dialogue(title="Trygghet i centrum", diarienummer="KS 2026/7")
    second = await make_dialogue(title="Ny lekplats")

    response = await save_dialogue(client, second.id, diarienummer="KS 2026/7")

    assert response.status_code == 422
    message = field_error(response.text, "diarienummer") or ""
    assert "KS 2026/7 används redan av dialogen ”Trygghet i centrum”" in message
    assert (await stored_dialogue(second.id)).diarienummer is None
    # Saving the first one again with its own number is no duplicate.
    assert (await save_dialogue(client, first.id, secrecy="OSL 21 kap. 7 §")).status_code == 303


async def test_a_collaboration_is_registered_and_a_duplicate_is_refused(
    client: httpx.AsyncClient,
) -> None:
    agreement = await make_collaboration(title="IOP Läxhjälp", diarienummer="KFN 2026/40")
    other = await make_collaboration(title="Lokal överenskommelse")
    action = f"/samverkan/{other.id}/redigera"
    page = (await client.get(action)).text

    refused = await post_form(client, action, edit_form(page, action, diarienummer="KFN 2026/40"))
    saved = await post_form(
        client,
        action,
        edit_form(page, action, diarienummer="KFN 2026/41", registered_on="2026-01-10"),
    )

    assert refused.status_code == 422
    assert "”IOP Läxhjälp”" in (field_error(refused.text, "diarienummer") or "")
    assert saved.status_code == 303
    shown = text_of((await client.get(f"/samverkan/{other.id}")).text)
    assert "Diarienummer KFN 2026/41" in shown
    assert "Registrerad 2026-01-10" in shown
    assert agreement.id != other.id


async def test_a_report_needs_a_diarienummer_in_the_format_and_unique(
    client: httpx.AsyncClient,
) -> None:
    await make_report(title="Återrapportering 2026", diarienummer="KS 2026/0001")

    wrong = await post_form(client, "/rapporter", report_form(diarienummer="dnr 1"))
    taken = await post_form(client, "/rapporter", report_form(diarienummer="KS 2026/0001"))
    created = await post_form(
        client,
        "/rapporter",
        report_form(diarienummer="KS 2026/0002", registered_on="2026-03-01", secrecy=""),
    )

    assert wrong.status_code == 422
    assert "”KS 2026/123”" in (field_error(wrong.text, "diarienummer") or "")
    assert taken.status_code == 422
    assert "”Återrapportering 2026”" in (field_error(taken.text, "diarienummer") or "")
    assert created.status_code == 303
    report = await Report.objects().get(Report.diarienummer == "KS 2026/0002")
    assert report is not None and report.registered_on == date(2026, 3, 1)
    page = text_of((await client.get(created.headers["location"])).text)
    assert "Registrerad 2026-03-01" in page


async def test_the_lists_find_a_record_by_its_diarienummer(client: httpx.AsyncClient) -> None:
    await make_dialogue(title="Trygghet i centrum", diarienummer="KS 2026/55")
    await make_dialogue(title="Ny lekplats")
    await make_collaboration(title="IOP Läxhjälp", diarienummer="KFN 2026/9")
    await make_collaboration(title="Föreningsstöd Norr")
    await make_report(title="Återrapportering 2026", diarienummer="KS 2026/0099")
    await make_report(title="Annan rapport", diarienummer="KS 2025/0001")

    dialogues = text_of((await client.get("/dialoger", params={"q": "ks 2026/55"})).text)
    collaborations = text_of((await client.get("/samverkan", params={"q": "KFN 2026"})).text)
    reports = text_of((await client.get("/rapporter", params={"q": "2026/0099"})).text)

    assert "Trygghet i centrum" in dialogues and "Ny lekplats" not in dialogues
    assert "IOP Läxhjälp" in collaborations and "Föreningsstöd Norr" not in collaborations
    assert "Återrapportering 2026" in reports and "Annan rapport" not in reports


async def test_the_exports_carry_the_registration(client: httpx.AsyncClient) -> None:
    await make_dialogue(
        title="Trygghet i centrum",
        diarienummer="KS 2026/55",
        registered_on=date(2026, 1, 2),
        secrecy="OSL 21 kap. 7 §",
    )
    await make_collaboration(title="IOP Läxhjälp", diarienummer="KFN 2026/9")

    dialogues = (await client.get("/dialoger/export.csv")).text
    collaborations = (await client.get("/samverkan/export.csv")).text
    api = (await client.get("/api/v1/dialogues")).json()

    assert "Diarienummer" in dialogues.splitlines()[0]
    assert (
        "KS 2026/55" in dialogues and "2026-01-02" in dialogues and "OSL 21 kap. 7 §" in dialogues
    )
    assert "KFN 2026/9" in collaborations
    item = api["items"][0] if "items" in api else api[0]
    assert item["diarienummer"] == "KS 2026/55"
    assert item["secrecy"] == "OSL 21 kap. 7 §"


def test_the_format_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "diarium.toml"
    path.write_text('pattern = "KS \\\\d{4}/\\\\d+"\nexample = "KS 2026/1"\n', encoding="utf-8")
    assert load_diarium(path).problem("KS 2026/77") is None
    path.write_text('pattern = "KS \\\\d{4}/\\\\d+"\nexample = "BUN 2026/1"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="example"):
        load_diarium(path)
    path.write_text('pattern = "KS ("\nexample = "KS"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="reguljärt uttryck"):
        load_diarium(path)


@pytest.mark.slow
async def test_the_delivery_package_names_the_case_by_its_diarienummer(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    dialogue = await make_dialogue(
        state=State.FED_BACK,
        diarienummer="KS 2026/88",
        registered_on=date(2026, 1, 15),
        secrecy="OSL 21 kap. 7 §",
    )

    response = await post_form(client, f"/arkiv/dialoger/{dialogue.id}/leverera", {})

    assert response.status_code == 200
    root = assert_valid_package(response.content, tmp_path)  # E-ARK and the ERMS schema
    erms = (root / "metadata/descriptive/erms.xml").read_text()
    assert "<objectId>KS 2026/88</objectId>" in erms
    assert '<date dateType="opened">2026-01-15T00:00:00</date>' in erms
    assert "<regulation>OSL 21 kap. 7 §</regulation>" in erms


async def test_the_json_export_and_import_keep_the_registration(db: None, tmp_path: Path) -> None:
    await make_dialogue(diarienummer="KS 2026/5", registered_on=date(2026, 2, 1), secrecy="OSL")
    await make_collaboration(diarienummer="KFN 2026/6", registered_on=date(2026, 2, 2))
    await make_report(diarienummer="KS 2026/0007", registered_on=date(2026, 2, 3), secrecy="x")
    path = tmp_path / "export.json"
    await export_file(str(path), quiet=True)
    document = json.loads(path.read_text(encoding="utf-8"))

    await wipe_rows()
    await import_file(str(path), quiet=True)

    assert document["tables"]["dialogue"][0]["diarienummer"] == "KS 2026/5"
    dialogue = await Dialogue.objects().first()
    collaboration = await Collaboration.objects().first()
    report = await Report.objects().first()
    assert dialogue and (dialogue.diarienummer, dialogue.registered_on, dialogue.secrecy) == (
        "KS 2026/5",
        date(2026, 2, 1),
        "OSL",
    )
    assert collaboration and collaboration.registered_on == date(2026, 2, 2)
    assert report and (report.registered_on, report.secrecy) == (date(2026, 2, 3), "x")


async def test_a_frozen_report_gets_its_registration_date_and_secrecy(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report(diarienummer="KS 2026/0010")
    await freezing.freeze(report, 1, lists(), ACTOR)
    page = await client.get(f"/rapporter/{report.id}/registrering")
    form = form_of(page.text, f"/rapporter/{report.id}/registrering")

    future = (date.today() + timedelta(days=2)).isoformat()
    refused = await post_form(
        client, f"/rapporter/{report.id}/registrering", form | {"registered_on": future}
    )
    saved = await post_form(
        client,
        f"/rapporter/{report.id}/registrering",
        form | {"registered_on": "2026-03-25", "secrecy": "OSL 21 kap. 7 §"},
    )

    assert "KS 2026/0010" in text_of(page.text)
    assert refused.status_code == 422
    assert "ligger i framtiden" in (field_error(refused.text, "registered_on") or "")
    assert saved.status_code == 303
    stored = await Report.objects().get(Report.id == report.id)
    assert stored is not None
    assert (stored.registered_on, stored.secrecy) == (date(2026, 3, 25), "OSL 21 kap. 7 §")
    shown = text_of((await client.get(f"/rapporter/{report.id}/versioner/1")).text)
    assert "Registrerad 2026-03-25" in shown and "Sekretess OSL 21 kap. 7 §" in shown
    assert freezing.verify(await ReportVersion.objects().get(ReportVersion.report == report.id))
    logged = (
        await ChangeLogEntry.select(ChangeLogEntry.changes)
        .where(
            (ChangeLogEntry.entity_type == "report")
            & (ChangeLogEntry.summary == "Ändrade registreringen.")
        )
        .output(load_json=True)
    )
    assert logged[0]["changes"]["secrecy"] == ["", "OSL 21 kap. 7 §"]
    assert (await client.get("/rapporter/999999/registrering")).status_code == 404


async def test_the_registration_page_issues_a_bounded_number_of_queries(
    client: httpx.AsyncClient,
) -> None:
    counts = []
    for number in ("KS 2026/0020", "KS 2026/0021"):
        report = await make_report(diarienummer=number)
        if number.endswith("21"):  # more to it: frozen, with a new draft
            await freezing.freeze(report, 1, lists(), ACTOR)
            await post_form(client, f"/rapporter/{report.id}/ny-version", {})
        QUERIES.reset()
        assert (await client.get(f"/rapporter/{report.id}/registrering")).status_code == 200
        counts.append(QUERIES.count)
    assert counts[0] == counts[1]
